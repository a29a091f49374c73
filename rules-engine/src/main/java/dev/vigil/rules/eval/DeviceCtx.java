package dev.vigil.rules.eval;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;

import java.util.Arrays;

/**
 * What the engine knows about one device: its latest value of every field (readings may carry only
 * some fields), when it and each field were last seen, and its rules with their states.
 */
public final class DeviceCtx {
    /** Marks "never" in time fields. */
    public static final long NONE = Long.MIN_VALUE;

    Device device;
    final DeviceProfile profile;
    long lastSeen = NONE;
    /**
     * False for a stream of period averages: each is a whole period's summary, so a value missing
     * from one is unknown, not the previous period's value.
     */
    boolean carryOver = true;
    /** Arrival time of the reading being evaluated when it is live, else {@link #NONE}. */
    long arrivedAt = NONE;
    final long[] fieldSeen;
    /** Set when the device's state changed since the engine last reported its changed devices. */
    boolean changed;
    final Object[] last;
    CompiledRule[] rules = new CompiledRule[0];
    RuleState[] states = new RuleState[0];

    public DeviceCtx(Device device, DeviceProfile profile) {
        this.device = device;
        this.profile = profile;
        this.fieldSeen = new long[profile.fields().size()];
        Arrays.fill(fieldSeen, NONE);
        this.last = new Object[profile.fields().size()];
    }

    public Device device() { return device; }

    public DeviceProfile profile() { return profile; }

    /** Time of the newest reading, or {@link #NONE}. */
    public long lastSeen() { return lastSeen; }

    /** Sets the arrival time of the reading about to be evaluated ({@link #NONE} when it is not live). */
    public void arrivedAt(long t) { this.arrivedAt = t; }

    /** Time a field was last reported, or {@link #NONE}. */
    public long fieldSeen(int index) { return fieldSeen[index]; }

    public CompiledRule[] rules() { return rules; }

    public RuleState[] states() { return states; }

    /** Replaces the device record (parameters may change on a registry reload). */
    public void device(Device d) { this.device = d; }

    /** Sets the rules and their states (same length). */
    public void rules(CompiledRule[] rules, RuleState[] states) {
        this.rules = rules;
        this.states = states;
    }

    /**
     * Takes a reading into the snapshot, unless it is older than the newest one seen.
     *
     * @return false for an out-of-order reading (older than the last seen), which rules ignore
     */
    public boolean accept(long time, Object[] values) {
        if (lastSeen != NONE && time < lastSeen) return false;
        lastSeen = time;
        if (!carryOver) Arrays.fill(last, null);
        for (int i = 0; i < values.length && i < last.length; i++) {
            Object v = values[i];
            if (v != null) {
                last[i] = v;
                fieldSeen[i] = time;
            }
        }
        return true;
    }

    /** Restores last-seen times after a restart (device-wide, and per field when known). */
    public void restoreSeen(long deviceSeen, long[] fields) {
        if (deviceSeen != NONE && (lastSeen == NONE || deviceSeen > lastSeen)) lastSeen = deviceSeen;
        if (fields != null) {
            for (int i = 0; i < fields.length && i < fieldSeen.length; i++) {
                if (fields[i] != NONE && (fieldSeen[i] == NONE || fields[i] > fieldSeen[i])) fieldSeen[i] = fields[i];
            }
        }
    }

    /** Resets the changed flag (the engine reported the device as changed). */
    public void clearChanged() { changed = false; }

    /** Latest value of a field index, or null. */
    public Object value(int index) { return last[index]; }
}
