package dev.vigil.gateway.coap;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * Settings of the CoAP endpoint: the {@code coap:} section of the gateway config.
 *
 * @param plainEnabled       serve plain (unencrypted) CoAP; key {@code coap.enabled}
 * @param host               address to bind
 * @param port               plain CoAP UDP port, 0 for any free port
 * @param dtlsEnabled        serve CoAP over DTLS with per-device PSKs
 * @param dtlsPort           DTLS UDP port, 0 for any free port
 * @param pskSecret          master secret the device PSKs are derived from (see {@link DevicePsk});
 *                           also read from {@code VIGIL_PSK_SECRET}; required when DTLS is enabled
 * @param maxPayloadBytes    largest accepted request body (a backfill arrives block-wise)
 * @param retryAfterMs       when to retry after 5.03 and 4.29, sent as Max-Age (whole seconds, rounded up)
 * @param ackDelayMillis     for a confirmable request whose reading is not stored yet after this
 *                           long, send an empty ACK and answer separately later; key {@code coap.ack_delay_ms}
 * @param ratePerSecond      per-device limit on single readings per second, 0 = off (backfill
 *                           arrays are never limited); key {@code coap.rate_limit_per_second}
 * @param rateBurst          per-device burst allowance; key {@code coap.rate_limit_burst}
 */
public record CoapConfig(
        @Setting(name = "enabled", def = "true") boolean plainEnabled,
        @Setting(def = "0.0.0.0") String host,
        @Setting(def = "5683") int port,
        @Setting(def = "false") boolean dtlsEnabled,
        @Setting(def = "5684") int dtlsPort,
        @Setting(env = CoapConfig.PSK_SECRET_ENV) String pskSecret,
        @Setting(def = "262144") int maxPayloadBytes,
        @Setting(def = "5000", was = "retry_after_s") long retryAfterMs,
        @Setting(name = "ack_delay_ms", def = "1000") long ackDelayMillis,
        @Setting(name = "rate_limit_per_second", def = "0") double ratePerSecond,
        @Setting(name = "rate_limit_burst", def = "10") int rateBurst) {

    /** Environment variable that sets {@code coap.psk_secret} (as {@code VIGIL_COAP_PSK_SECRET} does). */
    public static final String PSK_SECRET_ENV = "VIGIL_PSK_SECRET";

    public CoapConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("coap.port: " + port + " is not a UDP port (0-65535)");
        if (dtlsPort < 0 || dtlsPort > 65535) throw new IllegalArgumentException("coap.dtls_port: " + dtlsPort + " is not a UDP port (0-65535)");
        if (maxPayloadBytes < 64) throw new IllegalArgumentException("coap.max_payload_bytes: " + maxPayloadBytes + " is below the minimum of 64");
        if (retryAfterMs < 0) throw new IllegalArgumentException("coap.retry_after_ms must be >= 0, got " + retryAfterMs);
        if (ackDelayMillis < 0) throw new IllegalArgumentException("coap.ack_delay_ms must be >= 0, got " + ackDelayMillis);
        if (ratePerSecond < 0) throw new IllegalArgumentException("coap.rate_limit_per_second must be >= 0, got " + ratePerSecond);
        if (rateBurst < 1) throw new IllegalArgumentException("coap.rate_limit_burst must be >= 1, got " + rateBurst);
        if (dtlsEnabled) DevicePsk.checkSecret(pskSecret);
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
    }

    /** The declared defaults: plain CoAP on 5683 for every interface, DTLS off, no rate limit. */
    public static CoapConfig defaults() {
        return GatewayConfig.defaults().coap();
    }

    /** True unless both plain CoAP and DTLS are off (then no endpoint is started). */
    public boolean endpointWanted() {
        return plainEnabled || dtlsEnabled;
    }

    /** {@link #retryAfterMs} as CoAP's Max-Age, in whole seconds rounded up. */
    public int retryAfterSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, (retryAfterMs + 999) / 1000);
    }

    /** A copy with other ports (0 = any free port), for tests and side-by-side gateways. */
    public CoapConfig withPorts(int plainPort, int dtlsPort) {
        return new CoapConfig(plainEnabled, host, plainPort, dtlsEnabled, dtlsPort, pskSecret, maxPayloadBytes,
                retryAfterMs, ackDelayMillis, ratePerSecond, rateBurst);
    }

    /** A copy with DTLS switched on under the given master secret, and plain CoAP on or off. */
    public CoapConfig withDtls(boolean plain, String secret) {
        return new CoapConfig(plain, host, port, true, dtlsPort, secret, maxPayloadBytes,
                retryAfterMs, ackDelayMillis, ratePerSecond, rateBurst);
    }

    /** A copy with another payload limit. */
    public CoapConfig withMaxPayloadBytes(int max) {
        return new CoapConfig(plainEnabled, host, port, dtlsEnabled, dtlsPort, pskSecret, max,
                retryAfterMs, ackDelayMillis, ratePerSecond, rateBurst);
    }

    /** A copy with a per-device rate limit on single readings. */
    public CoapConfig withRateLimit(double perSecond, int burst) {
        return new CoapConfig(plainEnabled, host, port, dtlsEnabled, dtlsPort, pskSecret, maxPayloadBytes,
                retryAfterMs, ackDelayMillis, perSecond, burst);
    }

    @Override
    public String toString() {
        return "CoapConfig[plain=" + plainEnabled + " " + host + ":" + port + ", dtls=" + dtlsEnabled + ":" + dtlsPort
                + ", pskSecret=" + (pskSecret == null ? "unset" : "***") + ", maxPayload=" + maxPayloadBytes
                + ", retryAfter=" + retryAfterMs + "ms, ackDelay=" + ackDelayMillis + "ms, rate="
                + ratePerSecond + "/s burst " + rateBurst + "]";
    }
}
