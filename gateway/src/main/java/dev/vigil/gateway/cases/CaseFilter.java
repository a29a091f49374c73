package dev.vigil.gateway.cases;

import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.auth.Role;
import dev.vigil.rules.Level;
import io.vertx.core.MultiMap;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filters of {@code GET /api/v1/cases}: {@code level} (comma-separated), {@code min_level},
 * {@code enterprise}, {@code region}, {@code profile}, {@code device}, {@code rule}, {@code state}
 * (case states, comma-separated, or {@code open} = not closed nor false alarm, {@code closed},
 * {@code all}; default all), {@code overdue=true|false}, {@code mine=true} (cases whose next step is
 * the caller's: a transition other than false_alarm is open to its role) and {@code limit}.
 */
record CaseFilter(Set<Level> levels, String enterprise, String region, String profile, String device, String rule,
                  Set<CaseState> states, Boolean overdue, boolean mine) {
    private static final Set<String> KNOWN = Set.of("level", "min_level", "enterprise", "region", "profile", "device", "rule",
            "state", "overdue", "mine", "limit");

    static CaseFilter parse(MultiMap q) {
        for (String name : q.names()) {
            if (!KNOWN.contains(name)) {
                throw new AlertFilter.BadParameter("unknown query parameter '" + name + "'; accepted: " + new TreeSet<>(KNOWN));
            }
        }
        Set<Level> levels = EnumSet.allOf(Level.class);
        if (q.get("level") != null) {
            levels = EnumSet.noneOf(Level.class);
            for (String s : q.get("level").split(",")) levels.add(level("level", s));
        }
        if (q.get("min_level") != null) {
            Level m = level("min_level", q.get("min_level"));
            levels.removeIf(l -> l.ordinal() < m.ordinal());
        }
        Set<CaseState> states = EnumSet.allOf(CaseState.class);
        String st = q.get("state");
        if (st != null && !st.isBlank()) {
            states = EnumSet.noneOf(CaseState.class);
            for (String s : st.split(",")) {
                String v = s.strip().toLowerCase(Locale.ROOT);
                switch (v) {
                    case "all" -> states.addAll(EnumSet.allOf(CaseState.class));
                    case "open" -> EnumSet.allOf(CaseState.class).stream().filter(c -> !c.terminal()).forEach(states::add);
                    case "closed" -> states.addAll(EnumSet.of(CaseState.CLOSED, CaseState.FALSE_ALARM));
                    default -> {
                        CaseState c = CaseState.parse(v);
                        if (c == null) {
                            throw new AlertFilter.BadParameter("state must be open, closed, all or case states (raised, received, "
                                    + "dispatched, handled, verified, closed, rejected, false_alarm), got '" + s.strip() + "'");
                        }
                        states.add(c);
                    }
                }
            }
        }
        return new CaseFilter(levels, blank(q.get("enterprise")), blank(q.get("region")), blank(q.get("profile")),
                blank(q.get("device")), blank(q.get("rule")), states, bool("overdue", q.get("overdue")),
                Boolean.TRUE.equals(bool("mine", q.get("mine"))));
    }

    private static Boolean bool(String param, String v) {
        if (v == null || v.isBlank()) return null;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new AlertFilter.BadParameter(param + " must be true or false, got '" + v + "'");
        };
    }

    private static Level level(String param, String s) {
        Level l = Level.parse(s);
        if (l == null) throw new AlertFilter.BadParameter(param + " must be blue, yellow, orange or red, got '" + s.trim() + "'");
        return l;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** True when the case matches; {@code overdueNow} tells whether a deadline of it is past. */
    boolean matches(Case c, boolean overdueNow, Role role) {
        if (!levels.contains(c.level()) || !states.contains(c.state())) return false;
        if (!eq(enterprise, c.enterprise()) || !eq(region, c.region()) || !eq(profile, c.profile()) || !eq(device, c.device())
                || !eq(rule, c.rule())) {
            return false;
        }
        if (overdue != null && overdue != overdueNow) return false;
        return !mine || c.state().nextFor(role).stream().anyMatch(s -> s != CaseState.FALSE_ALARM);
    }

    private static boolean eq(String want, String have) {
        return want == null || want.equals(have);
    }
}
