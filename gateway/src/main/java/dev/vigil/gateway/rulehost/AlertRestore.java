package dev.vigil.gateway.rulehost;

import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.zones.ZoneIndex;

import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The start-up step of the rules host: loads the rule files (refusing to start on a broken one),
 * the zones, the stored alert events of the last {@code restoreDays} and the device last-seen
 * times, so that the engine continues where the previous run stopped. Blocking: run on a worker.
 *
 * @param rules    the loaded rules and the files they came from
 * @param zones    the zone index
 * @param history  stored alert events, oldest first
 * @param lastSeen stored last-seen time per device (and per device field)
 */
record AlertRestore(RulesReloader.RulesLoad rules, ZoneIndex zones, List<AlertEvent> history, Map<String, Long> lastSeen) {

    /** The rules and zones only, nothing restored (cluster mode: states come with the partitions). */
    static AlertRestore rulesOnly(RulesReloader reloader) throws Exception {
        RulesReloader.RulesLoad rules = reloader.loadRules();
        if (!rules.result().ok()) {
            throw new IllegalStateException("rules not loaded:\n  " + String.join("\n  ",
                    rules.result().problems().stream().map(Object::toString).toList()));
        }
        return new AlertRestore(rules, reloader.loadZones(), List.of(), Map.of());
    }

    /** Reads everything the engine needs; fails naming every problem of the rule files. */
    static AlertRestore load(RulesReloader reloader, InfluxAlertStore store, long sinceMillis) throws Exception {
        RulesReloader.RulesLoad rules = reloader.loadRules();
        RuleSetLoader.Result result = rules.result();
        if (!result.ok()) {
            throw new IllegalStateException("rules not loaded:\n  " + String.join("\n  ",
                    result.problems().stream().map(Object::toString).toList()));
        }
        ZoneIndex zones = reloader.loadZones();
        try {
            return new AlertRestore(rules, zones, store.loadEvents(sinceMillis), store.loadLastSeen());
        } catch (IllegalStateException influxDown) {
            // with the spool the gateway must start while InfluxDB is down (no crash loop)
            LoggerFactory.getLogger(AlertRestore.class).error(
                    "open alerts and last-seen times NOT restored (alerts may be raised again): {}", influxDown.getMessage());
            return new AlertRestore(rules, zones, List.of(), Map.of());
        }
    }
}
