package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.eval.CompiledRule;
import dev.vigil.rules.eval.DeviceCtx;
import dev.vigil.rules.eval.Devices;
import dev.vigil.rules.eval.EvalContext;
import dev.vigil.rules.eval.Evaluator;
import dev.vigil.rules.eval.RuleState;
import dev.vigil.rules.zones.ZoneIndex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates rules on telemetry and clock ticks and keeps the alert lifecycle: at most one open
 * alert per (device, rule), raised → escalated / de-escalated → cleared, acknowledged by users.
 *
 * <p><b>Threading:</b> an engine is single-threaded. Every method must be called from the same
 * thread (or a context that serialises calls, such as one Vert.x context); it does no locking.
 * Returned lists and events are immutable and may be handed to other threads.
 *
 * <p><b>Time:</b> rules run on reading times, not the wall clock; {@link #onTick(long)} supplies
 * "now" for offline rules, tumbling windows and durations that elapse without new data. A
 * reading older than the newest reading already seen from its device is out of order: it is
 * ignored by every rule (it is still stored by the gateway), so it cannot corrupt durations,
 * windows or rates. A reading with the same timestamp as the previous one is evaluated but does not
 * count as a further reading for {@code count}.
 */
public final class RuleEngine {
    private final EngineOptions options;
    private final EvalContext ctx;
    private final Evaluator evaluator;
    private final Devices devices;
    /** The period averages by period ("hour" ...), each with the rules of that period; created on first use. */
    private final Map<String, Devices> periods = new LinkedHashMap<>();
    private final AlertBook book;
    private DeviceRegistry registry;
    private RuleSet rules;
    /** The periods some rule evaluates. */
    private java.util.Set<String> rulePeriods;

    /**
     * @param rules    the rules to run (see {@link RuleSetLoader})
     * @param registry devices and profiles, used by {@link #restore} to find devices that have not
     *                 sent since the restart (may be null when nothing is restored)
     * @param zones    zones for geofence rules and {@code in_zone()}
     * @param options  time zone, default max gap, closed-alert history size
     */
    public RuleEngine(RuleSet rules, DeviceRegistry registry, ZoneIndex zones, EngineOptions options) {
        this.options = options;
        this.ctx = new EvalContext(zones, options.timeZone());
        this.evaluator = new Evaluator(ctx, options.maxGapMillis());
        this.devices = new Devices(evaluator, rules);
        this.rules = rules;
        this.rulePeriods = periodsOf(rules);
        this.book = new AlertBook(options.recentClosed());
        this.registry = registry;
    }

    /**
     * Evaluates one reading; returns the alert events it caused (usually none). A period average
     * goes only to the rules of its period ({@code period: hour}), in its own stream.
     */
    public List<AlertEvent> onTelemetry(Telemetry t) {
        String period = periodOf(t);
        Devices ds = period == null ? devices : periodDevices(period);
        if (ds == null) return List.of();
        DeviceCtx d = ds.get(t.device(), t.profile());
        if (!d.accept(t.time(), t.values())) return List.of();
        ctx.touched(d);
        d.arrivedAt(t.arrivedAt());
        evaluator.onReading(d, t.values(), t.time());
        return publish();
    }

    /**
     * The period of a period average ("minute", "hour", "day": an HJ 212 minute / hour / day value,
     * marked by a "period" field), or null for a reading. A period average is stamped with the start
     * of its period, so it is no new reading and must not mix into what rules compute from the
     * readings: only the rules of its period see it.
     */
    static String periodOf(Telemetry t) {
        int p = t.profile().index("period");
        return p >= 0 && t.values()[p] != null ? t.values()[p].toString() : null;
    }

    /** The devices of a period's stream, or null when no rule evaluates that period. */
    private Devices periodDevices(String period) {
        Devices ds = periods.get(period);
        if (ds == null) {
            if (!rulePeriods.contains(period)) return null;
            ds = new Devices(evaluator, rules, period);
            periods.put(period, ds);
        }
        return ds;
    }

    private static java.util.Set<String> periodsOf(RuleSet rules) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (dev.vigil.rules.model.Rule r : rules.rules()) if (r.period() != null) out.add(r.period());
        return out;
    }

    /** Lets time pass to {@code nowMillis}: offline, tumbling windows, pending durations and clear delays. */
    public List<AlertEvent> onTick(long nowMillis) {
        evaluator.onTick(nowMillis);
        return publish();
    }

    /**
     * Acknowledges an open or recently closed alert.
     *
     * @throws IllegalArgumentException when the alert is unknown or the user is blank
     */
    public AlertEvent acknowledge(String alertId, String user, String comment, long time) {
        if (user == null || user.isBlank()) throw new IllegalArgumentException("acknowledge: user is required");
        Alert a = book.get(alertId);
        if (a == null) throw new IllegalArgumentException("unknown alert '" + alertId + "' (not open and not recently closed)");
        AlertEvent e = AlertEvent.acknowledged(a, user, comment, time);
        book.apply(e);
        ctx.touched(a.deviceId());
        return e;
    }

    /** Open and recently closed alerts. */
    public AlertBook alerts() { return book; }

    /**
     * Rebuilds state after a restart: replays stored alert events (any order; sorted by time) into
     * the alert book and re-opens each open alert on its (device, rule) state, so a condition that
     * still holds raises no duplicate and a condition that ended still clears; restores last-seen
     * times so offline rules fire for devices that never send again. Pending durations start over
     * with the first reading after the restart (no alarm without evidence).
     *
     * @param history  stored alert events (e.g. the last days from InfluxDB)
     * @param lastSeen last reading time by device id, and by "deviceId/field" for per-field offline rules
     * @return CLEARED events for open alerts whose device or rule no longer exists
     */
    public List<AlertEvent> restore(List<AlertEvent> history, Map<String, Long> lastSeen) {
        return restore(history, lastSeen, Long.MIN_VALUE);
    }

    /**
     * {@link #restore(List, Map)} for one of several engines that share the devices out: orphans
     * are cleared no earlier than {@code notBefore} (the newest time over all engines' history and
     * last-seen times), as one engine holding every device would clear them.
     */
    public List<AlertEvent> restore(List<AlertEvent> history, Map<String, Long> lastSeen, long notBefore) {
        List<AlertEvent> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparingLong(AlertEvent::time));
        for (AlertEvent e : sorted) book.apply(e);
        long now = notBefore;
        for (AlertEvent e : sorted) now = Math.max(now, e.time());
        Map<String, Long> fieldsOf = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            if (slash >= 0) {
                fieldsOf.put(key, e.getValue());
                continue;
            }
            DeviceCtx d = ctxOf(key);
            if (d != null) d.restoreSeen(e.getValue(), null);
            now = Math.max(now, e.getValue());
        }
        for (Map.Entry<String, Long> e : fieldsOf.entrySet()) {
            String key = e.getKey();
            DeviceCtx d = ctxOf(key.substring(0, key.indexOf('/')));
            if (d == null) continue;
            int i = d.profile().index(key.substring(key.indexOf('/') + 1));
            if (i < 0) continue;
            long[] f = new long[d.profile().fields().size()];
            java.util.Arrays.fill(f, DeviceCtx.NONE);
            f[i] = e.getValue();
            d.restoreSeen(DeviceCtx.NONE, f);
        }
        List<AlertEvent> orphans = new ArrayList<>();
        for (Alert a : book.open()) {
            DeviceCtx d = ctxOf(a.deviceId());
            RuleState s = d == null ? null : stateOf(d, a.ruleId());
            if (s == null && d != null) s = periodStateOf(a.deviceId(), a.ruleId());
            if (s != null) {
                s.open(a.alertId(), a.level().ordinal());
            } else {
                String why = d == null ? "device no longer registered" : "rule no longer applies to this device";
                AlertEvent e = new AlertEvent(a.alertId(), AlertEvent.Kind.CLEARED, a.deviceId(), a.profile(), a.enterprise(),
                        a.region(), a.ruleId(), a.ruleVersion(), a.level(), a.level(), Math.max(now, a.updatedAt()),
                        "已恢复：" + a.ruleId() + " / cleared: " + a.ruleId() + " (" + why + ")",
                        Map.of("rule", a.ruleId(), "version", a.ruleVersion(), "reason", why), null, null);
                book.apply(e);
                orphans.add(e);
            }
        }
        return List.copyOf(orphans);
    }

    /**
     * Last reading times to persist for {@link #restore}: by device id, and by "deviceId/field"
     * for the fields watched by per-field offline rules.
     */
    public Map<String, Long> lastSeen() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (DeviceCtx d : devices.all()) {
            if (d.lastSeen() == DeviceCtx.NONE) continue;
            out.put(d.device().id(), d.lastSeen());
            for (CompiledRule r : d.rules()) {
                String f = r.rule().field();
                if (r.rule().kind() == dev.vigil.rules.model.RuleKind.OFFLINE && f != null) {
                    long t = d.fieldSeen(d.profile().index(f));
                    if (t != DeviceCtx.NONE) out.put(d.device().id() + "/" + f, t);
                }
            }
        }
        return out;
    }

    /**
     * Hot reload: runs the new rules from now on. States of rules whose definition and scope are
     * unchanged are kept (pending durations continue); a changed rule starts afresh but keeps its
     * open alert; alerts of rules that no longer apply are cleared at {@code nowMillis}.
     */
    public List<AlertEvent> replaceRules(RuleSet rules, long nowMillis) {
        this.rules = rules;
        this.rulePeriods = periodsOf(rules);
        devices.replaceRules(rules, nowMillis);
        for (Devices ds : periods.values()) ds.replaceRules(rules, nowMillis);
        return publish();
    }

    /** Swaps the zones used by geofence rules and {@code in_zone()}. */
    public void replaceZones(ZoneIndex zones) {
        ctx.zones(zones);
    }

    /**
     * Swaps the device registry after a reload: known devices take their new record (parameters,
     * enterprise, region) and their rules are resolved again, keeping the state of rules that did
     * not change; alerts of rules that no longer apply to a device are cleared at {@code nowMillis}.
     */
    public List<AlertEvent> replaceRegistry(DeviceRegistry registry, long nowMillis) {
        this.registry = registry;
        List<Devices> all = new ArrayList<>(periods.values());
        all.add(0, devices);
        for (Devices ds : all) {
            for (DeviceCtx d : ds.all()) {
                Device fresh = registry == null ? null : registry.byId(d.device().id());
                if (fresh != null) d.device(fresh);
            }
            ds.refresh(nowMillis);
        }
        return publish();
    }

    // ---- handing devices between engines (cluster mode) ----

    /**
     * The device's state (every stream: readings and period averages, and its open alerts), or null
     * when the engine has none for it.
     */
    public DeviceState exportDevice(String deviceId) {
        List<dev.vigil.rules.eval.StreamSnapshot> streams = new ArrayList<>();
        dev.vigil.rules.eval.StreamSnapshot s = devices.snapshot(deviceId);
        if (s != null) streams.add(s);
        for (Devices ds : periods.values()) {
            s = ds.snapshot(deviceId);
            if (s != null) streams.add(s);
        }
        List<Alert> open = book.openOf(deviceId);
        if (streams.isEmpty() && open.isEmpty()) return null;
        return new DeviceState(deviceId, streams, open);
    }

    /**
     * Replaces whatever the engine holds for that device by the state; states of rules that no
     * longer exist or whose definition changed start afresh but keep their open alert (as
     * {@link #replaceRules} does); a device no longer registered is ignored (returns false). Pending
     * durations, windows and clear delays continue on the next reading or tick exactly as in the
     * exporting engine. An open alert whose rule no longer applies to the device here is cleared:
     * that CLEARED event comes out of the next {@link #onTelemetry} or {@link #onTick} call.
     */
    public boolean importDevice(DeviceState state) {
        String id = state.deviceId();
        Device dev = registry == null ? null : registry.byId(id);
        DeviceProfile p = dev == null ? null : registry.profileOf(dev);
        if (p == null) return false;
        devices.remove(id);
        for (Devices ds : periods.values()) ds.remove(id);
        book.forget(id, false);
        List<dev.vigil.rules.eval.RuleSnapshot> orphans = new ArrayList<>();
        long now = Long.MIN_VALUE;
        for (dev.vigil.rules.eval.StreamSnapshot s : state.streams()) {
            now = Math.max(now, s.lastSeen());
            Devices ds = s.period() == null ? devices : periodDevices(s.period());
            if (ds == null) {
                for (dev.vigil.rules.eval.RuleSnapshot r : s.rules()) if (r.level() >= 0) orphans.add(r);
                continue;
            }
            ds.importStream(dev, p, s, orphans);
        }
        for (Alert a : state.openAlerts()) {
            book.putOpen(a);
            now = Math.max(now, a.updatedAt());
        }
        for (dev.vigil.rules.eval.RuleSnapshot r : orphans) {
            Alert a = r.alertId() == null ? null : book.get(r.alertId());
            if (a == null || !a.open() || hasState(id, a.ruleId())) continue;
            String why = "rule no longer applies to this device";
            evaluator.queue(new AlertEvent(a.alertId(), AlertEvent.Kind.CLEARED, a.deviceId(), a.profile(), a.enterprise(),
                    a.region(), a.ruleId(), a.ruleVersion(), a.level(), a.level(), Math.max(now, a.updatedAt()),
                    "已恢复：" + a.ruleId() + " / cleared: " + a.ruleId() + " (" + why + ")",
                    Map.of("rule", a.ruleId(), "version", a.ruleVersion(), "reason", why), null, null));
        }
        ctx.touched(id);
        return true;
    }

    /** Whether some stream of the device has a state of the rule. */
    private boolean hasState(String deviceId, String ruleId) {
        DeviceCtx d = devices.find(deviceId);
        if (d != null && stateOf(d, ruleId) != null) return true;
        for (Devices ds : periods.values()) {
            d = ds.find(deviceId);
            if (d != null && stateOf(d, ruleId) != null) return true;
        }
        return false;
    }

    /** Drops everything the engine holds for the device (rule states, timers, its open and recent alerts), emitting nothing. */
    public void forgetDevice(String deviceId) {
        devices.remove(deviceId);
        for (Devices ds : periods.values()) ds.remove(deviceId);
        book.forget(deviceId, true);
        ctx.untouched(deviceId);
    }

    /**
     * Ids of devices whose state changed (reading accepted, tick changed a state, event emitted,
     * import, acknowledgement, applied alert events) since the last call; clears the set. A
     * forgotten device is not reported.
     */
    public java.util.Set<String> takeChangedDevices() {
        java.util.Set<String> out = ctx.takeChanged();
        for (String id : out) {
            DeviceCtx d = devices.find(id);
            if (d != null) d.clearChanged();
            for (Devices ds : periods.values()) {
                d = ds.find(id);
                if (d != null) d.clearChanged();
            }
        }
        return out;
    }

    /**
     * Applies alert events of one device that another engine emitted (the authoritative alert
     * stream), in time order, skipping any the alert book already holds (same alertId, kind and
     * time): RAISED / ESCALATED / DEESCALATED set the rule state's open alert and level, CLEARED
     * closes it, ACKNOWLEDGED only updates the book. Events of unknown rules are applied to the book
     * only. Emits nothing.
     */
    public void applyAlertEvents(String deviceId, List<AlertEvent> events) {
        List<AlertEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(AlertEvent::time));
        boolean any = false;
        for (AlertEvent e : sorted) {
            if (!deviceId.equals(e.deviceId())) {
                throw new IllegalArgumentException("alert event " + e.alertId() + " is of device " + e.deviceId() + ", not " + deviceId);
            }
            if (book.holds(e)) continue;
            book.apply(e);
            any = true;
            if (e.kind() == AlertEvent.Kind.ACKNOWLEDGED) continue;
            DeviceCtx d = ctxOf(deviceId);
            RuleState s = d == null ? null : stateOf(d, e.ruleId());
            if (s == null && d != null) s = periodStateOf(deviceId, e.ruleId());
            if (s == null) continue;
            if (e.kind() == AlertEvent.Kind.CLEARED) {
                if (e.alertId().equals(s.alertId())) evaluator.applyAlert(s, null, -1);
            } else {
                evaluator.applyAlert(s, e.alertId(), e.level().ordinal());
            }
        }
        if (any) ctx.touched(deviceId);
    }

    public EngineOptions options() { return options; }

    /**
     * Runs every expression through the CEL interpreter, not the direct Java form of simple
     * comparisons (for tests and benchmarks that compare both paths; results are the same).
     */
    public RuleEngine interpretOnly(boolean on) {
        ctx.interpretOnly(on);
        return this;
    }

    /** Number of (device, rule) states held. */
    public long stateCount() {
        long n = devices.stateCount();
        for (Devices ds : periods.values()) n += ds.stateCount();
        return n;
    }

    private DeviceCtx ctxOf(String deviceId) {
        return ctxOf(devices, deviceId);
    }

    private DeviceCtx ctxOf(Devices ds, String deviceId) {
        DeviceCtx d = ds.find(deviceId);
        if (d != null || registry == null) return d;
        Device dev = registry.byId(deviceId);
        if (dev == null) return null;
        DeviceProfile p = registry.profileOf(dev);
        return p == null ? null : ds.get(dev, p);
    }

    /** The state of a period rule of a device (restore), creating the device in that period's stream. */
    private RuleState periodStateOf(String deviceId, String ruleId) {
        for (dev.vigil.rules.model.Rule r : rules.rules()) {
            if (r.period() == null || !r.id().equals(ruleId)) continue;
            Devices ds = periodDevices(r.period());
            DeviceCtx d = ds == null ? null : ctxOf(ds, deviceId);
            RuleState s = d == null ? null : stateOf(d, ruleId);
            if (s != null) return s;
        }
        return null;
    }

    private static RuleState stateOf(DeviceCtx d, String ruleId) {
        for (RuleState s : d.states()) if (s.rule().rule().id().equals(ruleId)) return s;
        return null;
    }

    private List<AlertEvent> publish() {
        List<AlertEvent> events = evaluator.drain();
        for (int i = 0; i < events.size(); i++) book.apply(events.get(i));
        return events;
    }
}
