package dev.vigil.gateway.storage;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * Settings of the InfluxDB sink ({@code influx:} in the gateway config): where to write (1.x HTTP
 * API, or the v1 compatibility API of InfluxDB 2.x / 3.x), how to authenticate and how to batch.
 *
 * @param url              base URL, e.g. {@code http://127.0.0.1:8086}
 * @param database         database (for 2.x/3.x: the database name mapped to a bucket)
 * @param username         user name (1.x authentication), or null
 * @param password         password (1.x authentication), or null
 * @param token            API token of InfluxDB 2.x / 3.x, sent as {@code Authorization: Token <token>}
 *                         on every request (instead of user name and password), or null
 * @param retentionPolicy  retention policy, or null for the database's default
 * @param batchSize        most points per HTTP write; a full batch is written at once
 * @param flushIntervalMs  longest time a point waits for its batch to fill
 * @param maxPending       most points accepted but not yet written; beyond it writes are refused
 *                         as overloaded
 * @param writers          writer threads (concurrent HTTP writes)
 * @param timeoutMs        HTTP connect/read/write timeout
 * @param createDatabase   whether {@code start()} issues {@code CREATE DATABASE} (InfluxDB 1.x;
 *                         turn off for 2.x/3.x, where the bucket and DBRP mapping exist already)
 * @param discard          BENCH ONLY: readings are encoded and then dropped instead of written
 *                         (see {@link DiscardingSink}); read by the gateway command, not by the sink
 */
public record InfluxConfig(
        @Setting(def = "http://127.0.0.1:8086", env = "INFLUX_URL") String url,
        @Setting(def = "vigil", env = "INFLUX_DB") String database,
        @Setting(env = "INFLUX_USER") String username,
        @Setting(env = "INFLUX_PASSWORD") String password,
        @Setting(env = "INFLUX_TOKEN") String token,
        @Setting(env = "INFLUX_RP") String retentionPolicy,
        @Setting(def = "5000") int batchSize,
        @Setting(def = "100") long flushIntervalMs,
        @Setting(def = "200000") int maxPending,
        @Setting(def = "2") int writers,
        @Setting(def = "10000") long timeoutMs,
        @Setting(def = "true") boolean createDatabase,
        @Setting(def = "false") boolean discard) {

    public InfluxConfig {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("influx.url must not be empty");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("influx.url must start with http:// or https://, got " + url);
        }
        if (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (database == null || database.isBlank()) throw new IllegalArgumentException("influx.database must not be empty");
        if (username != null && username.isEmpty()) username = null;
        if (password != null && password.isEmpty()) password = null;
        if (token != null && token.isEmpty()) token = null;
        if (retentionPolicy != null && retentionPolicy.isEmpty()) retentionPolicy = null;
        if (token != null && (username != null || password != null)) {
            throw new IllegalArgumentException("influx.token: set either a token (InfluxDB 2.x/3.x) or username and password (1.x), not both");
        }
        positive("batch_size", batchSize);
        positive("flush_interval_ms", flushIntervalMs);
        positive("max_pending", maxPending);
        positive("writers", writers);
        positive("timeout_ms", timeoutMs);
    }

    private static void positive(String key, long v) {
        if (v <= 0) throw new IllegalArgumentException("influx." + key + " must be positive, got " + v);
    }

    /** The declared defaults: a local InfluxDB 1.x without authentication, database "vigil". */
    public static InfluxConfig defaults() {
        return GatewayConfig.defaults().influx();
    }

    /** This config pointed at another server. */
    public InfluxConfig withUrl(String newUrl) {
        return new InfluxConfig(newUrl, database, username, password, token, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, timeoutMs, createDatabase, discard);
    }

    /** This config writing to another database. */
    public InfluxConfig withDatabase(String newDatabase) {
        return new InfluxConfig(url, newDatabase, username, password, token, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, timeoutMs, createDatabase, discard);
    }

    /** This config authenticating with an InfluxDB 2.x/3.x API token. */
    public InfluxConfig withToken(String newToken) {
        return new InfluxConfig(url, database, null, null, newToken, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, timeoutMs, createDatabase, discard);
    }

    /** This config authenticating as an InfluxDB 1.x user. */
    public InfluxConfig withCredentials(String newUsername, String newPassword) {
        return new InfluxConfig(url, database, newUsername, newPassword, null, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, timeoutMs, createDatabase, discard);
    }

    /** This config with or without {@code CREATE DATABASE} at start. */
    public InfluxConfig withCreateDatabase(boolean create) {
        return new InfluxConfig(url, database, username, password, token, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, timeoutMs, create, discard);
    }

    /** This config with other batching limits. */
    public InfluxConfig withBatching(int newBatchSize, long newFlushIntervalMs, int newMaxPending) {
        return new InfluxConfig(url, database, username, password, token, retentionPolicy, newBatchSize, newFlushIntervalMs,
                newMaxPending, writers, timeoutMs, createDatabase, discard);
    }

    /** This config with another number of writer threads. */
    public InfluxConfig withWriters(int newWriters) {
        return new InfluxConfig(url, database, username, password, token, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, newWriters, timeoutMs, createDatabase, discard);
    }

    /** This config with another HTTP timeout. */
    public InfluxConfig withTimeoutMs(long newTimeoutMs) {
        return new InfluxConfig(url, database, username, password, token, retentionPolicy, batchSize, flushIntervalMs,
                maxPending, writers, newTimeoutMs, createDatabase, discard);
    }

    /** Never prints the password or the token. */
    @Override
    public String toString() {
        return "InfluxConfig[url=" + url + ", database=" + database + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", token=" + (token == null ? "none" : "***")
                + ", retentionPolicy=" + retentionPolicy + ", batchSize=" + batchSize + ", flushIntervalMs="
                + flushIntervalMs + ", maxPending=" + maxPending + ", writers=" + writers + ", timeoutMs=" + timeoutMs
                + ", createDatabase=" + createDatabase + (discard ? ", DISCARD" : "") + "]";
    }
}
