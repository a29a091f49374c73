package dev.vigil.rules.model;

import java.util.List;
import java.util.Map;

/**
 * One rule as written in a profile or rule file, after overrides are merged: what it watches,
 * its levels, how conditions must hold and clear, and when it is active or quiet.
 *
 * @param id            rule id, unique within a profile; rule files override by id
 * @param version       bumped by the author when the rule changes (carried on every event)
 * @param name          name in Chinese and English (used in messages)
 * @param kind          rule kind
 * @param scope         devices it applies to
 * @param enabled       false disables the rule for its scope
 * @param levels        one entry per level, lowest level first
 * @param field         watched field (threshold, window, rate, flatline; optional for offline)
 * @param valueExpr     CEL expression computing the aggregated value instead of a field (window), or null
 * @param where         CEL filter: only readings where it is true enter the window (window) or are
 *                      observations at all (threshold, expression), or null
 * @param window        window of window / rate rules, else null
 * @param geofence      position test of geofence rules, else null
 * @param tolerance     flatline: largest change still counted as "unchanged"; clock_drift: largest
 *                      drift accepted, in milliseconds
 * @param hysteresis    band a value must fall back past before a level is left (NaN: none)
 * @param clearWhen     CEL expression that must be true before an open alert clears, or null
 * @param clearDelayMillis the alert clears (or de-escalates) only after the lower state held this long
 * @param maxGapMillis  longest gap between readings that keeps a pending duration, or -1 for the engine default
 * @param tolerateMillis a pending duration survives the condition lapsing for less than this (fatigue rests)
 * @param lastReading   offline: CEL condition on the last reading; silence counts only when it held, or null
 * @param schedule      when the rule is active, or null for always
 * @param quietWhen     CEL expression: while true the rule raises nothing and open alerts clear, or null
 * @param params        device parameters the expressions use, with default values
 * @param file          file the rule came from (its last override)
 * @param line          line of the rule in that file
 * @param lines         line of each expression key ("when", "where", "quiet_when" ...) for messages
 * @param definition    the merged YAML content as plain values; equal definitions mean an unchanged rule
 * @param period        the period averages the rule evaluates ("minute", "hour", "day": e.g. a
 *                      station's own HJ 212 hourly means), or null for the device's readings
 *                      (period averages never reach rules without a period)
 * @param autoClose     true when the alert clearing also closes its disposal case (key auto_close); by
 *                      default a case stays open until a regulator closes it
 */
public record Rule(String id, int version, Text name, RuleKind kind, Scope scope, boolean enabled,
                   List<LevelSpec> levels, String field, String valueExpr, String where,
                   WindowSpec window, GeofenceSpec geofence, double tolerance, double hysteresis,
                   String clearWhen, long clearDelayMillis, long maxGapMillis, long tolerateMillis,
                   String lastReading, Schedule schedule, String quietWhen, Map<String, Object> params,
                   String file, int line, Map<String, Integer> lines, Object definition, String period,
                   boolean autoClose) {

    public Rule {
        levels = levels == null ? List.of() : List.copyOf(levels);
        params = params == null ? Map.of() : Map.copyOf(params);
        lines = lines == null ? Map.of() : Map.copyOf(lines);
    }

    /** Line of an expression key, falling back to the rule's line. */
    public int lineOf(String key) {
        return lines.getOrDefault(key, line);
    }

    /** "file:line" of the rule, for messages. */
    public String location() {
        return file + ":" + line;
    }
}
