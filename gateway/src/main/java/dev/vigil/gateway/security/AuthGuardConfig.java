package dev.vigil.gateway.security;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * Limits on credential guessing ({@code auth_guard:} in the configuration).
 *
 * @param enabled     count failures and block at all
 * @param maxFailures failed log-ins from one address within the window that start a block
 * @param windowMs    the window
 * @param blockMs     how long a blocked address is refused
 */
public record AuthGuardConfig(
        @Setting(def = "true") boolean enabled,
        @Setting(def = "10") int maxFailures,
        @Setting(def = "60000") long windowMs,
        @Setting(def = "300000") long blockMs) {
    public AuthGuardConfig {
        if (maxFailures < 1) throw new IllegalArgumentException("auth_guard.max_failures must be at least 1, got " + maxFailures);
        if (windowMs <= 0) throw new IllegalArgumentException("auth_guard.window_ms must be positive, got " + windowMs);
        if (blockMs <= 0) throw new IllegalArgumentException("auth_guard.block_ms must be positive, got " + blockMs);
    }

    /** The declared defaults. */
    public static AuthGuardConfig defaults() {
        return GatewayConfig.defaults().authGuard();
    }
}
