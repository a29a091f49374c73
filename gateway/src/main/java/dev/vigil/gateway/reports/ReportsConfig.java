package dev.vigil.gateway.reports;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * Settings of the supervision reports ({@code reports:} in the configuration).
 *
 * @param validDataThresholdPct a CEMS whose valid-data rate (有效数据率) is below this percentage is listed
 *                              as below the threshold (default 90)
 * @param defaultIntervalS      expected reporting interval in seconds of a device whose profile declares
 *                              neither {@code report_interval_s} nor {@code heartbeat_seconds} and whose
 *                              registry entry sets neither (default 300)
 * @param onlineMaxFields       most fields counted to tell whether a device sent data in an interval: the
 *                              most frequent ones (each costs InfluxDB about one more pass; default 2)
 */
public record ReportsConfig(
        @Setting(def = "90") double validDataThresholdPct,
        @Setting(def = "300") int defaultIntervalS,
        @Setting(def = "2") int onlineMaxFields) {
    public ReportsConfig {
        if (!(validDataThresholdPct >= 0 && validDataThresholdPct <= 100)) {
            throw new IllegalArgumentException("reports.valid_data_threshold_pct must be 0..100, got " + validDataThresholdPct);
        }
        if (defaultIntervalS < 1 || defaultIntervalS > 86_400) {
            throw new IllegalArgumentException("reports.default_interval_s must be 1..86400, got " + defaultIntervalS);
        }
        if (onlineMaxFields < 1 || onlineMaxFields > 64) {
            throw new IllegalArgumentException("reports.online_max_fields must be 1..64, got " + onlineMaxFields);
        }
    }

    /** The declared defaults. */
    public static ReportsConfig defaults() {
        return GatewayConfig.defaults().reports();
    }
}
