package dev.vigil.gateway.cases;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * The disposal cases ({@code cases:} in the configuration).
 *
 * @param enabled   keep a case per alert (needs alerts.enabled)
 * @param deadlines the deadlines file (missing: built-in defaults, see {@link Deadlines})
 * @param tickMs    how often deadlines are checked
 * @param restoreMs how far back case steps and alert events are read at start-up (default 90 days)
 */
public record CasesConfig(
        @Setting(def = "true") boolean enabled,
        @Setting(def = "config/deadlines.yaml") String deadlines,
        @Setting(def = "1000") long tickMs,
        @Setting(def = "7776000000") long restoreMs) {
    public CasesConfig {
        if (tickMs <= 0) throw new IllegalArgumentException("cases.tick_ms must be positive, got " + tickMs);
        if (restoreMs <= 0) throw new IllegalArgumentException("cases.restore_ms must be positive, got " + restoreMs);
    }

    /** The declared defaults. */
    public static CasesConfig defaults() {
        return GatewayConfig.defaults().cases();
    }

    /** A copy with another deadlines file and tick. */
    public CasesConfig with(String newDeadlines, long newTickMs) {
        return new CasesConfig(enabled, newDeadlines, newTickMs, restoreMs);
    }
}
