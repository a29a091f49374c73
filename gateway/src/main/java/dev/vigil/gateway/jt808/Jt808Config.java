package dev.vigil.gateway.jt808;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

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
public record Jt808Config(
        @Setting(def = "true") boolean enabled,
        @Setting(def = "0.0.0.0") String host,
        @Setting(def = "6808") int port,
        @Setting(def = "180000") long idleTimeoutMs,
        @Setting(def = "4096") int maxFrameBytes,
        @Setting(def = "262144") int maxMessageBytes,
        @Setting(def = "2013,2019") String versions,
        @Setting(def = "var/jt808-auth-codes.txt") String authCodesFile,
        @Setting(def = "256") int maxInFlight) {

    public Jt808Config {
        if (host == null || host.isBlank()) host = "0.0.0.0";
        if (port < 0 || port > 65535) throw new IllegalArgumentException("jt808.port: " + port + " is not a TCP port (0-65535)");
        if (idleTimeoutMs <= 0) throw new IllegalArgumentException("jt808.idle_timeout_ms must be positive, got " + idleTimeoutMs);
        if (maxFrameBytes < 64) throw new IllegalArgumentException("jt808.max_frame_bytes: " + maxFrameBytes + " is below the minimum of 64");
        if (maxMessageBytes < 1024) throw new IllegalArgumentException("jt808.max_message_bytes: " + maxMessageBytes + " is below the minimum of 1024");
        if (maxInFlight < 1) throw new IllegalArgumentException("jt808.max_in_flight must be >= 1, got " + maxInFlight);
        List<Integer> parsed = parseVersions(versions);
        if (parsed.isEmpty() || !List.of(2013, 2019).containsAll(parsed)) {
            throw new IllegalArgumentException("jt808.versions: '" + versions + "'; accepted: 2013, 2019 (one or both, comma-separated)");
        }
    }

    private static List<Integer> parseVersions(String text) {
        List<Integer> out = new java.util.ArrayList<>();
        if (text == null) return out;
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            try {
                out.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                return List.of(-1);
            }
        }
        return out;
    }

    /** The accepted header editions. */
    public List<Integer> versionList() {
        return parseVersions(versions);
    }

    /** Every default. */
    public static Jt808Config defaults() {
        return GatewayConfig.defaults().jt808();
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
        return versionList().contains(v2019 ? 2019 : 2013);
    }
}
