package dev.vigil.gateway.storage;

import java.util.Map;

/**
 * Settings of the InfluxDB sink: where to write (1.x HTTP API, or the v1 compatibility API of
 * InfluxDB 2.x / 3.x) and how to batch.
 *
 * @param url              base URL, e.g. {@code http://127.0.0.1:8086}
 * @param database         database (for 2.x/3.x: the database name mapped to a bucket)
 * @param username         user name, or null without authentication
 * @param password         password (for 2.x/3.x: an API token), or null
 * @param retentionPolicy  retention policy, or null for the database's default
 * @param batchSize        most points per HTTP write; a full batch is written at once
 * @param flushIntervalMs  longest time a point waits for its batch to fill
 * @param maxPending       most points accepted but not yet written; beyond it writes are refused
 *                         as overloaded
 * @param writers          writer threads (concurrent HTTP writes)
 * @param timeoutMs        HTTP connect/read/write timeout
 * @param createDatabase   whether {@code start()} issues {@code CREATE DATABASE} (InfluxDB 1.x;
 *                         turn off for 2.x/3.x, where the bucket and DBRP mapping exist already)
 */
public record InfluxConfig(String url, String database, String username, String password, String retentionPolicy,
                           int batchSize, long flushIntervalMs, int maxPending, int writers, long timeoutMs,
                           boolean createDatabase) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8086";
    public static final String DEFAULT_DATABASE = "vigil";
    public static final int DEFAULT_BATCH_SIZE = 5_000;
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 100;
    public static final int DEFAULT_MAX_PENDING = 200_000;
    public static final int DEFAULT_WRITERS = 2;
    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    public InfluxConfig {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("influx url must not be empty");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("influx url must start with http:// or https://: " + url);
        }
        if (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (database == null || database.isBlank()) throw new IllegalArgumentException("influx database must not be empty");
        if (username != null && username.isEmpty()) username = null;
        if (password != null && password.isEmpty()) password = null;
        if (retentionPolicy != null && retentionPolicy.isEmpty()) retentionPolicy = null;
        positive("batchSize", batchSize);
        positive("flushIntervalMs", flushIntervalMs);
        positive("maxPending", maxPending);
        positive("writers", writers);
        positive("timeoutMs", timeoutMs);
    }

    private static void positive(String key, long v) {
        if (v <= 0) throw new IllegalArgumentException("influx " + key + " must be positive, got " + v);
    }

    /** The defaults: a local InfluxDB 1.x without authentication, database "vigil". */
    public static InfluxConfig defaults() {
        return new InfluxConfig(DEFAULT_URL, DEFAULT_DATABASE, null, null, null, DEFAULT_BATCH_SIZE,
                DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_MAX_PENDING, DEFAULT_WRITERS, DEFAULT_TIMEOUT_MS, true);
    }

    /** Defaults overridden by the process environment (see {@link #withEnv(Map)}). */
    public static InfluxConfig fromEnv() {
        return defaults().withEnv(System.getenv());
    }

    /**
     * This config with the values of {@code INFLUX_URL}, {@code INFLUX_DB}, {@code INFLUX_USER},
     * {@code INFLUX_PASSWORD} (or {@code INFLUX_TOKEN}, an InfluxDB 2.x/3.x API token) and
     * {@code INFLUX_RP} taken from {@code env} where set and not empty.
     */
    public InfluxConfig withEnv(Map<String, String> env) {
        String password = firstSet(env, "INFLUX_PASSWORD", "INFLUX_TOKEN");
        return new InfluxConfig(or(env.get("INFLUX_URL"), url), or(env.get("INFLUX_DB"), database),
                or(env.get("INFLUX_USER"), username), or(password, this.password),
                or(env.get("INFLUX_RP"), retentionPolicy), batchSize, flushIntervalMs, maxPending, writers,
                timeoutMs, createDatabase);
    }

    /**
     * This config with the keys present in {@code map} (e.g. the {@code influx:} section of the
     * gateway YAML) applied: url, database, username, password, retentionPolicy, batchSize,
     * flushIntervalMs, maxPending, writers, timeoutMs, createDatabase. Unknown keys are refused.
     */
    public InfluxConfig with(Map<String, ?> map) {
        InfluxConfig c = this;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            Object v = e.getValue();
            String s = v == null ? null : v.toString();
            c = switch (e.getKey()) {
                case "url" -> new InfluxConfig(s, c.database, c.username, c.password, c.retentionPolicy, c.batchSize,
                        c.flushIntervalMs, c.maxPending, c.writers, c.timeoutMs, c.createDatabase);
                case "database" -> c.withDatabase(s);
                case "username" -> new InfluxConfig(c.url, c.database, s, c.password, c.retentionPolicy, c.batchSize,
                        c.flushIntervalMs, c.maxPending, c.writers, c.timeoutMs, c.createDatabase);
                case "password" -> new InfluxConfig(c.url, c.database, c.username, s, c.retentionPolicy, c.batchSize,
                        c.flushIntervalMs, c.maxPending, c.writers, c.timeoutMs, c.createDatabase);
                case "retentionPolicy" -> new InfluxConfig(c.url, c.database, c.username, c.password, s, c.batchSize,
                        c.flushIntervalMs, c.maxPending, c.writers, c.timeoutMs, c.createDatabase);
                case "batchSize" -> c.withBatching((int) number(e), c.flushIntervalMs, c.maxPending);
                case "flushIntervalMs" -> c.withBatching(c.batchSize, number(e), c.maxPending);
                case "maxPending" -> c.withBatching(c.batchSize, c.flushIntervalMs, (int) number(e));
                case "writers" -> new InfluxConfig(c.url, c.database, c.username, c.password, c.retentionPolicy,
                        c.batchSize, c.flushIntervalMs, c.maxPending, (int) number(e), c.timeoutMs, c.createDatabase);
                case "timeoutMs" -> new InfluxConfig(c.url, c.database, c.username, c.password, c.retentionPolicy,
                        c.batchSize, c.flushIntervalMs, c.maxPending, c.writers, number(e), c.createDatabase);
                case "createDatabase" -> new InfluxConfig(c.url, c.database, c.username, c.password,
                        c.retentionPolicy, c.batchSize, c.flushIntervalMs, c.maxPending, c.writers, c.timeoutMs,
                        Boolean.parseBoolean(s));
                default -> throw new IllegalArgumentException("unknown influx setting '" + e.getKey()
                        + "' (known: url, database, username, password, retentionPolicy, batchSize, "
                        + "flushIntervalMs, maxPending, writers, timeoutMs, createDatabase)");
            };
        }
        return c;
    }

    /** This config pointed at another server. */
    public InfluxConfig withUrl(String newUrl) {
        return new InfluxConfig(newUrl, database, username, password, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, timeoutMs, createDatabase);
    }

    /** This config writing to another database. */
    public InfluxConfig withDatabase(String newDatabase) {
        return new InfluxConfig(url, newDatabase, username, password, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, timeoutMs, createDatabase);
    }

    /** This config with other batching limits. */
    public InfluxConfig withBatching(int newBatchSize, long newFlushIntervalMs, int newMaxPending) {
        return new InfluxConfig(url, database, username, password, retentionPolicy, newBatchSize, newFlushIntervalMs,
                newMaxPending, writers, timeoutMs, createDatabase);
    }

    /** This config with another number of writer threads. */
    public InfluxConfig withWriters(int newWriters) {
        return new InfluxConfig(url, database, username, password, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, newWriters, timeoutMs, createDatabase);
    }

    /** This config with another HTTP timeout. */
    public InfluxConfig withTimeoutMs(long newTimeoutMs) {
        return new InfluxConfig(url, database, username, password, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, newTimeoutMs, createDatabase);
    }

    private static long number(Map.Entry<String, ?> e) {
        Object v = e.getValue();
        if (v instanceof Number n) return n.longValue();
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("influx " + e.getKey() + " must be a whole number, got '" + v + "'");
        }
    }

    private static String firstSet(Map<String, String> env, String... keys) {
        for (String k : keys) {
            String v = env.get(k);
            if (v != null && !v.isEmpty()) return v;
        }
        return null;
    }

    private static String or(String v, String fallback) {
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "InfluxConfig[url=" + url + ", database=" + database + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", retentionPolicy=" + retentionPolicy
                + ", batchSize=" + batchSize + ", flushIntervalMs=" + flushIntervalMs + ", maxPending=" + maxPending
                + ", writers=" + writers + ", timeoutMs=" + timeoutMs + ", createDatabase=" + createDatabase + "]";
    }
}
