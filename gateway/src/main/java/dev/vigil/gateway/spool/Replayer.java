package dev.vigil.gateway.spool;

import dev.vigil.gateway.storage.InfluxWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the spool into InfluxDB in order on its own thread: reads records after the cursor,
 * writes them in batches through the one {@link InfluxWriter}, and only after a 2xx moves the
 * cursor and deletes the range. 5xx, timeouts and refused connections are retried with
 * exponential backoff while the spool keeps taking readings; a 400 moves the batch to the dead
 * letters with InfluxDB's error; 404 (database not found) and 401/403 are configuration errors,
 * logged loudly, shown on {@code /ready} and retried with backoff until fixed.
 */
final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    /** What the replayer is doing, for {@code /ready}. */
    enum State { CAUGHT_UP, REPLAYING, RETRYING, CONFIG_ERROR }

    private final SpoolStore store;
    private final InfluxWriter writer;
    private final SpoolConfig config;
    private final SpoolSink.Accounting accounting;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private static final long COMPACT_AFTER_BYTES = 64L << 20;
    private long cursor;
    private long replayedSinceCompaction;
    private volatile long committed;
    private boolean databaseChecked;
    private volatile State state = State.REPLAYING;
    private volatile String lastError;
    private volatile boolean closing;

    Replayer(SpoolStore store, InfluxWriter writer, SpoolConfig config, SpoolSink.Accounting accounting, long cursor) {
        this.store = store;
        this.writer = writer;
        this.config = config;
        this.accounting = accounting;
        this.cursor = cursor;
        this.thread = new Thread(this::run, "vigil-spool-replay");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Wakes the replayer after records up to {@code seq} were committed. */
    void wake(long seq) {
        committed = seq;
        lock.lock();
        try {
            appended.signal();
        } finally {
            lock.unlock();
        }
    }

    State state() {
        return state;
    }

    /** The last error InfluxDB (or the connection) gave, or null after a success. */
    String lastError() {
        return lastError;
    }

    private void run() {
        long backoff = config.backoffInitialMs();
        while (!closing) {
            List<SpoolRecord> batch;
            try {
                if (!databaseChecked) createDatabase();
                batch = store.read(cursor + 1, config.replayBatch());
            } catch (Exception e) {
                if (closing) return;
                fail(State.RETRYING, e.getMessage());
                pause(backoff);
                backoff = Math.min(backoff * 2, config.backoffMaxMs());
                continue;
            }
            if (batch.isEmpty()) {
                if (replayedSinceCompaction > COMPACT_AFTER_BYTES) {
                    store.compact(); // give the files of a drained backlog back to the disk now
                    replayedSinceCompaction = 0;
                }
                state = State.CAUGHT_UP;
                accounting.headAppendedAt(0);
                awaitAppend();
                continue;
            }
            accounting.headAppendedAt(batch.get(0).appendedAt());
            if (state == State.CAUGHT_UP) state = State.REPLAYING;
            Outcome o = write(batch);
            if (o == Outcome.DONE) {
                backoff = config.backoffInitialMs();
            } else {
                pause(backoff);
                backoff = Math.min(backoff * 2, config.backoffMaxMs());
            }
        }
    }

    private enum Outcome { DONE, RETRY }

    private Outcome write(List<SpoolRecord> batch) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int lines = 0;
        long bytes = 0;
        for (SpoolRecord r : batch) {
            body.write(r.text(), 0, r.text().length);
            lines += r.lines();
            bytes += r.size();
        }
        long first = batch.get(0).seq();
        long last = batch.get(batch.size() - 1).seq();
        try {
            writer.write(body.toString(StandardCharsets.UTF_8), lines);
            store.commit(first, last);
            cursor = last;
            if (lastError != null) {
                LOG.info("spool: InfluxDB takes writes again; replaying the backlog ({} readings waiting)",
                        accounting.pendingReadings());
            }
            accounting.replayed(lines, bytes);
            replayedSinceCompaction += bytes;
            state = State.REPLAYING;
            lastError = null;
            return Outcome.DONE;
        } catch (InfluxWriter.WriteFailure f) {
            switch (f.outcome()) {
                case REFUSED -> {
                    return deadLetter(batch, body.toByteArray(), lines, bytes, f.getMessage());
                }
                case CONFIG_ERROR -> {
                    if (f.status() == 404 && writer.config().createDatabase()) databaseChecked = false;
                    fail(State.CONFIG_ERROR, "CONFIGURATION ERROR: " + f.getMessage() + " (readings stay in the spool "
                            + "until this is fixed)");
                }
                default -> fail(State.RETRYING, f.getMessage());
            }
            return Outcome.RETRY;
        } catch (Exception e) {
            fail(State.RETRYING, "spool commit failed: " + e.getMessage());
            return Outcome.RETRY;
        }
    }

    private Outcome deadLetter(List<SpoolRecord> batch, byte[] text, int lines, long bytes, String error) {
        long first = batch.get(0).seq();
        long last = batch.get(batch.size() - 1).seq();
        try {
            store.deadLetter(new DeadLetter(first, last, System.currentTimeMillis(), error, lines, text));
        } catch (Exception e) {
            fail(State.RETRYING, "cannot move a refused batch to the dead letters: " + e.getMessage());
            return Outcome.RETRY;
        }
        cursor = last;
        accounting.deadLettered(lines, bytes);
        LOG.error("spool: InfluxDB refused a batch of {} readings (records {} to {}); moved it to the dead letters "
                + "(list: vigil spool dead-letters): {}", lines, first, last, error);
        return Outcome.DONE;
    }

    private void createDatabase() {
        if (writer.config().createDatabase()) writer.createDatabase();
        databaseChecked = true;
    }

    private void fail(State s, String error) {
        // one line per change of state (InfluxWriter's own log reports repeated write failures, rate-limited)
        boolean changed = state != s || (s == State.CONFIG_ERROR && !error.equals(lastError));
        state = s;
        lastError = error;
        if (changed) {
            if (s == State.CONFIG_ERROR) LOG.error("spool: {}", error);
            else LOG.warn("spool: InfluxDB unavailable, keeping readings in the spool ({} waiting): {}",
                    accounting.pendingReadings(), error);
        }
    }

    private void awaitAppend() {
        lock.lock();
        try {
            if (committed <= cursor) appended.await(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            closing = true;
        } finally {
            lock.unlock();
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            closing = true;
        }
    }

    /** Stops after the current write. Blocking. */
    void close() throws InterruptedException {
        closing = true;
        thread.interrupt();
        thread.join(writer.config().timeoutMs() * 2);
    }
}
