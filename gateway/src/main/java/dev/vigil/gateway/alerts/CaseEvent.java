package dev.vigil.gateway.alerts;

import dev.vigil.rules.Level;

import java.util.Locale;

/**
 * A step of an alert's disposal case, stored as a row of {@code alert_events} beside the rule's
 * events and in the same tamper-evident chain: a {@link Kind#TRANSITION} (someone moved the case
 * from one state to another) or an {@link Kind#OVERDUE} escalation (a deadline passed). The tags
 * are the alert's (device, enterprise, region, profile, rule, level); states are lower-case names
 * ({@code raised, received, dispatched, handled, verified, closed, rejected, false_alarm}).
 *
 * @param alertId     the alert (and case) id
 * @param kind        TRANSITION or OVERDUE
 * @param deviceId    the alert's device
 * @param profile     its profile
 * @param enterprise  its enterprise
 * @param region      its region
 * @param ruleId      its rule
 * @param ruleVersion the rule's version when the alert was last changed
 * @param level       the alert's level at this step
 * @param time        when it happened, epoch ms
 * @param actor       who made the transition ("vigil" for the gateway itself: escalations, auto_close)
 * @param comment     the actor's comment, or the gateway's explanation of an escalation
 * @param from        state before (for OVERDUE: the case's state, unchanged)
 * @param to          state after (for OVERDUE: the same as {@code from})
 * @param step        OVERDUE: the state the missed deadline asked for (e.g. received), else null
 * @param escalation  OVERDUE: the escalation level, 1 for the first missed period, 2 for the next ...; else 0
 * @param due         OVERDUE: when this escalation fell due (raise time + escalation × deadline), epoch ms; else 0
 */
public record CaseEvent(String alertId, Kind kind, String deviceId, String profile, String enterprise, String region,
                        String ruleId, int ruleVersion, Level level, long time, String actor, String comment,
                        String from, String to, String step, int escalation, long due) {

    /** What happened to the case. */
    public enum Kind { TRANSITION, OVERDUE }

    /** The kind as the API and the webhook name it: transition or overdue. */
    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
