package dev.vigil.rules;

import java.util.Map;

/**
 * The current picture of one alert, built from its events: level, when it was raised, changed and
 * cleared, and who acknowledged it.
 *
 * @param alertId     stable id
 * @param deviceId    device
 * @param profile     device profile
 * @param enterprise  device enterprise
 * @param region      device region
 * @param ruleId      rule
 * @param ruleVersion rule version of the latest event
 * @param level       current level (for a cleared alert: the level it had)
 * @param raisedAt    time of RAISED
 * @param updatedAt   time of the latest rule event
 * @param clearedAt   time of CLEARED, or -1 while open
 * @param message     message of the latest rule event
 * @param evidence    evidence of the latest rule event
 * @param ackBy       who acknowledged last, or null
 * @param ackAt       when, or -1
 * @param ackComment  their comment, or null
 */
public record Alert(String alertId, String deviceId, String profile, String enterprise, String region,
                    String ruleId, int ruleVersion, Level level, long raisedAt, long updatedAt, long clearedAt,
                    String message, Map<String, Object> evidence, String ackBy, long ackAt, String ackComment) {

    public Alert {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** True until the alert is cleared. */
    public boolean open() { return clearedAt < 0; }

    /** True once someone acknowledged it. */
    public boolean acknowledged() { return ackBy != null; }
}
