package dev.vigil.rules.eval;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.RuleSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's devices and their rule states; builds a device's rules from the rule set on first
 * sight and rebuilds them on reload, keeping the state of rules whose definition did not change.
 * One instance holds the devices' readings (rules without {@code period}); one per period holds
 * the period averages of that period with the rules of that period (their own snapshot and order).
 */
public final class Devices {
    private final Map<String, DeviceCtx> byId = new HashMap<>();
    private final Evaluator evaluator;
    private final String period;
    private RuleSet rules;

    /** The devices' readings and the rules without a period. */
    public Devices(Evaluator evaluator, RuleSet rules) {
        this(evaluator, rules, null);
    }

    /** The period averages of {@code period} ("hour" ...) and the rules of that period; null: the readings. */
    public Devices(Evaluator evaluator, RuleSet rules, String period) {
        this.evaluator = evaluator;
        this.rules = rules;
        this.period = period;
    }

    /** The period this instance evaluates, or null for the readings. */
    public String period() {
        return period;
    }

    /** The device's context, created (with its rules) on first sight; null device → null. */
    public DeviceCtx get(Device device, DeviceProfile profile) {
        DeviceCtx d = byId.get(device.id());
        if (d == null || d.profile != profile && !d.profile.fields().equals(profile.fields())) {
            DeviceCtx old = d;
            d = new DeviceCtx(device, profile);
            d.carryOver = period == null;
            byId.put(device.id(), d);
            if (old != null) {
                evaluator.untrack(old);
                d.restoreSeen(old.lastSeen, null);
            }
            rebuild(d, old == null ? null : old.states, old == null ? 0 : old.lastSeen);
            return d;
        }
        if (d.device != device) d.device = device;
        return d;
    }

    /** The context of a device id, or null if the engine has not seen it. */
    public DeviceCtx find(String id) {
        return byId.get(id);
    }

    public Collection<DeviceCtx> all() {
        return byId.values();
    }

    /** Replaces the rule set and rebuilds every device's rules; alerts of rules gone are cleared at {@code now}. */
    public void replaceRules(RuleSet newRules, long now) {
        this.rules = newRules;
        evaluator.untrackAll();
        for (DeviceCtx d : byId.values()) rebuild(d, d.states, now);
    }

    /** Resolves every device's rules again (after device records changed), keeping unchanged states. */
    public void refresh(long now) {
        replaceRules(rules, now);
    }

    /**
     * Gives a device its rules, reusing states of unchanged rules and carrying open alerts of
     * changed ones; clears alerts whose rule no longer applies.
     */
    private void rebuild(DeviceCtx d, RuleState[] oldStates, long now) {
        Map<String, RuleState> old = new HashMap<>();
        if (oldStates != null) for (RuleState s : oldStates) old.put(s.rule.rule.id(), s);
        List<CompiledRule> list = new ArrayList<>();
        for (CompiledRule r : rules.rulesFor(d.device)) if (Objects.equals(r.rule.period(), period)) list.add(r);
        CompiledRule[] cr = new CompiledRule[list.size()];
        RuleState[] st = new RuleState[list.size()];
        for (int i = 0; i < cr.length; i++) {
            CompiledRule r = list.get(i);
            RuleState o = old.remove(r.rule.id());
            if (o != null && o.device == d && unchanged(o.rule, r)) {
                cr[i] = o.rule;
                st[i] = o;
            } else {
                cr[i] = r;
                st[i] = r.newState(d);
                if (o != null && o.level >= 0) st[i].open(o.alertId, o.level);
            }
        }
        d.rules(cr, st);
        for (RuleState gone : old.values()) {
            if (gone.level >= 0) {
                RuleState s = new RuleState(gone.rule, d);
                s.open(gone.alertId, gone.level);
                evaluator.clearOrphan(s, now, "rule no longer applies to this device (removed, disabled or rescoped)");
            }
        }
        evaluator.track(d);
    }

    private static boolean unchanged(CompiledRule a, CompiledRule b) {
        return a == b || (Objects.equals(a.rule.definition(), b.rule.definition())
                && Objects.equals(a.rule.scope(), b.rule.scope()) && a.profile == b.profile);
    }

    /** The device's state in this stream (values, times and every rule's state), or null when it has none. */
    public StreamSnapshot snapshot(String id) {
        DeviceCtx d = byId.get(id);
        if (d == null) return null;
        Map<String, Long> seen = new java.util.LinkedHashMap<>();
        Map<String, Object> last = new java.util.LinkedHashMap<>();
        for (int i = 0; i < d.last.length; i++) {
            String f = d.profile.fields().get(i).name();
            if (d.fieldSeen[i] != DeviceCtx.NONE) seen.put(f, d.fieldSeen[i]);
            if (d.last[i] != null) last.put(f, d.last[i]);
        }
        List<RuleSnapshot> rs = new ArrayList<>(d.states.length);
        for (RuleState s : d.states) rs.add(RuleSnapshot.of(s));
        return new StreamSnapshot(period, d.profile.name(), d.lastSeen, d.carryOver, seen, last, rs);
    }

    /**
     * Replaces the device's context in this stream by an exported one: the rules are resolved for the
     * device as here; a rule whose fingerprint matches takes its exported state, any other starts
     * afresh keeping the exported open alert. Exported states with an open alert whose rule no
     * longer applies go to {@code orphans}.
     */
    public DeviceCtx importStream(Device device, DeviceProfile profile, StreamSnapshot snap, List<RuleSnapshot> orphans) {
        remove(device.id());
        DeviceCtx d = new DeviceCtx(device, profile);
        d.carryOver = period == null;
        d.lastSeen = snap.lastSeen();
        for (Map.Entry<String, Long> e : snap.fieldSeen().entrySet()) {
            int i = profile.index(e.getKey());
            if (i >= 0) d.fieldSeen[i] = e.getValue();
        }
        for (Map.Entry<String, Object> e : snap.last().entrySet()) {
            int i = profile.index(e.getKey());
            if (i >= 0) d.last[i] = typed(profile.fields().get(i).type(), e.getValue());
        }
        byId.put(device.id(), d);
        Map<String, RuleSnapshot> old = new java.util.LinkedHashMap<>();
        for (RuleSnapshot s : snap.rules()) old.put(s.ruleId(), s);
        List<CompiledRule> list = new ArrayList<>();
        for (CompiledRule r : rules.rulesFor(device)) if (Objects.equals(r.rule.period(), period)) list.add(r);
        CompiledRule[] cr = new CompiledRule[list.size()];
        RuleState[] st = new RuleState[list.size()];
        long[] order = new long[list.size()];
        for (int i = 0; i < cr.length; i++) {
            CompiledRule r = list.get(i);
            cr[i] = r;
            st[i] = r.newState(d);
            RuleSnapshot o = old.remove(r.rule.id());
            if (o == null) continue;
            if (o.fingerprint().equals(r.fingerprint()) && o.restoreInto(st[i])) {
                order[i] = o.timedOrder();
            } else {
                st[i] = r.newState(d);
                if (o.level() >= 0) st[i].open(o.alertId(), o.level());
            }
        }
        d.rules(cr, st);
        for (RuleSnapshot gone : old.values()) if (gone.level() >= 0) orphans.add(gone);
        evaluator.trackImported(d, order);
        return d;
    }

    /** A value as the field's type stores it (JSON numbers come back as Integer, Long or Double), or null when it does not fit. */
    private static Object typed(dev.vigil.profile.FieldType type, Object v) {
        return switch (type) {
            case NUMBER -> v instanceof Number n ? (Object) n.doubleValue() : null;
            case INTEGER -> v instanceof Number n ? (Object) n.longValue() : null;
            case BOOLEAN -> v instanceof Boolean ? v : null;
            case ENUM, STRING -> v instanceof String ? v : null;
        };
    }

    /** Drops a device and its states from this stream (nothing is emitted); false when it had none. */
    public boolean remove(String id) {
        DeviceCtx d = byId.remove(id);
        if (d == null) return false;
        evaluator.untrack(d);
        return true;
    }

    /** Every device with its states, for restore and diagnostics. */
    public List<DeviceCtx> list() {
        return new ArrayList<>(byId.values());
    }

    /** Number of (device, rule) states. */
    public long stateCount() {
        long n = 0;
        for (DeviceCtx d : byId.values()) n += d.states.length;
        return n;
    }
}
