package dev.vigil.gateway.spool;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The spool's RocksDB database: records by sequence number (column family {@code default}),
 * dead letters ({@code dead_letters}) and the replay cursor ({@code meta}). Appends are synced
 * WriteBatches (the WAL is fsynced before they return); replayed ranges are removed with
 * {@code deleteRange}. Thread-safe: one thread appends, one replays.
 *
 * <p>Opening recovers to the last consistent point: a torn WAL tail is dropped
 * ({@link WALRecoveryMode#PointInTimeRecovery}); see {@link SpoolRecovery} for corrupted files.
 */
public final class SpoolStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }
    private static final byte[] CURSOR = "cursor".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final DBOptions options;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle records;
    private final ColumnFamilyHandle deadLetters;
    private final ColumnFamilyHandle meta;
    private final WriteOptions sync = new WriteOptions().setSync(true);
    private final WriteOptions async = new WriteOptions();

    private SpoolStore(Path dir, DBOptions options, ColumnFamilyOptions cfOptions, RocksDB db,
                       List<ColumnFamilyHandle> handles) {
        this.dir = dir;
        this.options = options;
        this.cfOptions = cfOptions;
        this.db = db;
        this.records = handles.get(0);
        this.deadLetters = handles.get(1);
        this.meta = handles.get(2);
    }

    /** Opens (or creates) the database in {@code dir}; throws when RocksDB cannot open it. */
    static SpoolStore open(Path dir) throws RocksDBException {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the spool directory " + dir + ": " + e.getMessage(), e);
        }
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setParanoidChecks(true)
                .setMaxTotalWalSize(256L << 20);
        ColumnFamilyOptions cf = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
                new ColumnFamilyDescriptor("dead_letters".getBytes(StandardCharsets.US_ASCII), cf),
                new ColumnFamilyDescriptor("meta".getBytes(StandardCharsets.US_ASCII), cf));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            return new SpoolStore(dir, options, cf, db, handles);
        } catch (RocksDBException e) {
            options.close();
            cf.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    /** Appends records {@code firstSeq, firstSeq+1, ...} with the given values, fsynced before it returns. */
    void append(long firstSeq, List<byte[]> values) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            long seq = firstSeq;
            for (byte[] v : values) batch.put(records, SpoolRecord.key(seq++), v);
            db.write(sync, batch);
        }
    }

    /**
     * Records with sequence numbers from {@code fromSeq} on, in order, until {@code maxLines} lines
     * are reached (at least one record when there is one).
     */
    List<SpoolRecord> read(long fromSeq, int maxLines) throws RocksDBException {
        List<SpoolRecord> out = new ArrayList<>();
        int lines = 0;
        try (RocksIterator it = db.newIterator(records)) {
            for (it.seek(SpoolRecord.key(fromSeq)); it.isValid() && lines < maxLines; it.next()) {
                SpoolRecord r = SpoolRecord.decode(it.key(), it.value());
                out.add(r);
                lines += r.lines();
            }
            it.status();
        }
        return out;
    }

    /** Marks records up to {@code lastSeq} replayed: moves the cursor and deletes {@code [firstSeq, lastSeq]}. */
    void commit(long firstSeq, long lastSeq) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(meta, CURSOR, SpoolRecord.key(lastSeq));
            batch.deleteRange(records, SpoolRecord.key(firstSeq), SpoolRecord.key(lastSeq + 1));
            // not synced: losing this on a crash only replays the range again, which InfluxDB absorbs
            db.write(async, batch);
        }
    }

    /** Moves a refused batch to the dead letters and past the cursor, in one atomic write. */
    void deadLetter(DeadLetter d) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(deadLetters, SpoolRecord.key(d.firstSeq()), d.value());
            batch.put(meta, CURSOR, SpoolRecord.key(d.lastSeq()));
            batch.deleteRange(records, SpoolRecord.key(d.firstSeq()), SpoolRecord.key(d.lastSeq() + 1));
            db.write(sync, batch);
        }
    }

    /** Every dead letter, oldest first. */
    public List<DeadLetter> deadLetters() throws RocksDBException {
        List<DeadLetter> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(deadLetters)) {
            for (it.seekToFirst(); it.isValid(); it.next()) out.add(DeadLetter.decode(it.key(), it.value()));
            it.status();
        }
        return out;
    }

    /** Re-queues a dead letter as a new record {@code seq} at the spool's end and removes it from the dead letters. */
    void requeue(DeadLetter d, long seq, long now) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(records, SpoolRecord.key(seq), SpoolRecord.value(now, d.lines(), d.text()));
            batch.delete(deadLetters, SpoolRecord.key(d.firstSeq()));
            db.write(sync, batch);
        }
    }

    /** Writes records under their own sequence numbers, dead letters and the cursor (salvage after corruption). */
    void restore(List<SpoolRecord> rs, List<DeadLetter> ds, Long cursor) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            for (SpoolRecord r : rs) batch.put(records, SpoolRecord.key(r.seq()), SpoolRecord.value(r.appendedAt(), r.lines(), r.text()));
            for (DeadLetter d : ds) batch.put(deadLetters, SpoolRecord.key(d.firstSeq()), d.value());
            if (cursor != null) batch.put(meta, CURSOR, SpoolRecord.key(cursor));
            db.write(sync, batch);
        }
    }

    /** Iterator over the dead letters (salvage after corruption). */
    RocksIterator deadLetterIterator() {
        return db.newIterator(deadLetters);
    }

    /** The sequence number of the last replayed record, or 0 when nothing was replayed yet. */
    long cursor() throws RocksDBException {
        byte[] v = db.get(meta, CURSOR);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** The highest sequence number in use (records, cursor and dead letters), 0 in a new spool. */
    long lastSeq() throws RocksDBException {
        long last = cursor();
        for (ColumnFamilyHandle cf : List.of(records, deadLetters)) {
            try (RocksIterator it = db.newIterator(cf)) {
                it.seekToLast();
                if (it.isValid()) last = Math.max(last, SpoolRecord.seq(it.key()));
                it.status();
            }
        }
        return last;
    }

    /** Iterator over the records, for the start-up scan (verifies block checksums). */
    RocksIterator recordIterator() {
        ReadOptions ro = new ReadOptions().setVerifyChecksums(true).setFillCache(false);
        return db.newIterator(records, ro);
    }

    /** Bytes of SST files on disk (RocksDB's own figure). */
    long diskBytes() {
        try {
            return db.getLongProperty(records, "rocksdb.total-sst-files-size")
                    + db.getLongProperty(records, "rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            return -1;
        }
    }

    /** Asks RocksDB to compact the record range, freeing the files of replayed (deleted) records. */
    void compact() {
        try {
            db.compactRange(records);
        } catch (RocksDBException e) {
            // space is freed by background compaction later anyway
        }
    }

    /** Flushes memtables to files (so a restart need not replay the WAL) and closes the database. */
    @Override
    public void close() {
        try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
            db.flush(f, List.of(records, deadLetters, meta));
        } catch (RocksDBException e) {
            // the WAL still holds everything
        }
        records.close();
        deadLetters.close();
        meta.close();
        db.close();
        sync.close();
        async.close();
        options.close();
        cfOptions.close();
    }
}
