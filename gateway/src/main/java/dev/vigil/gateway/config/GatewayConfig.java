package dev.vigil.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.gateway.bridge.BridgeConfig;
import dev.vigil.gateway.storage.InfluxConfig;

import java.util.Map;

/**
 * The whole gateway configuration, read once at start-up from one YAML file (see
 * {@code config/vigil.yaml}, the commented sample) with environment overrides, and passed into
 * constructors as typed records.
 *
 * @param profiles   directory of device profile YAML files
 * @param registry   device registry YAML file
 * @param rules      directory of rule files (per enterprise / region / device overrides)
 * @param zones      directory of GeoJSON zone files
 * @param validation payload validation limits
 * @param mqtt       the gateway's own MQTT endpoint
 * @param http       HTTP API, health and metrics
 * @param influx     InfluxDB storage
 * @param coap       CoAP endpoint, read by {@link dev.vigil.gateway.coap.CoapConfig#fromMap}
 * @param modbus     Modbus poller, read by {@link dev.vigil.gateway.modbus.ModbusConfig#fromMap}
 * @param bridge     subscription to a site's own MQTT broker (off by default)
 * @param alerts     the rules verticle: ticks, alert storage and restore, hot reload
 * @param webhook    where alert events are POSTed (off unless a url is set)
 * @param hj212      the HJ 212-2017 endpoint for CEMS data loggers
 */
public record GatewayConfig(
        String profiles,
        String registry,
        String rules,
        String zones,
        Validation validation,
        Mqtt mqtt,
        Http http,
        Influx influx,
        Map<String, Object> coap,
        Map<String, Object> modbus,
        BridgeConfig bridge,
        Alerts alerts,
        Webhook webhook,
        dev.vigil.gateway.hj212.Hj212Config hj212) {

    public GatewayConfig {
        if (profiles == null) profiles = "device-profiles/profiles";
        if (registry == null) registry = "config/devices.yaml";
        if (rules == null) rules = "config/rules";
        if (zones == null) zones = "zones/wuhai";
        if (validation == null) validation = new Validation(null, null, null, null);
        if (mqtt == null) mqtt = new Mqtt(null, null, null, null, null);
        if (http == null) http = new Http(null, null);
        if (influx == null) influx = new Influx(null, null, null, null, null, null, null, null, null, null, null, null);
        coap = coap == null ? Map.of() : coap;
        modbus = modbus == null ? Map.of() : modbus;
        if (bridge == null) bridge = new BridgeConfig(null, null, null, null, null, null, null, null, null, null, null);
        if (alerts == null) alerts = new Alerts(null, null, null, null, null, null, null, null);
        if (webhook == null) webhook = new Webhook(null, null, null, null, null, null);
        if (hj212 == null) hj212 = dev.vigil.gateway.hj212.Hj212Config.defaults();
    }

    /** The configuration without the protocol, alerts and webhook sections (their defaults apply). */
    public GatewayConfig(String profiles, String registry, String rules, String zones, Validation validation,
                         Mqtt mqtt, Http http, Influx influx) {
        this(profiles, registry, rules, zones, validation, mqtt, http, influx, null, null, null, null, null, null);
    }

    /** A configuration with every default. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This configuration with another broker-bridge section. */
    public GatewayConfig withBridge(BridgeConfig newBridge) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, newBridge,
                alerts, webhook, hj212);
    }

    /** This configuration with other alerts and webhook sections. */
    public GatewayConfig withAlerts(Alerts newAlerts, Webhook newWebhook) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                newAlerts, newWebhook, hj212);
    }

    /** This configuration with another HJ 212 section. */
    public GatewayConfig withHj212(dev.vigil.gateway.hj212.Hj212Config newHj212) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, newHj212);
    }

    /**
     * The rules verticle (alert evaluation inside the gateway).
     *
     * @param enabled          evaluate rules at all (default true)
     * @param tickMs           clock tick for offline rules and durations elapsing without data (default 1000)
     * @param lastSeenFlushMs  how often device last-seen times are stored for offline rules after a restart (default 10000)
     * @param reloadPollMs     how often rule and profile files are checked for changes (default 2000; 0 = never)
     * @param restoreDays      days of alert events read back at start-up (default 30)
     * @param recentClosed     closed alerts kept in memory for the API (default 1000)
     * @param timeZone         zone of schedules and tumbling windows (default Asia/Shanghai)
     * @param maxGapMs         longest gap in a device's data that keeps a pending duration (default 300000)
     */
    public record Alerts(Boolean enabled,
                         @JsonProperty("tick_ms") Long tickMs,
                         @JsonProperty("last_seen_flush_ms") Long lastSeenFlushMs,
                         @JsonProperty("reload_poll_ms") Long reloadPollMs,
                         @JsonProperty("restore_days") Integer restoreDays,
                         @JsonProperty("recent_closed") Integer recentClosed,
                         @JsonProperty("time_zone") String timeZone,
                         @JsonProperty("max_gap_ms") Long maxGapMs) {
        public Alerts {
            if (enabled == null) enabled = true;
            if (tickMs == null) tickMs = 1000L;
            if (lastSeenFlushMs == null) lastSeenFlushMs = 10_000L;
            if (reloadPollMs == null) reloadPollMs = 2000L;
            if (restoreDays == null) restoreDays = 30;
            if (recentClosed == null) recentClosed = 1000;
            if (timeZone == null) timeZone = "Asia/Shanghai";
            if (maxGapMs == null) maxGapMs = 300_000L;
            if (tickMs <= 0) throw new IllegalArgumentException("alerts.tick_ms must be positive, got " + tickMs);
            if (lastSeenFlushMs <= 0) throw new IllegalArgumentException("alerts.last_seen_flush_ms must be positive, got " + lastSeenFlushMs);
            if (reloadPollMs < 0) throw new IllegalArgumentException("alerts.reload_poll_ms must not be negative, got " + reloadPollMs);
            if (restoreDays <= 0) throw new IllegalArgumentException("alerts.restore_days must be positive, got " + restoreDays);
            if (maxGapMs <= 0) throw new IllegalArgumentException("alerts.max_gap_ms must be positive, got " + maxGapMs);
            try {
                java.time.ZoneId.of(timeZone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("alerts.time_zone: unknown time zone '" + timeZone + "'");
            }
        }
    }

    /**
     * The webhook every alert event is POSTed to as JSON.
     *
     * @param url         target URL, or null for no webhook (default)
     * @param timeoutMs   connect and response timeout of one attempt (default 5000)
     * @param maxRetries  attempts after the first failed one (default 5)
     * @param backoffMs   wait before the first retry, doubled for each further one (default 500)
     * @param minLevel    lowest level sent: blue, yellow, orange or red (default blue: all)
     * @param queueSize   events waiting to be sent; beyond it the oldest is dropped and logged (default 10000)
     */
    public record Webhook(String url,
                          @JsonProperty("timeout_ms") Long timeoutMs,
                          @JsonProperty("max_retries") Integer maxRetries,
                          @JsonProperty("backoff_ms") Long backoffMs,
                          @JsonProperty("min_level") String minLevel,
                          @JsonProperty("queue_size") Integer queueSize) {
        public Webhook {
            if (url != null && url.isBlank()) url = null;
            if (timeoutMs == null) timeoutMs = 5000L;
            if (maxRetries == null) maxRetries = 5;
            if (backoffMs == null) backoffMs = 500L;
            if (minLevel == null) minLevel = "blue";
            if (queueSize == null) queueSize = 10_000;
            if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("webhook.url must start with http:// or https://: " + url);
            }
            if (dev.vigil.rules.Level.parse(minLevel) == null) {
                throw new IllegalArgumentException("webhook.min_level must be blue, yellow, orange or red, got '" + minLevel + "'");
            }
            if (timeoutMs <= 0 || maxRetries < 0 || backoffMs <= 0 || queueSize <= 0) {
                throw new IllegalArgumentException("webhook: timeout_ms, backoff_ms and queue_size must be positive, max_retries not negative");
            }
        }

        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * Limits applied to every payload, whatever the protocol.
     *
     * @param maxFutureSkewSeconds   how far a reading's ts may lie in the future (default 300)
     * @param maxPastAgeSeconds      how far in the past (default 30 days, for backfills)
     * @param maxBatch               readings in one backfill array (default 10,000)
     * @param maxPayloadBytes        largest payload accepted (default 256 KiB)
     */
    public record Validation(
            @JsonProperty("max_future_skew_seconds") Long maxFutureSkewSeconds,
            @JsonProperty("max_past_age_seconds") Long maxPastAgeSeconds,
            @JsonProperty("max_batch") Integer maxBatch,
            @JsonProperty("max_payload_bytes") Integer maxPayloadBytes) {
        public Validation {
            if (maxFutureSkewSeconds == null) maxFutureSkewSeconds = 300L;
            if (maxPastAgeSeconds == null) maxPastAgeSeconds = 30L * 24 * 3600;
            if (maxBatch == null) maxBatch = 10_000;
            if (maxPayloadBytes == null) maxPayloadBytes = 256 * 1024;
        }
    }

    /**
     * The gateway's own MQTT endpoint.
     *
     * @param enabled         serve MQTT (default true)
     * @param host            bind address (default 0.0.0.0)
     * @param port            TCP port (default 1883; 0 picks a free one)
     * @param receiveMaximum  QoS 1 messages a client may have in flight, advertised in CONNACK (default 1000)
     * @param instances       event-loop instances of the endpoint verticle (default: number of cores)
     */
    public record Mqtt(Boolean enabled, String host, Integer port,
                       @JsonProperty("receive_maximum") Integer receiveMaximum, Integer instances) {
        public Mqtt {
            if (enabled == null) enabled = true;
            if (host == null) host = "0.0.0.0";
            if (port == null) port = 1883;
            if (receiveMaximum == null) receiveMaximum = 1000;
            if (instances == null) instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * HTTP API (alerts, health, metrics) and dashboard.
     *
     * @param host bind address (default 0.0.0.0)
     * @param port TCP port (default 8080; 0 picks a free one)
     */
    public record Http(String host, Integer port) {
        public Http {
            if (host == null) host = "0.0.0.0";
            if (port == null) port = 8080;
        }
    }

    /**
     * InfluxDB storage settings as written in the file; unset keys take {@link InfluxConfig#defaults()}.
     * See {@link InfluxConfig} for the meaning of each key. {@code discard: true} is for benchmarks
     * only: readings are encoded and then dropped instead of written (see
     * {@link dev.vigil.gateway.storage.DiscardingSink}).
     */
    public record Influx(String url, String database, String username, String password,
                         @JsonProperty("retention_policy") String retentionPolicy,
                         @JsonProperty("batch_size") Integer batchSize,
                         @JsonProperty("flush_interval_ms") Long flushIntervalMs,
                         @JsonProperty("max_pending") Integer maxPending,
                         Integer writers,
                         @JsonProperty("timeout_ms") Long timeoutMs,
                         @JsonProperty("create_database") Boolean createDatabase,
                         Boolean discard) {

        public Influx {
            if (discard == null) discard = false;
        }

        /** The sink's configuration: these values over the defaults. */
        public InfluxConfig toInfluxConfig() {
            InfluxConfig d = InfluxConfig.defaults();
            return new InfluxConfig(url != null ? url : d.url(), database != null ? database : d.database(),
                    username != null ? username : d.username(), password != null ? password : d.password(),
                    retentionPolicy != null ? retentionPolicy : d.retentionPolicy(),
                    batchSize != null ? batchSize : d.batchSize(),
                    flushIntervalMs != null ? flushIntervalMs : d.flushIntervalMs(),
                    maxPending != null ? maxPending : d.maxPending(),
                    writers != null ? writers : d.writers(),
                    timeoutMs != null ? timeoutMs : d.timeoutMs(),
                    createDatabase != null ? createDatabase : d.createDatabase());
        }
    }
}
