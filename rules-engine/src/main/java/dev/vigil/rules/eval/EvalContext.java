package dev.vigil.rules.eval;

import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelVariableResolver;
import dev.vigil.rules.zones.Zone;
import dev.vigil.rules.zones.ZoneIndex;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The per-engine evaluation scratchpad: the device being evaluated, the zones and the time zone.
 * It is the CEL variable resolver (fields, then device parameters, then rule defaults) and
 * provides {@code in_zone}. Not thread-safe: one per engine, like the engine itself.
 */
public final class EvalContext implements CelVariableResolver {
    private ZoneIndex zones;
    private final ZoneId timeZone;
    private final CelFunctionResolver functions;
    private DeviceCtx device;
    private final Map<dev.vigil.rules.model.ZoneSelector, Boolean> selected = new java.util.IdentityHashMap<>();
    private CompiledRule rule;
    private boolean interpretOnly;
    /** Ids of devices whose state changed since the last {@link #takeChanged()}. */
    private final java.util.Set<String> changed = new java.util.HashSet<>();
    /** Scratch slots of {@link FastExpr} numbers (no boxing). */
    long fastLong;
    double fastDouble;

    public EvalContext(ZoneIndex zones, ZoneId timeZone) {
        this.zones = zones == null ? ZoneIndex.empty() : zones;
        this.timeZone = timeZone;
        this.functions = CelLateFunctionBindings.from(
                CelFunctionBinding.from(CelCompiler.IN_ZONE_OVERLOAD, String.class, this::inZone));
    }

    public void zones(ZoneIndex zones) {
        this.zones = zones == null ? ZoneIndex.empty() : zones;
        selected.clear();
    }

    /** Whether any zone of the index matches a selection (cached until the zones change). */
    boolean anyZone(dev.vigil.rules.model.ZoneSelector selector) {
        Boolean b = selected.get(selector);
        if (b == null) {
            b = false;
            for (Zone z : zones.all()) {
                if (selector.matches(z)) {
                    b = true;
                    break;
                }
            }
            selected.put(selector, b);
        }
        return b;
    }

    public ZoneIndex zones() { return zones; }

    /** Notes that a device's state changed (adds to the set only on its first change since the last take). */
    public void touched(DeviceCtx d) {
        if (!d.changed) {
            d.changed = true;
            changed.add(d.device.id());
        }
    }

    /** Notes that the state of a device id changed (import, acknowledgement, applied alert events). */
    public void touched(String deviceId) {
        changed.add(deviceId);
    }

    /** Takes the set of changed device ids (the caller clears the devices' flags). */
    public java.util.Set<String> takeChanged() {
        if (changed.isEmpty()) return java.util.Set.of();
        java.util.Set<String> out = java.util.Set.copyOf(changed);
        changed.clear();
        return out;
    }

    /** Forgets a device's pending change (the device was dropped). */
    public void untouched(String deviceId) {
        changed.remove(deviceId);
    }

    public ZoneId timeZone() { return timeZone; }

    CelFunctionResolver functions() { return functions; }

    /** Points the context at a device and rule before evaluating. */
    public void at(DeviceCtx d, CompiledRule r) {
        this.device = d;
        this.rule = r;
    }

    DeviceCtx device() { return device; }

    /** True when every expression goes through the CEL interpreter (for tests and benchmarks comparing both paths). */
    public boolean interpretOnly() { return interpretOnly; }

    public void interpretOnly(boolean on) { this.interpretOnly = on; }

    /**
     * A device parameter as stored (the device's own value, else the rule's default), before
     * {@link Params#coerce}; null when it has none. Only for names the rule's parameters declare
     * (the fast form is compiled against the same parameter types).
     */
    Object rawParam(String name) {
        if (rule == null) return null;
        Map<String, Object> own = device.device.params();
        Object v = own.isEmpty() ? null : own.get(name);
        return v != null ? v : rule.params.defaults().get(name);
    }

    @Override
    public Optional<Object> find(String name) {
        int i = device.profile.index(name);
        if (i >= 0) return Optional.ofNullable(device.last[i]);
        return rule == null ? Optional.empty() : Optional.ofNullable(rule.params.value(device.device.params(), name));
    }

    /**
     * True when the device's position (fields lat / lon) is inside a zone with this id or of this
     * kind (authorised, restricted, corridor).
     */
    boolean inZone(String selector) {
        int la = device.profile.index("lat"), lo = device.profile.index("lon");
        if (la < 0 || lo < 0 || !(device.last[la] instanceof Number lat) || !(device.last[lo] instanceof Number lon)) return false;
        String kind = selector.toUpperCase(Locale.ROOT).replace("AUTHORIZED", "AUTHORISED");
        for (Zone z : zones.containing(lon.doubleValue(), lat.doubleValue())) {
            if (z.id().equals(selector) || z.kind().name().equals(kind)) return true;
        }
        return false;
    }
}
