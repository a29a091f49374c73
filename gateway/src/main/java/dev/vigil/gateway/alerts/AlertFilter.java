package dev.vigil.gateway.alerts;

import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import io.vertx.core.MultiMap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The filters of {@code GET /api/alerts} and of the live stream, parsed from query parameters:
 * {@code level} (one or more of blue, yellow, orange, red, comma-separated), {@code min_level},
 * {@code enterprise}, {@code region}, {@code profile}, {@code device}, {@code rule},
 * {@code state} (open, closed or all) and {@code from} / {@code to} (epoch milliseconds or
 * ISO-8601, inclusive). A value that cannot be used is refused with a message naming the parameter.
 */
public record AlertFilter(Set<Level> levels, String enterprise, String region, String profile, String device,
                          String rule, State state, long from, long to) {

    /** Which alerts a query returns. */
    public enum State { OPEN, CLOSED, ALL }

    /** Thrown for a query parameter that cannot be used; the message names it. */
    public static final class BadParameter extends RuntimeException {
        public BadParameter(String message) {
            super(message);
        }
    }

    private static final Set<String> KNOWN = Set.of("level", "min_level", "enterprise", "region", "profile", "device",
            "rule", "state", "from", "to", "limit");

    /** Parses the query parameters; {@code defaultState} applies when {@code state} is absent. */
    public static AlertFilter parse(MultiMap q, State defaultState) {
        for (String name : q.names()) {
            if (!KNOWN.contains(name)) {
                throw new BadParameter("unknown query parameter '" + name + "'; accepted: " + new java.util.TreeSet<>(KNOWN));
            }
        }
        Set<Level> levels = EnumSet.allOf(Level.class);
        String level = q.get("level");
        if (level != null) {
            levels = EnumSet.noneOf(Level.class);
            for (String s : level.split(",")) levels.add(level("level", s));
        }
        String min = q.get("min_level");
        if (min != null) {
            Level m = level("min_level", min);
            levels.removeIf(l -> l.ordinal() < m.ordinal());
        }
        State state = defaultState;
        String st = q.get("state");
        if (st != null) {
            state = switch (st.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "open" -> State.OPEN;
                case "closed" -> State.CLOSED;
                case "all" -> State.ALL;
                default -> throw new BadParameter("state must be open, closed or all, got '" + st + "'");
            };
        }
        long from = time("from", q.get("from"), Long.MIN_VALUE);
        long to = time("to", q.get("to"), Long.MAX_VALUE);
        if (from > to) throw new BadParameter("from (" + q.get("from") + ") is after to (" + q.get("to") + ")");
        return new AlertFilter(levels, blank(q.get("enterprise")), blank(q.get("region")), blank(q.get("profile")),
                blank(q.get("device")), blank(q.get("rule")), state, from, to);
    }

    /** The {@code limit} parameter (default {@code def}, at most {@code max}). */
    public static int limit(MultiMap q, int def, int max) {
        String s = q.get("limit");
        if (s == null) return def;
        try {
            int n = Integer.parseInt(s.trim());
            if (n <= 0 || n > max) throw new BadParameter("limit must be between 1 and " + max + ", got " + s);
            return n;
        } catch (NumberFormatException e) {
            throw new BadParameter("limit must be a whole number, got '" + s + "'");
        }
    }

    private static Level level(String param, String s) {
        Level l = Level.parse(s);
        if (l == null) throw new BadParameter(param + " must be blue, yellow, orange or red, got '" + s.trim() + "'");
        return l;
    }

    private static long time(String param, String s, long def) {
        if (s == null || s.isBlank()) return def;
        String v = s.trim();
        if (v.matches("-?\\d+")) return Long.parseLong(v);
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new BadParameter(param + " must be epoch milliseconds or ISO-8601 (2026-11-27T08:00:00Z), got '" + v + "'");
            }
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private boolean matchesCommon(Level level, String ent, String reg, String prof, String dev, String r) {
        return levels.contains(level) && eq(enterprise, ent) && eq(region, reg) && eq(profile, prof)
                && eq(device, dev) && eq(rule, r);
    }

    private static boolean eq(String want, String have) {
        return want == null || want.equals(have);
    }

    /** An alert matches when its fields match and its life [raised, cleared or now] overlaps [from, to]. */
    public boolean matches(Alert a) {
        if (!matchesCommon(a.level(), a.enterprise(), a.region(), a.profile(), a.deviceId(), a.ruleId())) return false;
        if (state == State.OPEN && !a.open()) return false;
        if (state == State.CLOSED && a.open()) return false;
        if (a.raisedAt() > to) return false;
        return a.open() || a.clearedAt() >= from;
    }

    /** An event matches when its fields match and its time lies in [from, to] (state is ignored). */
    public boolean matches(AlertEvent e) {
        return matchesCommon(e.level(), e.enterprise(), e.region(), e.profile(), e.deviceId(), e.ruleId())
                && e.time() >= from && e.time() <= to;
    }

    /** A case step matches when its alert's fields match and its time lies in [from, to] (state is ignored). */
    public boolean matches(CaseEvent e) {
        return matchesCommon(e.level(), e.enterprise(), e.region(), e.profile(), e.deviceId(), e.ruleId())
                && e.time() >= from && e.time() <= to;
    }

    /** Filters a list of alerts, keeping order, up to {@code limit}. */
    public List<Alert> apply(List<Alert> alerts, int limit) {
        return alerts.stream().filter(this::matches).limit(limit).toList();
    }
}
