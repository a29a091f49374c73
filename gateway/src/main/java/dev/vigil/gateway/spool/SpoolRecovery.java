package dev.vigil.gateway.spool;

import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Opens the spool at start-up whatever state a crash or a disk left it in, and never refuses to
 * start: a torn WAL tail is dropped by RocksDB itself (point-in-time recovery); then every record
 * is read once with block checksums verified, which also counts the backlog. When a file is
 * corrupted, the readable records (forwards up to the damage, backwards from the end down to it)
 * are copied into a new database, the damaged one is moved aside and the log says which sequence
 * numbers were lost. When RocksDB cannot open the directory at all, it is moved aside and an empty
 * spool started, with an error naming where the old files are.
 */
final class SpoolRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);
    private static final int COPY_BATCH = 1000;

    /** An opened spool and its backlog. */
    record Opened(SpoolStore store, long bytes, long readings, long records, long oldestAppendedAt) {}

    private record Scan(long bytes, long readings, long records, long oldest, Exception error) {}

    private SpoolRecovery() {}

    static Opened open(Path dir) throws RocksDBException {
        SpoolStore store;
        try {
            store = SpoolStore.open(dir);
        } catch (RocksDBException e) {
            // another process (a second gateway) holds the spool: never move a live spool aside
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("lock")) throw e;
            Path aside = moveAside(dir);
            LOG.error("SPOOL LOST: the spool at {} cannot be opened ({}); moved it to {} and started an empty spool. "
                    + "Readings that were spooled there and not yet in InfluxDB are not replayed", dir, e.getMessage(), aside);
            return new Opened(SpoolStore.open(dir), 0, 0, 0, 0);
        }
        Scan scan = scan(store);
        if (scan.error == null) {
            if (scan.records > 0) {
                LOG.info("spool at {}: {} readings ({} bytes) waiting for InfluxDB", dir, scan.readings, scan.bytes);
            }
            return new Opened(store, scan.bytes, scan.readings, scan.records, scan.oldest);
        }
        LOG.error("spool at {} is corrupted ({}); salvaging the readable records", dir, scan.error.getMessage());
        Path salvage = dir.resolveSibling(dir.getFileName() + ".salvage");
        deleteTree(salvage);
        long[] lost;
        try (SpoolStore target = SpoolStore.open(salvage)) {
            lost = salvage(store, target);
        }
        store.close();
        Path aside = moveAside(dir);
        try {
            Files.move(salvage, dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot move the salvaged spool " + salvage + " to " + dir + ": " + e.getMessage(), e);
        }
        SpoolStore fresh = SpoolStore.open(dir);
        Scan again = scan(fresh);
        LOG.error("SPOOL DAMAGED: recovered {} records ({} readings); lost {} records (sequence numbers {} to {}) that "
                        + "were not yet in InfluxDB; the damaged files are kept at {}",
                again.records, again.readings, lost[2], lost[0], lost[1], aside);
        return new Opened(fresh, again.bytes, again.readings, again.records, again.oldest);
    }

    private static Scan scan(SpoolStore store) {
        long bytes = 0, readings = 0, records = 0, oldest = 0;
        try (RocksIterator it = store.recordIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                SpoolRecord r = SpoolRecord.decode(it.key(), it.value());
                if (records == 0) oldest = r.appendedAt();
                bytes += r.size();
                readings += r.lines();
                records++;
            }
            it.status();
        } catch (RocksDBException | RuntimeException e) {
            return new Scan(bytes, readings, records, oldest, e);
        }
        return new Scan(bytes, readings, records, oldest, null);
    }

    /** Copies what is readable; returns {first lost seq, last lost seq, lost count} (counts are of sequence numbers). */
    private static long[] salvage(SpoolStore from, SpoolStore to) throws RocksDBException {
        long lastForward = -1;
        List<SpoolRecord> batch = new ArrayList<>();
        try (RocksIterator it = from.recordIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                SpoolRecord r = SpoolRecord.decode(it.key(), it.value());
                batch.add(r);
                lastForward = r.seq();
                if (batch.size() >= COPY_BATCH) flush(to, batch);
            }
            it.status();
        } catch (RocksDBException | RuntimeException e) {
            LOG.warn("spool salvage: reading forwards stopped after sequence number {}: {}", lastForward, e.getMessage());
        }
        flush(to, batch);
        long firstBackward = Long.MAX_VALUE;
        try (RocksIterator it = from.recordIterator()) {
            for (it.seekToLast(); it.isValid(); it.prev()) {
                SpoolRecord r = SpoolRecord.decode(it.key(), it.value());
                if (r.seq() <= lastForward) break;
                batch.add(r);
                firstBackward = r.seq();
                if (batch.size() >= COPY_BATCH) flush(to, batch);
            }
            it.status();
        } catch (RocksDBException | RuntimeException e) {
            LOG.warn("spool salvage: reading backwards stopped before sequence number {}: {}", firstBackward, e.getMessage());
        }
        flush(to, batch);
        List<DeadLetter> dead = new ArrayList<>();
        try (RocksIterator it = from.deadLetterIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) dead.add(DeadLetter.decode(it.key(), it.value()));
            it.status();
        } catch (RocksDBException | RuntimeException e) {
            LOG.warn("spool salvage: {} dead letters readable: {}", dead.size(), e.getMessage());
        }
        Long cursor = null;
        try {
            cursor = from.cursor();
        } catch (RocksDBException e) {
            LOG.warn("spool salvage: cursor unreadable: {}", e.getMessage());
        }
        to.restore(List.of(), dead, cursor);
        long firstLost = lastForward < 0 ? (cursor == null ? 1 : cursor + 1) : lastForward + 1;
        long lastLost = firstBackward == Long.MAX_VALUE ? -1 : firstBackward - 1;
        if (lastLost < 0) {
            // nothing readable after the damage: the last sequence number in use is unknown, say so
            return new long[] {firstLost, Long.MAX_VALUE, 0};
        }
        return new long[] {firstLost, lastLost, Math.max(0, lastLost - firstLost + 1)};
    }

    private static void flush(SpoolStore to, List<SpoolRecord> batch) throws RocksDBException {
        if (batch.isEmpty()) return;
        to.restore(batch, List.of(), null);
        batch.clear();
    }

    private static Path moveAside(Path dir) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path aside = dir.resolveSibling(dir.getFileName() + ".damaged-" + stamp);
        for (int i = 1; Files.exists(aside); i++) aside = dir.resolveSibling(dir.getFileName() + ".damaged-" + stamp + "-" + i);
        try {
            Files.move(dir, aside);
        } catch (IOException e) {
            throw new IllegalStateException("cannot move the damaged spool " + dir + " aside to " + aside + ": " + e.getMessage(), e);
        }
        return aside;
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
