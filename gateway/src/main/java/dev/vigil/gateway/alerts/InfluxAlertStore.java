package dev.vigil.gateway.alerts;

import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.storage.InfluxWriter;
import dev.vigil.gateway.storage.LineSink;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stores alert events and device last-seen times in InfluxDB and reads them back at start-up.
 * Writes are queued (bounded) and handed in batches, as line protocol, by one dedicated thread
 * (never an event loop) to a {@link LineSink}: the spool, the same path as readings; a failed write is
 * retried with growing pauses until it succeeds or the store closes, so a
 * short InfluxDB outage loses no alert event. The read methods block: call them on a worker.
 */
public final class InfluxAlertStore {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxAlertStore.class);
    private static final int MAX_BATCH = 5000;
    private static final long MAX_RETRY_PAUSE_MS = 30_000;

    private final InfluxConfig config;
    private final InfluxDB client;
    private final LineSink lines;
    private final InfluxWriter ownWriter;
    private final BlockingQueue<Object> queue;
    private final Thread writer;
    private final LongAdder eventsWritten = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closing;
    /** Head of the alert event chain, owned by the writer thread; null until read from InfluxDB. */
    private AlertChain.Link head;

    /** Completed once every item queued before it is written. */
    private record Barrier(java.util.concurrent.CountDownLatch done) {}

    /** Set when the chain head must be read again from InfluxDB before the next event (another gateway wrote meanwhile). */
    private volatile boolean reloadHead;

    /** A set of last-seen times to store (key "device" or "device/field"). */
    private record LastSeen(Map<String, Long> times) {}

    /** A store writing through its own {@link InfluxWriter} (without the spool). */
    public InfluxAlertStore(InfluxConfig config, int queueCapacity) {
        this(config, queueCapacity, null);
    }

    /**
     * A store writing its lines to {@code lines} (the spool, or the telemetry sink's writer); null
     * writes through an own {@link InfluxWriter}. Reads always query InfluxDB.
     */
    public InfluxAlertStore(InfluxConfig config, int queueCapacity, LineSink lines) {
        this.config = config;
        this.ownWriter = lines == null ? new InfluxWriter(config) : null;
        this.lines = lines == null ? ownWriter::write : lines;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false);
        this.client = dev.vigil.gateway.storage.InfluxConnections.connect(config, http);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::writeLoop, "vigil-alert-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues an event for storage; never blocks (a full queue drops it with an error log). */
    public void write(AlertEvent e) {
        offer(e);
    }

    /** Queues a case transition or escalation for storage, in the same chain as the alert events; never blocks. */
    public void write(CaseEvent e) {
        offer(e);
    }

    /** Queues one line of line protocol (an evidence record, e.g. of an export) for the same writer. */
    public void writeLine(String line) {
        offer(line.endsWith("\n") ? line : line + "\n");
    }

    /** Queues last-seen times for storage. */
    public void writeLastSeen(Map<String, Long> times) {
        if (!times.isEmpty()) offer(new LastSeen(times));
    }

    /**
     * Blocks until everything queued so far is written to InfluxDB (cluster mode commits the
     * alerts topic's offsets only then); false when it did not happen within the timeout.
     */
    public boolean flush(long timeoutMs) throws InterruptedException {
        Barrier b = new Barrier(new java.util.concurrent.CountDownLatch(1));
        if (closing || !queue.offer(b, timeoutMs, TimeUnit.MILLISECONDS)) return false;
        return b.done().await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Reads the head of the alert event chain again before the next event (cluster mode: this gateway now writes the log). */
    public void reloadChainHead() {
        reloadHead = true;
    }

    private void offer(Object item) {
        if (closing || !queue.offer(item)) {
            dropped.increment();
            LOG.error("alert store queue full or closed ({} items): dropped {}", queue.size(), item);
        }
    }

    private void writeLoop() {
        StringBuilder body = new StringBuilder(64 * 1024);
        List<Object> batch = new ArrayList<>();
        while (true) {
            try {
                Object first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) return;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                return;
            }
            body.setLength(0);
            int events = 0;
            if (reloadHead) {
                reloadHead = false;
                head = null;
            }
            if (head == null && !loadChainHead()) return;
            for (Object o : batch) {
                if (o instanceof AlertEvent e) {
                    long seq = head.seq() + 1;
                    head = new AlertChain.Link(seq, head.hash(), AlertChain.hash(seq, head.hash(), AlertChain.Content.of(e)));
                    AlertLines.event(body, e, head);
                    events++;
                } else if (o instanceof CaseEvent e) {
                    long seq = head.seq() + 1;
                    head = new AlertChain.Link(seq, head.hash(), AlertChain.hash(seq, head.hash(), AlertChain.Content.of(e)));
                    AlertLines.caseEvent(body, e, head);
                    events++;
                } else if (o instanceof LastSeen ls) {
                    ls.times().forEach((k, t) -> AlertLines.lastSeen(body, k, t));
                } else if (o instanceof String line) {
                    body.append(line);
                }
            }
            if (body.length() > 0) writeWithRetry(body.toString(), batch.size(), countLines(body));
            eventsWritten.add(events);
            for (Object o : batch) if (o instanceof Barrier b) b.done().countDown();
            batch.clear();
        }
    }

    /**
     * Reads the newest link of the chain (highest seq) so new events continue it; retries while
     * InfluxDB cannot answer. False only when the store closes meanwhile.
     */
    private boolean loadChainHead() {
        long pause = 250;
        while (true) {
            try {
                long seq = 0;
                String hash = AlertChain.GENESIS;
                for (Map<String, Object> row : rows(query("SELECT max(seq) AS seq FROM " + AlertLines.EVENTS))) {
                    seq = num(row.get("seq")).longValue();
                }
                if (seq > 0) {
                    for (Map<String, Object> row : rows(query("SELECT hash FROM " + AlertLines.EVENTS + " WHERE seq = " + seq))) {
                        hash = str(row.get("hash"));
                    }
                }
                head = new AlertChain.Link(seq, null, hash);
                return true;
            } catch (RuntimeException e) {
                LOG.warn("alert store: cannot read the head of the alert event chain, retrying: {}", e.getMessage());
                if (closing) return false;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return false;
                }
                pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MS);
            }
        }
    }

    private static int countLines(CharSequence body) {
        int n = 0;
        for (int i = 0; i < body.length(); i++) if (body.charAt(i) == '\n') n++;
        return n;
    }

    private void writeWithRetry(String text, int items, int lineCount) {
        long pause = 250;
        for (int attempt = 1; ; attempt++) {
            try {
                lines.write(text, lineCount);
                if (attempt > 1) LOG.info("alert store: write of {} items succeeded after {} attempts", items, attempt);
                return;
            } catch (Exception e) {
                if (closing && attempt >= 3) {
                    LOG.error("alert store: giving up on {} items at shutdown: {}", items, e.getMessage());
                    dropped.add(items);
                    return;
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("alert store: InfluxDB write of {} items to '{}' at {} failed (attempt {}), retrying: {}",
                            items, config.database(), config.url(), attempt, e.getMessage());
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return;
                }
                pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MS);
            }
        }
    }

    /**
     * Alert events stored since {@code sinceMillis}, plus every event of alerts raised earlier
     * that were never cleared (so a long-open alert, e.g. a device offline for months, is
     * restored too); oldest first. Blocking.
     */
    public List<AlertEvent> loadEvents(long sinceMillis) {
        List<AlertEvent> out = events("time >= " + sinceMillis + "ms");
        java.util.Set<String> known = new java.util.HashSet<>();
        for (AlertEvent e : out) if (e.kind() == AlertEvent.Kind.RAISED) known.add(e.alertId());
        // the latest lifecycle event of every (device, rule): not CLEARED means an alert is open
        QueryResult last = query("SELECT last(alert_id) AS alert_id, kind FROM " + AlertLines.EVENTS
                + " WHERE kind != 'ACKNOWLEDGED' AND kind != 'TRANSITION' AND kind != 'OVERDUE' GROUP BY \"device\", \"rule\"");
        for (Map<String, Object> row : rows(last)) {
            String id = str(row.get("alert_id"));
            if (id == null || known.contains(id) || "CLEARED".equals(row.get("kind"))) continue;
            long raised = num(row.get("time")).longValue();
            int slash = id.lastIndexOf('/');
            try {
                raised = Math.min(raised, Long.parseLong(id.substring(slash + 1)));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // an id without its raise time: look back from the latest event only
            }
            for (AlertEvent e : events("device = " + literal(str(row.get("device"))) + " AND rule = "
                    + literal(str(row.get("rule"))) + " AND time >= " + raised + "ms AND time < " + sinceMillis + "ms")) {
                if (e.alertId().equals(id)) out.add(e);
            }
        }
        out.sort(java.util.Comparator.comparingLong(AlertEvent::time));
        return out;
    }

    /** The rule's alert events (not case steps) matching an InfluxQL condition, in stored order. Blocking. */
    public List<AlertEvent> events(String where) {
        QueryResult r = query("SELECT * FROM " + AlertLines.EVENTS + " WHERE " + where);
        List<AlertEvent> out = new ArrayList<>();
        for (Map<String, Object> row : rows(r)) {
            Level level = Level.parse(str(row.get("level")));
            AlertEvent.Kind kind;
            try {
                kind = AlertEvent.Kind.valueOf(str(row.get("kind")).toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                continue;
            }
            if (level == null || row.get("alert_id") == null) continue;
            out.add(new AlertEvent(str(row.get("alert_id")), kind, str(row.get("device")), str(row.get("profile")),
                    str(row.get("enterprise")), str(row.get("region")), str(row.get("rule")),
                    num(row.get("rule_version")).intValue(), level, Level.parse(str(row.get("previous"))),
                    num(row.get("time")).longValue(), str(row.get("message")),
                    AlertLines.parseEvidence(str(row.get("evidence"))), str(row.get("actor")), str(row.get("comment"))));
        }
        return out;
    }

    /** Case transitions and escalations (kind TRANSITION or OVERDUE) matching {@code where}, oldest first. Blocking. */
    public List<CaseEvent> caseEvents(String where) {
        QueryResult r = query("SELECT * FROM " + AlertLines.EVENTS + " WHERE (kind = 'TRANSITION' OR kind = 'OVERDUE') AND "
                + where);
        List<CaseEvent> out = new ArrayList<>();
        for (Map<String, Object> row : rows(r)) {
            Level level = Level.parse(str(row.get("level")));
            if (level == null || row.get("alert_id") == null) continue;
            CaseEvent.Kind kind = "OVERDUE".equals(row.get("kind")) ? CaseEvent.Kind.OVERDUE : CaseEvent.Kind.TRANSITION;
            out.add(new CaseEvent(str(row.get("alert_id")), kind, str(row.get("device")), str(row.get("profile")),
                    str(row.get("enterprise")), str(row.get("region")), str(row.get("rule")),
                    num(row.get("rule_version")).intValue(), level, num(row.get("time")).longValue(), str(row.get("actor")),
                    str(row.get("comment")), str(row.get("case_from")), str(row.get("case_to")), str(row.get("step")),
                    num(row.get("escalation")).intValue(), num(row.get("due")).longValue()));
        }
        out.sort(java.util.Comparator.comparingLong(CaseEvent::time));
        return out;
    }

    /** An InfluxQL string literal. */
    public static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The newest lease record: who holds the database for a single-node gateway, when renewed; null when none. Blocking. */
    public Lease loadLease() {
        QueryResult r = query("SELECT last(owner) AS owner, released FROM " + LEASE);
        List<Map<String, Object>> rows = rows(r);
        if (rows.isEmpty() || rows.get(0).get("owner") == null) return null;
        Map<String, Object> row = rows.get(0);
        return new Lease(str(row.get("owner")), num(row.get("time")).longValue(), Boolean.TRUE.equals(row.get("released")));
    }

    /** Writes a lease record at once (not queued): {@code owner} holds the database as of {@code time}. Blocking. */
    public void writeLease(Lease lease) {
        String line = LEASE + " owner=\"" + lease.owner().replace("\\", "\\\\").replace("\"", "\\\"") + "\",released="
                + lease.released() + " " + lease.time();
        client.write(config.database(), config.retentionPolicy(),
                InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, line);
    }

    /** The database this store reads and writes. */
    public String database() {
        return config.database();
    }

    /** Measurement of the lease records. */
    public static final String LEASE = "gateway_lease";

    /** A lease record: {@code owner} held the database at {@code time}, or gave it up ({@code released}). */
    public record Lease(String owner, long time, boolean released) {}

    /** The latest stored last-seen time per key ("device" or "device/field"). Blocking. */
    public Map<String, Long> loadLastSeen() {
        QueryResult r = query("SELECT last(seen) AS seen FROM " + AlertLines.LAST_SEEN + " GROUP BY \"device\", \"field\"");
        Map<String, Long> out = new LinkedHashMap<>();
        if (r.getResults() == null) return out;
        for (QueryResult.Result res : r.getResults()) {
            if (res.getSeries() == null) continue;
            for (QueryResult.Series s : res.getSeries()) {
                Map<String, String> tags = s.getTags() == null ? Map.of() : s.getTags();
                String device = tags.get("device");
                if (device == null || device.isEmpty() || s.getValues() == null || s.getValues().isEmpty()) continue;
                String field = tags.get("field");
                int col = s.getColumns().indexOf("seen");
                Object v = s.getValues().get(0).get(col);
                if (v == null) continue;
                out.put(field == null || field.isEmpty() ? device : device + "/" + field, num(v).longValue());
            }
        }
        return out;
    }

    private QueryResult query(String q) {
        QueryResult r;
        try {
            r = client.query(new Query(q, config.database()), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read alerts from InfluxDB database '" + config.database() + "' at "
                    + config.url() + ": " + e.getMessage(), e);
        }
        if (r.hasError()) throw new IllegalStateException("InfluxDB at " + config.url() + " refused " + q + ": " + r.getError());
        if (r.getResults() != null) {
            for (QueryResult.Result res : r.getResults()) {
                if (res.hasError() && !res.getError().contains("database not found")) {
                    throw new IllegalStateException("InfluxDB at " + config.url() + " refused " + q + ": " + res.getError());
                }
            }
        }
        return r;
    }

    private static List<Map<String, Object>> rows(QueryResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (r.getResults() == null) return out;
        for (QueryResult.Result res : r.getResults()) {
            if (res.getSeries() == null) continue;
            for (QueryResult.Series s : res.getSeries()) {
                for (List<Object> values : s.getValues()) {
                    Map<String, Object> row = new HashMap<>();
                    if (s.getTags() != null) row.putAll(s.getTags());
                    for (int i = 0; i < s.getColumns().size(); i++) {
                        if (values.get(i) != null) row.put(s.getColumns().get(i), values.get(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Number num(Object o) {
        if (o instanceof Number n) return n;
        return o == null ? 0 : Double.parseDouble(o.toString());
    }

    /** Events handed to InfluxDB since start. */
    public long eventsWritten() {
        return eventsWritten.sum();
    }

    /** Items dropped (queue full, or unwritable at shutdown). */
    public long dropped() {
        return dropped.sum();
    }

    /** Writes what is queued (retrying briefly), then stops the writer and the client. Blocking. */
    public void close() {
        closing = true;
        try {
            writer.join(config.timeoutMs() * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        if (ownWriter != null) ownWriter.close();
    }
}
