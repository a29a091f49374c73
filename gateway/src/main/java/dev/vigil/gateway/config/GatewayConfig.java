package dev.vigil.gateway.config;

import dev.vigil.gateway.auth.AuthConfig;
import dev.vigil.gateway.bridge.BridgeConfig;
import dev.vigil.gateway.coap.CoapConfig;
import dev.vigil.gateway.hj212.Hj212Config;
import dev.vigil.gateway.cases.CasesConfig;
import dev.vigil.gateway.cluster.ClusterConfig;
import dev.vigil.gateway.history.HistoryConfig;
import dev.vigil.gateway.jt808.Jt808Config;
import dev.vigil.gateway.modbus.ModbusConfig;
import dev.vigil.gateway.reports.ReportsConfig;
import dev.vigil.gateway.security.AuthGuardConfig;
import dev.vigil.gateway.spool.SpoolConfig;
import dev.vigil.gateway.storage.InfluxConfig;

/**
 * The whole gateway configuration, read once at start-up by {@link ConfigLoader} from one YAML file
 * (see {@code config/vigil.yaml}, the commented sample) and the environment, and passed into
 * constructors as typed records. Each key's default and environment names are declared beside it
 * with {@link Setting}; a record component that is itself a record is a section of the file.
 *
 * @param profiles   directory of device profile YAML files
 * @param registry   device registry YAML file
 * @param rules      directory of rule files (per enterprise / region / device overrides)
 * @param zones      directory of GeoJSON zone files
 * @param validation payload validation limits
 * @param mqtt       the gateway's own MQTT endpoint
 * @param http       HTTP API, health and metrics
 * @param influx     InfluxDB storage
 * @param coap       CoAP endpoint (plain and DTLS)
 * @param modbus     Modbus poller
 * @param bridge     subscription to a site's own MQTT broker (off by default)
 * @param alerts     the rules verticle: ticks, alert storage and restore, hot reload
 * @param webhook    where alert events are POSTed (off unless a url is set)
 * @param authGuard  limits on credential guessing per source address
 * @param jt808      JT/T 808 endpoint for vehicle terminals
 * @param spool      the durable spool between the pipeline and InfluxDB
 * @param hj212      the HJ 212-2017 endpoint for CEMS data loggers
 * @param history    limits of the history API
 * @param auth       users, sessions and log-in limits of the HTTP API
 * @param cases      disposal cases: the deadlines file, the deadline check, the start-up look-back
 * @param reports    supervision reports (online and valid-data rates, disposal figures)
 * @param cluster    cluster mode on Apache Kafka (off: one single-node gateway)
 */
public record GatewayConfig(
        @Setting(def = "device-profiles/profiles") String profiles,
        @Setting(def = "config/devices.yaml") String registry,
        @Setting(def = "config/rules") String rules,
        @Setting(def = "zones/wuhai") String zones,
        Validation validation,
        Mqtt mqtt,
        Http http,
        InfluxConfig influx,
        CoapConfig coap,
        ModbusConfig modbus,
        BridgeConfig bridge,
        Alerts alerts,
        Webhook webhook,
        AuthGuardConfig authGuard,
        Jt808Config jt808,
        SpoolConfig spool,
        Hj212Config hj212,
        HistoryConfig history,
        AuthConfig auth,
        CasesConfig cases,
        ReportsConfig reports,
        ClusterConfig cluster) {

    /** A configuration with every key at its declared default. */
    public static GatewayConfig defaults() {
        return ConfigLoader.defaults();
    }

    /** This configuration with other files and directories (null keeps the current one). */
    public GatewayConfig withFiles(String newProfiles, String newRegistry, String newRules, String newZones) {
        return new GatewayConfig(newProfiles != null ? newProfiles : profiles, newRegistry != null ? newRegistry : registry,
                newRules != null ? newRules : rules, newZones != null ? newZones : zones, validation, mqtt, http, influx,
                coap, modbus, bridge, alerts, webhook, authGuard, jt808, spool, hj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with other MQTT and HTTP endpoints. */
    public GatewayConfig withEndpoints(Mqtt newMqtt, Http newHttp) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, newMqtt, newHttp, influx, coap, modbus,
                bridge, alerts, webhook, authGuard, jt808, spool, hj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with another CoAP section. */
    public GatewayConfig withCoap(CoapConfig newCoap) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, newCoap, modbus,
                bridge, alerts, webhook, authGuard, jt808, spool, hj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with another broker-bridge section. */
    public GatewayConfig withBridge(BridgeConfig newBridge) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, newBridge,
                alerts, webhook, authGuard, jt808, spool, hj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with other alerts and webhook sections (null keeps the current one). */
    public GatewayConfig withAlerts(Alerts newAlerts, Webhook newWebhook) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                newAlerts != null ? newAlerts : alerts, newWebhook != null ? newWebhook : webhook, authGuard, jt808, spool, hj212,
                history, auth, cases, reports, cluster);
    }

    /** This configuration with other credential-guessing limits. */
    public GatewayConfig withAuthGuard(AuthGuardConfig guard) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, guard, jt808, spool, hj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with another JT/T 808 section. */
    public GatewayConfig withJt808(Jt808Config newJt808) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, authGuard, newJt808, spool, hj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with another spool section. */
    public GatewayConfig withSpool(SpoolConfig newSpool) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, authGuard, jt808, newSpool, hj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with another HJ 212 section. */
    public GatewayConfig withHj212(Hj212Config newHj212) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, authGuard, jt808, spool, newHj212, history, auth, cases, reports, cluster);
    }

    /** This configuration with another cases section. */
    public GatewayConfig withCases(CasesConfig newCases) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, authGuard, jt808, spool, hj212, history, auth, newCases, reports, cluster);
    }

    /** This configuration with another reports section. */
    public GatewayConfig withReports(ReportsConfig newReports) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, authGuard, jt808, spool, hj212, history, auth, cases, newReports, cluster);
    }

    /** This configuration with another cluster section. */
    public GatewayConfig withCluster(ClusterConfig newCluster) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, authGuard, jt808, spool, hj212, history, auth, cases, reports, newCluster);
    }

    /** This configuration with another auth section. */
    public GatewayConfig withAuth(AuthConfig newAuth) {
        return new GatewayConfig(profiles, registry, rules, zones, validation, mqtt, http, influx, coap, modbus, bridge,
                alerts, webhook, authGuard, jt808, spool, hj212, history, newAuth, cases, reports, cluster);
    }

    /**
     * The rules verticle (alert evaluation inside the gateway).
     *
     * @param enabled          evaluate rules at all
     * @param tickMs           clock tick for offline rules and durations elapsing without data
     * @param lastSeenFlushMs  how often device last-seen times are stored for offline rules after a restart
     * @param reloadPollMs     how often rule and profile files are checked for changes (0 = never)
     * @param restoreMs        how far back alert events are read at start-up (default 30 days)
     * @param recentClosed     closed alerts kept in memory for the API
     * @param timeZone         zone of schedules and tumbling windows
     * @param maxGapMs         longest gap in a device's data that keeps a pending duration
     * @param ruleContexts     rule engines devices are hashed onto, each on its own worker context (0 = one per core)
     * @param ruleQueue        readings that may wait per rule context; beyond it readings are stored but not
     *                         evaluated, counted in {@code vigil_rules_dropped_total} and logged
     * @param warmupMs         time budget of the start-up warm-up of the rule code (synthetic readings; 0 = none)
     */
    public record Alerts(
            @Setting(def = "true") boolean enabled,
            @Setting(def = "1000") long tickMs,
            @Setting(def = "10000") long lastSeenFlushMs,
            @Setting(def = "2000") long reloadPollMs,
            @Setting(def = "2592000000", was = "restore_days") long restoreMs,
            @Setting(def = "1000") int recentClosed,
            @Setting(def = "Asia/Shanghai") String timeZone,
            @Setting(def = "300000") long maxGapMs,
            @Setting(def = "0") int ruleContexts,
            @Setting(def = "100000") int ruleQueue,
            @Setting(def = "3000") long warmupMs) {
        public Alerts {
            if (ruleContexts < 0) throw new IllegalArgumentException("alerts.rule_contexts must not be negative (0 = one per core), got " + ruleContexts);
            if (ruleQueue <= 0) throw new IllegalArgumentException("alerts.rule_queue must be positive, got " + ruleQueue);
            if (warmupMs < 0) throw new IllegalArgumentException("alerts.warmup_ms must not be negative, got " + warmupMs);
            if (tickMs <= 0) throw new IllegalArgumentException("alerts.tick_ms must be positive, got " + tickMs);
            if (lastSeenFlushMs <= 0) throw new IllegalArgumentException("alerts.last_seen_flush_ms must be positive, got " + lastSeenFlushMs);
            if (reloadPollMs < 0) throw new IllegalArgumentException("alerts.reload_poll_ms must not be negative, got " + reloadPollMs);
            if (restoreMs <= 0) throw new IllegalArgumentException("alerts.restore_ms must be positive, got " + restoreMs);
            if (recentClosed < 0) throw new IllegalArgumentException("alerts.recent_closed must not be negative, got " + recentClosed);
            if (maxGapMs <= 0) throw new IllegalArgumentException("alerts.max_gap_ms must be positive, got " + maxGapMs);
            try {
                java.time.ZoneId.of(timeZone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("alerts.time_zone: unknown time zone '" + timeZone + "'");
            }
        }

        /** The declared defaults. */
        public static Alerts defaults() {
            return GatewayConfig.defaults().alerts();
        }

        /** A copy with other clock settings (tick, reload poll) and start-up look-back. */
        public Alerts withTiming(long newTickMs, long newReloadPollMs, long newRestoreMs) {
            return new Alerts(enabled, newTickMs, lastSeenFlushMs, newReloadPollMs, newRestoreMs, recentClosed, timeZone, maxGapMs,
                    ruleContexts, ruleQueue, warmupMs);
        }

        /** A copy keeping another number of closed alerts in memory. */
        public Alerts withRecentClosed(int n) {
            return new Alerts(enabled, tickMs, lastSeenFlushMs, reloadPollMs, restoreMs, n, timeZone, maxGapMs,
                    ruleContexts, ruleQueue, warmupMs);
        }

        /** A copy with another number of rule contexts, queue bound per context and warm-up budget. */
        public Alerts withRuleContexts(int contexts, int queue, long newWarmupMs) {
            return new Alerts(enabled, tickMs, lastSeenFlushMs, reloadPollMs, restoreMs, recentClosed, timeZone, maxGapMs,
                    contexts, queue, newWarmupMs);
        }
    }

    /**
     * The webhook every alert event is POSTed to as JSON.
     *
     * @param url         target URL, or null for no webhook (default)
     * @param timeoutMs   connect and response timeout of one attempt
     * @param maxRetries  attempts after the first failed one
     * @param backoffMs   wait before the first retry, doubled for each further one
     * @param minLevel    lowest level sent: blue, yellow, orange or red (default blue: all)
     * @param queueSize   events waiting to be sent; beyond it the oldest is dropped and logged
     */
    public record Webhook(
            @Setting String url,
            @Setting(def = "5000") long timeoutMs,
            @Setting(def = "5") int maxRetries,
            @Setting(def = "500") long backoffMs,
            @Setting(def = "blue") String minLevel,
            @Setting(def = "10000") int queueSize) {
        public Webhook {
            if (url != null && url.isBlank()) url = null;
            if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("webhook.url must start with http:// or https://: " + url);
            }
            if (minLevel == null || dev.vigil.rules.Level.parse(minLevel) == null) {
                throw new IllegalArgumentException("webhook.min_level must be blue, yellow, orange or red, got '" + minLevel + "'");
            }
            if (timeoutMs <= 0 || maxRetries < 0 || backoffMs <= 0 || queueSize <= 0) {
                throw new IllegalArgumentException("webhook: timeout_ms, backoff_ms and queue_size must be positive, max_retries not negative");
            }
        }

        /** The declared defaults (no url: no webhook). */
        public static Webhook defaults() {
            return GatewayConfig.defaults().webhook();
        }

        /** A copy sending to {@code newUrl} with other timing. */
        public Webhook to(String newUrl, long newTimeoutMs, int newMaxRetries, long newBackoffMs) {
            return new Webhook(newUrl, newTimeoutMs, newMaxRetries, newBackoffMs, minLevel, queueSize);
        }

        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * Limits applied to every payload, whatever the protocol.
     *
     * @param maxFutureSkewMs  how far a reading's ts may lie in the future (default 5 minutes)
     * @param maxPastAgeMs     how far in the past (default 30 days, for backfills)
     * @param maxBatch         readings in one backfill array
     * @param maxPayloadBytes  largest payload accepted (default 256 KiB)
     * @param warmupMs         time budget of the start-up warm-up of the ingest code (decoding and validation of
     *                         synthetic payloads, line-protocol encoding; before the adapters start; 0 = none)
     */
    public record Validation(
            @Setting(def = "300000", was = "max_future_skew_seconds") long maxFutureSkewMs,
            @Setting(def = "2592000000", was = "max_past_age_seconds") long maxPastAgeMs,
            @Setting(def = "10000") int maxBatch,
            @Setting(def = "262144") int maxPayloadBytes,
            @Setting(def = "2000") long warmupMs) {
        public Validation {
            if (maxFutureSkewMs < 0) throw new IllegalArgumentException("validation.max_future_skew_ms must not be negative, got " + maxFutureSkewMs);
            if (maxPastAgeMs < 0) throw new IllegalArgumentException("validation.max_past_age_ms must not be negative, got " + maxPastAgeMs);
            if (maxBatch < 1) throw new IllegalArgumentException("validation.max_batch must be positive, got " + maxBatch);
            if (maxPayloadBytes < 64) throw new IllegalArgumentException("validation.max_payload_bytes must be at least 64, got " + maxPayloadBytes);
            if (warmupMs < 0) throw new IllegalArgumentException("validation.warmup_ms must not be negative, got " + warmupMs);
        }
    }

    /**
     * The gateway's own MQTT endpoint: plain MQTT on {@code port}, and MQTT over TLS on
     * {@code tls_port} when {@code cert_file} and {@code key_file} are set.
     *
     * @param enabled         serve MQTT
     * @param host            bind address
     * @param port            TCP port of plain MQTT (0 picks a free one)
     * @param receiveMaximum  QoS 1 messages a client may have in flight, advertised in CONNACK
     * @param instances       event-loop instances of the endpoint verticle (unset: number of cores)
     * @param tlsPort         TCP port of MQTT over TLS (0 picks a free one); used only with a certificate
     * @param certFile        PEM file with the server certificate (and its chain); unset: no TLS port
     * @param keyFile         PEM file with the server certificate's private key
     * @param clientCaFile    PEM file with the CA(s) that sign device certificates
     * @param clientAuth      device certificates on the TLS port: none, request (a device may log in with
     *                        its certificate or its token) or required (every TLS client must present one)
     */
    public record Mqtt(
            @Setting(def = "true") boolean enabled,
            @Setting(def = "0.0.0.0") String host,
            @Setting(def = "1883") int port,
            @Setting(def = "1000") int receiveMaximum,
            @Setting Integer instances,
            @Setting(def = "8883") int tlsPort,
            @Setting String certFile,
            @Setting String keyFile,
            @Setting String clientCaFile,
            @Setting(def = "none") String clientAuth) {
        /** The values of {@code mqtt.client_auth}. */
        public static final java.util.List<String> CLIENT_AUTH = java.util.List.of("none", "request", "required");

        public Mqtt {
            if (instances == null) instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            if (port < 0 || port > 65535) throw new IllegalArgumentException("mqtt.port: " + port + " is not a TCP port (0-65535)");
            if (tlsPort < 0 || tlsPort > 65535) throw new IllegalArgumentException("mqtt.tls_port: " + tlsPort + " is not a TCP port (0-65535)");
            if (receiveMaximum < 1 || receiveMaximum > 65535) {
                throw new IllegalArgumentException("mqtt.receive_maximum: " + receiveMaximum + " is outside 1..65535");
            }
            if (instances < 1) throw new IllegalArgumentException("mqtt.instances must be positive, got " + instances);
            certFile = PemFiles.blankToNull(certFile);
            keyFile = PemFiles.blankToNull(keyFile);
            clientCaFile = PemFiles.blankToNull(clientCaFile);
            clientAuth = clientAuth == null ? "none" : clientAuth.trim().toLowerCase(java.util.Locale.ROOT);
            if (!CLIENT_AUTH.contains(clientAuth)) {
                throw new IllegalArgumentException("mqtt.client_auth must be none, request or required, got '" + clientAuth + "'");
            }
            PemFiles.checkPair("mqtt", certFile, keyFile);
            if (certFile != null && port != 0 && port == tlsPort) {
                throw new IllegalArgumentException("mqtt.tls_port: " + tlsPort + " is also mqtt.port; MQTT over TLS needs a port of its own");
            }
            if (!"none".equals(clientAuth) && certFile == null) {
                throw new IllegalArgumentException("mqtt.client_auth: " + clientAuth + " needs MQTT over TLS: set mqtt.cert_file and mqtt.key_file");
            }
            if (!"none".equals(clientAuth) && clientCaFile == null) {
                throw new IllegalArgumentException("mqtt.client_auth: " + clientAuth
                        + " needs mqtt.client_ca_file, the CA that signs the device certificates");
            }
            if ("none".equals(clientAuth) && clientCaFile != null) {
                throw new IllegalArgumentException("mqtt.client_ca_file is set but mqtt.client_auth is none: "
                        + "set client_auth to request or required, or remove client_ca_file");
            }
            if (clientCaFile != null) PemFiles.checkCertificates("mqtt.client_ca_file", clientCaFile);
        }

        /** True when MQTT over TLS is served (a certificate and key are configured). */
        public boolean tls() {
            return certFile != null;
        }

        /** A copy bound to other addresses (0 = any free port) with {@code n} instances, for tests and side-by-side gateways. */
        public Mqtt withAddress(String newHost, int newPort, int newTlsPort, int n) {
            return new Mqtt(enabled, newHost, newPort, receiveMaximum, n, newTlsPort, certFile, keyFile, clientCaFile, clientAuth);
        }

        /** A copy serving MQTT over TLS from these PEM files ({@code caFile} null and {@code auth} "none": no device certificates). */
        public Mqtt withTls(String cert, String key, String caFile, String auth) {
            return new Mqtt(enabled, host, port, receiveMaximum, instances, tlsPort, cert, key, caFile, auth);
        }
    }

    /**
     * HTTP API (alerts, health, metrics) and dashboard; HTTPS when {@code cert_file} and {@code key_file} are set.
     *
     * @param host     bind address
     * @param port     TCP port (0 picks a free one)
     * @param certFile PEM file with the server certificate (and its chain); unset: plain HTTP
     * @param keyFile  PEM file with its private key
     * @param mapTileUrl         a tile server for the console's map ({z}/{x}/{y} URL template, e.g. a site's own
     *                           tile cache); unset: the map draws the shipped district outlines only
     * @param mapTileAttribution the tiles' attribution text shown on the map
     */
    public record Http(
            @Setting(def = "0.0.0.0") String host,
            @Setting(def = "8080") int port,
            @Setting String certFile,
            @Setting String keyFile,
            @Setting String mapTileUrl,
            @Setting(def = "") String mapTileAttribution) {
        public Http {
            mapTileUrl = PemFiles.blankToNull(mapTileUrl);
            mapTileAttribution = mapTileAttribution == null ? "" : mapTileAttribution;
            if (mapTileUrl != null && !mapTileUrl.matches("https?://[^\\s/]+/\\S*\\{z}\\S*\\{x}\\S*\\{y}\\S*")) {
                throw new IllegalArgumentException("http.map_tile_url: '" + mapTileUrl
                        + "' is not a tile URL template like https://tiles.example.org/{z}/{x}/{y}.png");
            }
            if (port < 0 || port > 65535) throw new IllegalArgumentException("http.port: " + port + " is not a TCP port (0-65535)");
            certFile = PemFiles.blankToNull(certFile);
            keyFile = PemFiles.blankToNull(keyFile);
            PemFiles.checkPair("http", certFile, keyFile);
        }

        /** True when the API is served over HTTPS. */
        public boolean tls() {
            return certFile != null;
        }

        /** A copy bound to another address (0 = any free port). */
        public Http withAddress(String newHost, int newPort) {
            return new Http(newHost, newPort, certFile, keyFile, mapTileUrl, mapTileAttribution);
        }

        /** A copy serving HTTPS from these PEM files (null, null: plain HTTP). */
        public Http withTls(String cert, String key) {
            return new Http(host, port, cert, key, mapTileUrl, mapTileAttribution);
        }

        /** A copy whose console map draws tiles from this URL template (null: none). */
        public Http withMapTiles(String url, String attribution) {
            return new Http(host, port, certFile, keyFile, url, attribution);
        }
    }
}
