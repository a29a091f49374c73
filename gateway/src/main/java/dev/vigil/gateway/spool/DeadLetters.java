package dev.vigil.gateway.spool;

import org.rocksdb.RocksDBException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and re-queues the spool's dead letters for {@code vigil spool dead-letters}. Opens the
 * spool itself, so it needs the gateway stopped (RocksDB allows one process per database).
 */
public final class DeadLetters implements AutoCloseable {
    private final SpoolStore store;

    private DeadLetters(SpoolStore store) {
        this.store = store;
    }

    /** Opens the spool in {@code dir}; fails with a message saying what to do when it is in use or missing. */
    public static DeadLetters open(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalStateException("no spool at " + dir + " (see spool.dir in the config)");
        try {
            return new DeadLetters(SpoolStore.open(dir));
        } catch (RocksDBException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("lock")) {
                throw new IllegalStateException("the spool at " + dir + " is in use by a running gateway; stop it first ("
                        + m + ")");
            }
            throw new IllegalStateException("cannot open the spool at " + dir + ": " + m, e);
        }
    }

    /** Every dead letter, oldest first. */
    public List<DeadLetter> list() throws RocksDBException {
        return store.deadLetters();
    }

    /** Moves every dead letter back to the end of the spool (the gateway replays them at its next start); returns how many. */
    public int retryAll() throws RocksDBException {
        List<DeadLetter> all = store.deadLetters();
        long seq = store.lastSeq() + 1;
        long now = System.currentTimeMillis();
        for (DeadLetter d : all) store.requeue(d, seq++, now);
        return all.size();
    }

    @Override
    public void close() {
        store.close();
    }
}
