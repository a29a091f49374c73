package dev.vigil.gateway.hj212;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * The HJ 212-2017 endpoint (CEMS data loggers over TCP), section {@code hj212:} of the config.
 *
 * @param enabled         serve HJ 212 (default true)
 * @param host            bind address (default 0.0.0.0)
 * @param port            TCP port (default 9212; the standard fixes none, each platform picks
 *                        its own; 0 picks a free one)
 * @param idleTimeoutMs   a connection silent this long is closed, dropping any half-received
 *                        frame (default 300000: loggers send real-time data every 30 s or more)
 * @param maxFrameBytes   longest frame accepted, "##" to CR LF (default 4096; the standard's data
 *                        segment is at most 1024 bytes, some loggers send longer ones); longer
 *                        frames are dropped and counted
 * @param maxAuthFailures frames with an unknown MN or a wrong PW before the connection is closed
 *                        (default 3)
 * @param splitTimeoutMs  a message split into packets (Flag bit 1, PNUM / PNO) that is not complete
 *                        this long after its first packet is dropped, counted and logged (default
 *                        30000: loggers send the packets back to back and resend unanswered
 *                        messages after 10 s or more)
 * @param splitMaxPending incomplete split messages held per connection (default 4); a new one
 *                        beyond evicts the oldest (counted)
 * @param splitMaxPackets largest PNUM accepted (default 32); a packet with a larger one is dropped
 *                        as malformed
 */
public record Hj212Config(
        @Setting(def = "true") boolean enabled,
        @Setting(def = "0.0.0.0") String host,
        @Setting(def = "9212") int port,
        @Setting(def = "300000") long idleTimeoutMs,
        @Setting(def = "4096") int maxFrameBytes,
        @Setting(def = "3") int maxAuthFailures,
        @Setting(def = "30000") long splitTimeoutMs,
        @Setting(def = "4") int splitMaxPending,
        @Setting(def = "32") int splitMaxPackets) {

    public Hj212Config {
        if (host == null || host.isBlank()) host = "0.0.0.0";
        if (port < 0 || port > 65535) throw new IllegalArgumentException("hj212.port must be 0..65535, got " + port);
        if (idleTimeoutMs <= 0) throw new IllegalArgumentException("hj212.idle_timeout_ms must be positive, got " + idleTimeoutMs);
        if (maxFrameBytes < 64 || maxFrameBytes > 9999 + 12) {
            throw new IllegalArgumentException("hj212.max_frame_bytes must be 64..10011 (the length field has four digits), got " + maxFrameBytes);
        }
        if (maxAuthFailures < 1) throw new IllegalArgumentException("hj212.max_auth_failures must be at least 1, got " + maxAuthFailures);
        if (splitTimeoutMs <= 0) throw new IllegalArgumentException("hj212.split_timeout_ms must be positive, got " + splitTimeoutMs);
        if (splitMaxPending < 1) throw new IllegalArgumentException("hj212.split_max_pending must be at least 1, got " + splitMaxPending);
        if (splitMaxPackets < 1 || splitMaxPackets > 9999) {
            throw new IllegalArgumentException("hj212.split_max_packets must be 1..9999 (PNUM has four digits), got " + splitMaxPackets);
        }
    }

    /** Every default. */
    public static Hj212Config defaults() {
        return GatewayConfig.defaults().hj212();
    }

    /** The same settings on another host and port (tests use 127.0.0.1 and 0). */
    public Hj212Config withAddress(String newHost, int newPort) {
        return new Hj212Config(enabled, newHost, newPort, idleTimeoutMs, maxFrameBytes, maxAuthFailures,
                splitTimeoutMs, splitMaxPending, splitMaxPackets);
    }

    /** Longest data segment: the frame limit without "##", length, check code and CR LF. */
    public int maxDataBytes() {
        return maxFrameBytes - dev.vigil.profile.hj212.Hj212Frame.OVERHEAD;
    }
}
