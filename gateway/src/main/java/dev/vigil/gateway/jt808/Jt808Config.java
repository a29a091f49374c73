package dev.vigil.gateway.jt808;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The JT/T 808 endpoint: the {@code jt808:} section of the gateway config.
 *
 * @param enabled          serve JT/T 808 (default true)
 * @param host             bind address (default 0.0.0.0)
 * @param port             TCP port (default 6808; 0 picks a free one). The standard fixes no port;
 *                         platforms commonly use 6808 or 7611
 * @param idleTimeoutMs    close a connection after this long without a valid message; terminals
 *                         send heartbeats (0x0002) every 30-60 s by default (default 180000)
 * @param maxFrameBytes    longest frame accepted, escaped, without its delimiters (default 4096;
 *                         a full 1023-byte body with header is at most 2084 once escaped)
 * @param maxMessageBytes  largest reassembled split message (default 262144)
 * @param versions         header editions accepted: 2013 and/or 2019 (default both); a frame of
 *                         another edition is dropped
 * @param authCodesFile    where the hashed auth codes issued at registration are kept across
 *                         restarts (default var/jt808-auth-codes.txt)
 * @param maxInFlight      location messages of one connection awaiting storage before the gateway
 *                         stops reading from it (default 256)
 */
public record Jt808Config(Boolean enabled, String host, Integer port,
                          @JsonProperty("idle_timeout_ms") Long idleTimeoutMs,
                          @JsonProperty("max_frame_bytes") Integer maxFrameBytes,
                          @JsonProperty("max_message_bytes") Integer maxMessageBytes,
                          List<Integer> versions,
                          @JsonProperty("auth_codes_file") String authCodesFile,
                          @JsonProperty("max_in_flight") Integer maxInFlight) {

    public Jt808Config {
        if (enabled == null) enabled = true;
        if (host == null || host.isBlank()) host = "0.0.0.0";
        if (port == null) port = 6808;
        if (idleTimeoutMs == null) idleTimeoutMs = 180_000L;
        if (maxFrameBytes == null) maxFrameBytes = 4096;
        if (maxMessageBytes == null) maxMessageBytes = 256 * 1024;
        if (versions == null) versions = List.of(2013, 2019);
        if (authCodesFile == null || authCodesFile.isBlank()) authCodesFile = "var/jt808-auth-codes.txt";
        if (maxInFlight == null) maxInFlight = 256;
        versions = List.copyOf(versions);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("jt808.port: " + port + " is not a TCP port (0-65535)");
        if (idleTimeoutMs <= 0) throw new IllegalArgumentException("jt808.idle_timeout_ms must be positive, got " + idleTimeoutMs);
        if (maxFrameBytes < 64) throw new IllegalArgumentException("jt808.max_frame_bytes: " + maxFrameBytes + " is below the minimum of 64");
        if (maxMessageBytes < 1024) throw new IllegalArgumentException("jt808.max_message_bytes: " + maxMessageBytes + " is below the minimum of 1024");
        if (maxInFlight < 1) throw new IllegalArgumentException("jt808.max_in_flight must be >= 1, got " + maxInFlight);
        if (versions.isEmpty() || !List.of(2013, 2019).containsAll(versions)) {
            throw new IllegalArgumentException("jt808.versions: " + versions + "; accepted: 2013, 2019 (one or both)");
        }
    }

    /** Every default. */
    public static Jt808Config defaults() {
        return new Jt808Config(null, null, null, null, null, null, null, null, null);
    }

    /** A copy on another address (port 0 = any free port), for tests and side-by-side gateways. */
    public Jt808Config withAddress(String newHost, int newPort) {
        return new Jt808Config(enabled, newHost, newPort, idleTimeoutMs, maxFrameBytes, maxMessageBytes, versions, authCodesFile, maxInFlight);
    }

    /** A copy with another auth-code file and idle timeout. */
    public Jt808Config withAuthCodes(String file, long idleMs) {
        return new Jt808Config(enabled, host, port, idleMs, maxFrameBytes, maxMessageBytes, versions, file, maxInFlight);
    }

    /** True when frames with this header edition are accepted. */
    public boolean accepts(boolean v2019) {
        return versions.contains(v2019 ? 2019 : 2013);
    }
}
