package dev.vigil.gateway.auth;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * Log-in and sessions of the HTTP API ({@code auth:} in the configuration).
 *
 * @param users                      the users file (written by {@code vigil user ...}; re-read within a second of a change)
 * @param sessionIdleMs              a session unused this long ends (the next request answers 401)
 * @param sessionMaxMs               a session ends this long after log-in, used or not
 * @param loginMaxFailuresPerUser    failed log-ins for one user name within the window that block that name
 * @param loginMaxFailuresPerAddress failed log-ins from one address within the window that block that address
 * @param loginWindowMs              the window
 * @param loginBlockMs               how long a blocked name or address is refused (429 with Retry-After)
 */
public record AuthConfig(
        @Setting(def = "config/users.yaml") String users,
        @Setting(def = "1800000") long sessionIdleMs,
        @Setting(def = "43200000") long sessionMaxMs,
        @Setting(def = "5") int loginMaxFailuresPerUser,
        @Setting(def = "20") int loginMaxFailuresPerAddress,
        @Setting(def = "900000") long loginWindowMs,
        @Setting(def = "900000") long loginBlockMs) {
    public AuthConfig {
        if (users == null || users.isBlank()) throw new IllegalArgumentException("auth.users must name the users file");
        if (sessionIdleMs <= 0) throw new IllegalArgumentException("auth.session_idle_ms must be positive, got " + sessionIdleMs);
        if (sessionMaxMs < sessionIdleMs) {
            throw new IllegalArgumentException("auth.session_max_ms (" + sessionMaxMs + ") must not be below auth.session_idle_ms (" + sessionIdleMs + ")");
        }
        if (loginMaxFailuresPerUser < 1 || loginMaxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("auth.login_max_failures_per_user and _per_address must be at least 1");
        }
        if (loginWindowMs <= 0 || loginBlockMs <= 0) throw new IllegalArgumentException("auth.login_window_ms and login_block_ms must be positive");
    }

    /** The declared defaults. */
    public static AuthConfig defaults() {
        return GatewayConfig.defaults().auth();
    }

    /** A copy reading another users file. */
    public AuthConfig withUsers(String file) {
        return new AuthConfig(file, sessionIdleMs, sessionMaxMs, loginMaxFailuresPerUser, loginMaxFailuresPerAddress, loginWindowMs, loginBlockMs);
    }

    /** A copy with other session lifetimes. */
    public AuthConfig withSessions(long idleMs, long maxMs) {
        return new AuthConfig(users, idleMs, maxMs, loginMaxFailuresPerUser, loginMaxFailuresPerAddress, loginWindowMs, loginBlockMs);
    }

    /** A copy with other log-in limits. */
    public AuthConfig withLoginLimits(int perUser, int perAddress, long windowMs, long blockMs) {
        return new AuthConfig(users, sessionIdleMs, sessionMaxMs, perUser, perAddress, windowMs, blockMs);
    }
}
