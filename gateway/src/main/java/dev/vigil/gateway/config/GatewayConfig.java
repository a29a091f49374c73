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
        BridgeConfig bridge) {

    public GatewayConfig {
        if (profiles == null) profiles = "device-profiles/profiles";
        if (registry == null) registry = "config/devices.yaml";
        if (rules == null) rules = "config/rules";
        if (zones == null) zones = "zones/wuhai";
        if (validation == null) validation = new Validation(null, null, null, null);
        if (mqtt == null) mqtt = new Mqtt(null, null, null, null, null);
        if (http == null) http = new Http(null, null);
        if (influx == null) influx = new Influx(null, null, null, null, null, null, null, null, null, null, null);
        coap = coap == null ? Map.of() : coap;
        modbus = modbus == null ? Map.of() : modbus;
        if (bridge == null) bridge = new BridgeConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** A configuration with every default. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null);
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
     * See {@link InfluxConfig} for the meaning of each key.
     */
    public record Influx(String url, String database, String username, String password,
                         @JsonProperty("retention_policy") String retentionPolicy,
                         @JsonProperty("batch_size") Integer batchSize,
                         @JsonProperty("flush_interval_ms") Long flushIntervalMs,
                         @JsonProperty("max_pending") Integer maxPending,
                         Integer writers,
                         @JsonProperty("timeout_ms") Long timeoutMs,
                         @JsonProperty("create_database") Boolean createDatabase) {

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
