package dev.vigil.gateway.coap;

import java.util.Map;

/**
 * Settings of the CoAP endpoint: the {@code coap:} section of the gateway config, flat keys so that
 * the usual {@code VIGIL_COAP_<KEY>} environment overrides reach every one of them.
 *
 * @param plainEnabled       serve plain (unencrypted) CoAP; {@code coap.enabled}, default true
 * @param host               address to bind; {@code coap.host}, default 0.0.0.0
 * @param port               plain CoAP UDP port, 0 for any free port; {@code coap.port}, default 5683
 * @param dtlsEnabled        serve CoAP over DTLS with per-device PSKs; {@code coap.dtls_enabled}, default false
 * @param dtlsPort           DTLS UDP port, 0 for any free port; {@code coap.dtls_port}, default 5684
 * @param pskSecret          master secret the device PSKs are derived from (see {@link DevicePsk});
 *                           {@code coap.psk_secret}, overridden by the environment variable
 *                           {@code VIGIL_PSK_SECRET}; required when DTLS is enabled
 * @param maxPayloadBytes    largest accepted request body (a backfill arrives block-wise);
 *                           {@code coap.max_payload_bytes}, default 262144
 * @param overloadMaxAgeSeconds Max-Age sent with 5.03 and 4.29, i.e. when to retry;
 *                           {@code coap.retry_after_s}, default 5
 * @param ackDelayMillis     for a confirmable request whose reading is not stored yet after this
 *                           long, send an empty ACK and answer separately later;
 *                           {@code coap.ack_delay_ms}, default 1000
 * @param ratePerSecond      per-device limit on single readings per second, 0 = off (backfill
 *                           arrays are never limited); {@code coap.rate_limit_per_second}, default 0
 * @param rateBurst          per-device burst allowance; {@code coap.rate_limit_burst}, default 10
 */
public record CoapConfig(boolean plainEnabled, String host, int port, boolean dtlsEnabled, int dtlsPort,
                         String pskSecret, int maxPayloadBytes, int overloadMaxAgeSeconds, long ackDelayMillis,
                         double ratePerSecond, int rateBurst) {

    /** Environment variable that overrides {@code coap.psk_secret}. */
    public static final String PSK_SECRET_ENV = "VIGIL_PSK_SECRET";

    public CoapConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("coap.port: " + port + " is not a UDP port (0-65535)");
        if (dtlsPort < 0 || dtlsPort > 65535) throw new IllegalArgumentException("coap.dtls_port: " + dtlsPort + " is not a UDP port (0-65535)");
        if (maxPayloadBytes < 64) throw new IllegalArgumentException("coap.max_payload_bytes: " + maxPayloadBytes + " is below the minimum of 64");
        if (overloadMaxAgeSeconds < 0) throw new IllegalArgumentException("coap.retry_after_s must be >= 0, got " + overloadMaxAgeSeconds);
        if (ackDelayMillis < 0) throw new IllegalArgumentException("coap.ack_delay_ms must be >= 0, got " + ackDelayMillis);
        if (ratePerSecond < 0) throw new IllegalArgumentException("coap.rate_limit_per_second must be >= 0, got " + ratePerSecond);
        if (rateBurst < 1) throw new IllegalArgumentException("coap.rate_limit_burst must be >= 1, got " + rateBurst);
        if (dtlsEnabled) DevicePsk.checkSecret(pskSecret);
        if (!plainEnabled && !dtlsEnabled) throw new IllegalArgumentException("coap: both plain CoAP (coap.enabled) and DTLS (coap.dtls_enabled) are off");
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
    }

    /** Plain CoAP on 5683 for every interface, DTLS off, no rate limit. */
    public static CoapConfig defaults() {
        return new CoapConfig(true, "0.0.0.0", 5683, false, 5684, null, 256 * 1024, 5, 1000, 0, 10);
    }

    /** Reads the {@code coap:} section of the YAML config (keys as documented above), then {@code VIGIL_PSK_SECRET}. */
    public static CoapConfig fromMap(Map<String, Object> section, Map<String, String> env) {
        CoapConfig d = defaults();
        Map<String, Object> m = section == null ? Map.of() : section;
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) throw new IllegalArgumentException("coap." + key + ": unknown setting; accepted: " + KEYS);
        }
        String secret = env.getOrDefault(PSK_SECRET_ENV, ConfigValues.string(m, "psk_secret", "coap.psk_secret", null));
        return new CoapConfig(
                ConfigValues.bool(m, "enabled", "coap.enabled", d.plainEnabled()),
                ConfigValues.string(m, "host", "coap.host", d.host()),
                ConfigValues.integer(m, "port", "coap.port", d.port()),
                ConfigValues.bool(m, "dtls_enabled", "coap.dtls_enabled", d.dtlsEnabled()),
                ConfigValues.integer(m, "dtls_port", "coap.dtls_port", d.dtlsPort()),
                secret,
                ConfigValues.integer(m, "max_payload_bytes", "coap.max_payload_bytes", d.maxPayloadBytes()),
                ConfigValues.integer(m, "retry_after_s", "coap.retry_after_s", d.overloadMaxAgeSeconds()),
                ConfigValues.integer(m, "ack_delay_ms", "coap.ack_delay_ms", (int) d.ackDelayMillis()),
                ConfigValues.number(m, "rate_limit_per_second", "coap.rate_limit_per_second", d.ratePerSecond()),
                ConfigValues.integer(m, "rate_limit_burst", "coap.rate_limit_burst", d.rateBurst()));
    }

    /** True unless the section switches both plain CoAP and DTLS off (then no endpoint is started). */
    public static boolean enabledIn(Map<String, Object> section) {
        Map<String, Object> m = section == null ? Map.of() : section;
        return ConfigValues.bool(m, "enabled", "coap.enabled", true) || ConfigValues.bool(m, "dtls_enabled", "coap.dtls_enabled", false);
    }

    /** The keys of the {@code coap:} section. */
    public static final java.util.List<String> KEYS = java.util.List.of("enabled", "host", "port", "dtls_enabled", "dtls_port",
            "psk_secret", "max_payload_bytes", "retry_after_s", "ack_delay_ms", "rate_limit_per_second", "rate_limit_burst");

    /** A copy with other ports (0 = any free port), for tests and side-by-side gateways. */
    public CoapConfig withPorts(int plainPort, int dtlsPort) {
        return new CoapConfig(plainEnabled, host, plainPort, dtlsEnabled, dtlsPort, pskSecret, maxPayloadBytes,
                overloadMaxAgeSeconds, ackDelayMillis, ratePerSecond, rateBurst);
    }

    /** A copy with DTLS switched on under the given master secret, and plain CoAP on or off. */
    public CoapConfig withDtls(boolean plain, String secret) {
        return new CoapConfig(plain, host, port, true, dtlsPort, secret, maxPayloadBytes,
                overloadMaxAgeSeconds, ackDelayMillis, ratePerSecond, rateBurst);
    }

    /** A copy with another payload limit. */
    public CoapConfig withMaxPayloadBytes(int max) {
        return new CoapConfig(plainEnabled, host, port, dtlsEnabled, dtlsPort, pskSecret, max,
                overloadMaxAgeSeconds, ackDelayMillis, ratePerSecond, rateBurst);
    }

    /** A copy with a per-device rate limit on single readings. */
    public CoapConfig withRateLimit(double perSecond, int burst) {
        return new CoapConfig(plainEnabled, host, port, dtlsEnabled, dtlsPort, pskSecret, maxPayloadBytes,
                overloadMaxAgeSeconds, ackDelayMillis, perSecond, burst);
    }

    @Override
    public String toString() {
        return "CoapConfig[plain=" + plainEnabled + " " + host + ":" + port + ", dtls=" + dtlsEnabled + ":" + dtlsPort
                + ", pskSecret=" + (pskSecret == null ? "unset" : "***") + ", maxPayload=" + maxPayloadBytes
                + ", retryAfter=" + overloadMaxAgeSeconds + "s, ackDelay=" + ackDelayMillis + "ms, rate="
                + ratePerSecond + "/s burst " + rateBurst + "]";
    }
}
