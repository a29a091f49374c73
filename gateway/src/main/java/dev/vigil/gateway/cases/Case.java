package dev.vigil.gateway.cases;

import dev.vigil.rules.Level;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One alert's disposal case as the {@link CaseBook} keeps it: the alert's facts, the case's state,
 * its timeline and the escalation reached per step. Mutable; owned by the book's thread. The API
 * sees {@link #copy() copies}.
 */
public final class Case {
    final String id;
    final String device;
    final String profile;
    final String enterprise;
    final String region;
    final String rule;
    String ruleKind;
    int ruleVersion;
    Level level;
    final long raisedAt;
    long clearedAt = -1;
    boolean autoClose;
    CaseState state = CaseState.RAISED;
    long updatedAt;
    final List<Entry> timeline = new ArrayList<>();
    /** Escalation level reached per step (OVERDUE rows stored). */
    final Map<CaseState, Integer> escalations = new EnumMap<>(CaseState.class);
    /** Earliest time an escalation may fall due; 0 = to be computed (after a change of state or level). */
    long nextDue;
    /** When each state was last entered. */
    final Map<CaseState, Long> entered = new EnumMap<>(CaseState.class);

    /**
     * One line of the timeline: a rule event (raised, escalated, deescalated, cleared, acknowledged)
     * or a case step (transition, overdue).
     *
     * @param time       epoch ms
     * @param kind       lower-case kind
     * @param level      alert level at that moment
     * @param actor      who (null for rule events)
     * @param comment    comment or message
     * @param from       case state before (case steps), else null
     * @param to         case state after (case steps), else null
     * @param step       overdue step, else null
     * @param escalation overdue escalation level, else 0
     * @param due        when the overdue escalation fell due, else 0
     */
    public record Entry(long time, String kind, Level level, String actor, String comment, String from, String to,
                        String step, int escalation, long due) {}

    Case(String id, String device, String profile, String enterprise, String region, String rule, String ruleKind,
         int ruleVersion, Level level, long raisedAt) {
        this.id = id;
        this.device = device;
        this.profile = profile;
        this.enterprise = enterprise;
        this.region = region;
        this.rule = rule;
        this.ruleKind = ruleKind;
        this.ruleVersion = ruleVersion;
        this.level = level;
        this.raisedAt = raisedAt;
        this.updatedAt = raisedAt;
        entered.put(CaseState.RAISED, raisedAt);
    }

    /** A snapshot for another thread. */
    public Case copy() {
        return copy(true);
    }

    /** A snapshot for another thread; without the timeline (lists) it is cheaper. */
    Case copy(boolean withTimeline) {
        Case c = new Case(id, device, profile, enterprise, region, rule, ruleKind, ruleVersion, level, raisedAt);
        c.clearedAt = clearedAt;
        c.autoClose = autoClose;
        c.state = state;
        c.updatedAt = updatedAt;
        if (withTimeline) c.timeline.addAll(timeline);
        c.escalations.putAll(escalations);
        c.entered.putAll(entered);
        return c;
    }

    public String id() {
        return id;
    }

    public String device() {
        return device;
    }

    public String profile() {
        return profile;
    }

    public String enterprise() {
        return enterprise;
    }

    public String region() {
        return region;
    }

    public String rule() {
        return rule;
    }

    /** The rule's kind (threshold, offline ...) as its events' evidence named it, or null. */
    public String ruleKind() {
        return ruleKind;
    }

    public Level level() {
        return level;
    }

    public long raisedAt() {
        return raisedAt;
    }

    /** When the alert cleared, or -1 while it is open. */
    public long clearedAt() {
        return clearedAt;
    }

    public boolean autoClose() {
        return autoClose;
    }

    public CaseState state() {
        return state;
    }

    /** Time of the latest case step (or the raise). */
    public long updatedAt() {
        return updatedAt;
    }

    public List<Entry> timeline() {
        return List.copyOf(timeline);
    }

    /** The escalation reached for a step, 0 when none. */
    public int escalation(CaseState step) {
        return escalations.getOrDefault(step, 0);
    }

    /** When the case last entered {@code s}, or -1. */
    public long entered(CaseState s) {
        return entered.getOrDefault(s, -1L);
    }
}
