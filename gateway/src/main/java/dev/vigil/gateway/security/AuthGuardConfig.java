package dev.vigil.gateway.security;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Limits on credential guessing ({@code auth_guard:} in the configuration).
 *
 * @param enabled     count failures and block at all (default true)
 * @param maxFailures failed log-ins from one address within the window that start a block (default 10)
 * @param windowMs    the window (default 60000)
 * @param blockMs     how long a blocked address is refused (default 300000)
 */
public record AuthGuardConfig(Boolean enabled,
                              @JsonProperty("max_failures") Integer maxFailures,
                              @JsonProperty("window_ms") Long windowMs,
                              @JsonProperty("block_ms") Long blockMs) {
    public AuthGuardConfig {
        if (enabled == null) enabled = true;
        if (maxFailures == null) maxFailures = 10;
        if (windowMs == null) windowMs = 60_000L;
        if (blockMs == null) blockMs = 300_000L;
        if (maxFailures < 1) throw new IllegalArgumentException("auth_guard.max_failures must be at least 1, got " + maxFailures);
        if (windowMs <= 0) throw new IllegalArgumentException("auth_guard.window_ms must be positive, got " + windowMs);
        if (blockMs <= 0) throw new IllegalArgumentException("auth_guard.block_ms must be positive, got " + blockMs);
    }

    /** Every default. */
    public static AuthGuardConfig defaults() {
        return new AuthGuardConfig(null, null, null, null);
    }
}
