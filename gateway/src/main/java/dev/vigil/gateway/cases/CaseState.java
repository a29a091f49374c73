package dev.vigil.gateway.cases;

import dev.vigil.gateway.auth.Role;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a disposal case (闭环处置) and who may move a case from one to the next:
 * {@code raised → received → dispatched → handled → verified → closed}, {@code handled → rejected
 * → handled} when verification fails, and {@code false_alarm} from any open state but verified.
 * Regulators (and admins) receive, dispatch, verify, reject, close and declare a false alarm;
 * enterprise users (and admins) report their own case handled; inspectors only read.
 */
public enum CaseState {
    RAISED("待签收", "raised", 0),
    RECEIVED("已签收", "received", 1),
    DISPATCHED("已派单", "dispatched", 2),
    HANDLED("已处置", "handled", 3),
    VERIFIED("已核查", "verified", 4),
    CLOSED("已办结", "closed", 5),
    REJECTED("核查未通过", "rejected", 2),
    FALSE_ALARM("误报", "false_alarm", 5);

    private final String labelZh;
    private final String labelEn;
    private final int rank;

    CaseState(String labelZh, String labelEn, int rank) {
        this.labelZh = labelZh;
        this.labelEn = labelEn;
        this.rank = rank;
    }

    /** The name in JSON, in InfluxDB and in the deadlines file: raised ... false_alarm. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String labelZh() {
        return labelZh;
    }

    public String labelEn() {
        return labelEn;
    }

    /** True for closed and false_alarm: nothing more happens to the case. */
    public boolean terminal() {
        return this == CLOSED || this == FALSE_ALARM;
    }

    /**
     * True when a case in this state has reached {@code step} for its deadline (a rejected case is
     * back before handled; a closed or false-alarm case has reached every step).
     */
    public boolean reached(CaseState step) {
        return rank >= step.rank;
    }

    /** The state named {@code s} (case-insensitive, {@code false-alarm} too), or null. */
    public static CaseState parse(String s) {
        if (s == null) return null;
        String n = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CaseState c : values()) if (c.name().equals(n)) return c;
        return null;
    }

    /** The states a case in this state may move to, whoever asks. */
    public List<CaseState> next() {
        return switch (this) {
            case RAISED -> List.of(RECEIVED, FALSE_ALARM);
            case RECEIVED -> List.of(DISPATCHED, FALSE_ALARM);
            case DISPATCHED -> List.of(HANDLED, FALSE_ALARM);
            case HANDLED -> List.of(VERIFIED, REJECTED, FALSE_ALARM);
            case REJECTED -> List.of(HANDLED, FALSE_ALARM);
            case VERIFIED -> List.of(CLOSED);
            case CLOSED, FALSE_ALARM -> List.of();
        };
    }

    /** The roles that may move a case into this state (from a state where that is legal). */
    public Set<Role> movers() {
        return switch (this) {
            case HANDLED -> EnumSet.of(Role.ADMIN, Role.ENTERPRISE);
            case RECEIVED, DISPATCHED, VERIFIED, CLOSED, REJECTED, FALSE_ALARM -> EnumSet.of(Role.ADMIN, Role.REGULATOR);
            case RAISED -> EnumSet.noneOf(Role.class);
        };
    }

    /** The states {@code role} may move a case in this state to. */
    public List<CaseState> nextFor(Role role) {
        List<CaseState> out = new ArrayList<>();
        for (CaseState s : next()) if (s.movers().contains(role)) out.add(s);
        return out;
    }

    /** True when moving into this state needs a comment: what was done (handled), why (rejected, false_alarm). */
    public boolean needsComment() {
        return this == HANDLED || this == REJECTED || this == FALSE_ALARM;
    }

    /** Names of states, for messages and JSON. */
    static List<String> ids(List<CaseState> states) {
        return states.stream().map(CaseState::id).toList();
    }
}
