package dev.vigil.rules.eval;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.WarmUp;
import dev.vigil.rules.zones.ZoneIndex;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct Java form of simple expressions gives exactly what the CEL interpreter gives. */
class FastExprTest {
    static final Path PROFILES = Path.of("..", "device-profiles", "profiles");

    static Map<String, DeviceProfile> profiles() {
        return ProfileLoader.loadDirectory(PROFILES);
    }

    static RuleSet shipped(Map<String, DeviceProfile> profiles) {
        RuleSetLoader.Result r = new RuleSetLoader(profiles).load(List.of());
        assertTrue(r.ok(), () -> r.problems().toString());
        return r.ruleSet();
    }

    /** Every CEL expression of a compiled rule. */
    static List<CelExpr> exprs(CompiledRule r) {
        List<CelExpr> out = new ArrayList<>();
        if (r.quiet != null) out.add(r.quiet);
        if (r.clearWhen != null) out.add(r.clearWhen);
        if (r.where != null) out.add(r.where);
        if (r instanceof ExpressionRule e) for (CelExpr x : e.when) if (x != null) out.add(x);
        return out;
    }

    /** Random snapshots, some with missing fields, wrong Java types, signed zeros and odd parameters. */
    private static void randomise(DeviceCtx d, SplittableRandom rnd) {
        Object[] v = WarmUp.values(d.profile, rnd, 0.1);
        for (int i = 0; i < v.length; i++) {
            if (rnd.nextInt(40) == 0 && v[i] instanceof Double x) v[i] = rnd.nextBoolean() ? -0.0 : x.longValue() + 0.0;
            if (rnd.nextInt(200) == 0) v[i] = v[i] instanceof Long l ? (Object) l.intValue() : (Object) "odd";
            d.last[i] = v[i];
        }
    }

    private static Device device(DeviceProfile p, SplittableRandom rnd) {
        Map<String, Object> params = new HashMap<>();
        switch (rnd.nextInt(4)) {
            case 0 -> params.put("rated_speed", 1.0 + rnd.nextInt(3)); // a double
            case 1 -> params.put("rated_speed", 2);                    // an int written in the registry
            case 2 -> params.put("rated_speed", "fast");               // a wrong type: CEL fails, so must the fast form
            default -> { }
        }
        return new Device("d", p.name(), "e", "r", params, null, null);
    }

    @Test
    void everyShippedExpressionAgreesWithTheInterpreter() {
        Map<String, DeviceProfile> profiles = profiles();
        RuleSet set = shipped(profiles);
        SplittableRandom rnd = new SplittableRandom(7);
        EvalContext ctx = new EvalContext(ZoneIndex.empty(), java.time.ZoneId.of("Asia/Shanghai"));
        int direct = 0, checked = 0;
        for (RuleSet.Entry e : set.entries()) {
            CompiledRule r = e.compiled();
            for (CelExpr x : exprs(r)) {
                if (x.direct()) direct++;
                for (int k = 0; k < 2_000; k++) {
                    DeviceCtx d = new DeviceCtx(device(r.profile, rnd), r.profile);
                    randomise(d, rnd);
                    ctx.at(d, r);
                    assertEquals(x.interpret(ctx), x.test(ctx), () -> r.rule.id() + ": " + x.source() + " on " + java.util.Arrays.toString(d.last)
                            + " params " + d.device.params());
                    checked++;
                }
            }
        }
        assertTrue(direct >= 20, "most shipped expressions are simple comparisons, got " + direct);
        assertTrue(checked > 50_000);
    }

    @Test
    void simpleFormsAreDetectedAndAgree() throws Exception {
        DeviceProfile p = profiles().get("elevator");
        Params params = Params.of(p, Map.of("limit", 3.5, "label", "x"));
        CelCompiler cel = new CelCompiler(p, params.types());
        String[] direct = {
            "occupied && door == \"closed\" && in_door_zone && !running",
            "speed > 1.2 * rated_speed", "speed > limit", "floor > 2.5", "floor == 3", "fault_code != 0 || !running",
            "speed == 0.0", "-speed < -0.5", "rated_speed / 2.0 >= speed - 0.1", "\"open\" == door", "running == occupied",
            "speed + 1.0 <= limit", "label != door", "heartbeat_seconds >= 60", "true",
        };
        String[] interpreted = {"door in [\"open\", \"opening\"]", "floor + 1 > 3", "door < \"m\"", "in_zone(\"restricted\")",
            "running ? speed > 1.0 : false", "size(door) > 4"};
        SplittableRandom rnd = new SplittableRandom(11);
        EvalContext ctx = new EvalContext(ZoneIndex.empty(), java.time.ZoneId.of("Asia/Shanghai"));
        dev.vigil.rules.model.Rule threshold = shipped(Map.of("elevator", p)).entries().stream()
                .filter(x -> x.rule().kind() == dev.vigil.rules.model.RuleKind.THRESHOLD).findFirst().orElseThrow().rule();
        CompiledRule host = new ThresholdRule(threshold, p, null, null);
        host.params = params;
        for (String src : direct) {
            CelExpr x = cel.compile(src, dev.cel.common.types.SimpleType.BOOL);
            assertTrue(x.direct(), src);
            agree(x, host, ctx, rnd);
        }
        for (String src : interpreted) {
            CelExpr x = cel.compile(src, dev.cel.common.types.SimpleType.BOOL);
            assertFalse(x.direct(), src);
        }
    }

    /**
     * Terminals that never send some fields (the load generator sends no service_mode and no
     * in_door_zone): the fast form answers without the interpreter, as CEL does (an error, or the
     * other side of && / || decides).
     */
    @Test
    void missingFieldsAreAnsweredWithoutTheInterpreter() {
        DeviceProfile p = profiles().get("elevator");
        RuleSet set = shipped(Map.of("elevator", p));
        EvalContext ctx = new EvalContext(ZoneIndex.empty(), java.time.ZoneId.of("Asia/Shanghai"));
        Device dev = new Device("d", "elevator", "e", "r", Map.of(), null, null);
        DeviceCtx d = new DeviceCtx(dev, p);
        d.last[p.index("floor")] = 3L;
        d.last[p.index("direction")] = "up";
        d.last[p.index("door")] = "closed";
        d.last[p.index("occupied")] = true;
        d.last[p.index("speed")] = 1.2;
        d.last[p.index("running")] = true;
        int checked = 0;
        for (RuleSet.Entry e : set.entries()) {
            for (CelExpr x : exprs(e.compiled())) {
                ctx.at(d, e.compiled());
                assertTrue(x.direct(), x.source());
                int r = x.fast(ctx);
                assertTrue(r != FastExpr.DEFER, x.source());
                assertEquals(x.interpret(ctx), x.test(ctx), x.source());
                checked++;
            }
        }
        assertTrue(checked >= 15, "checked " + checked);
    }

    private static void agree(CelExpr x, CompiledRule host, EvalContext ctx, SplittableRandom rnd) {
        for (int k = 0; k < 3_000; k++) {
            DeviceCtx d = new DeviceCtx(device(host.profile, rnd), host.profile);
            randomise(d, rnd);
            ctx.at(d, host);
            assertEquals(x.interpret(ctx), x.test(ctx), () -> x.source() + " on " + java.util.Arrays.toString(d.last) + " " + d.device.params());
        }
    }

    @Test
    void enginesOnBothPathsRaiseTheSameAlerts() {
        Map<String, DeviceProfile> profiles = profiles();
        RuleSet set = shipped(profiles);
        RuleEngine fast = new RuleEngine(set, null, ZoneIndex.empty(), EngineOptions.defaults());
        RuleEngine slow = new RuleEngine(set, null, ZoneIndex.empty(), EngineOptions.defaults()).interpretOnly(true);
        SplittableRandom rnd = new SplittableRandom(3);
        List<DeviceProfile> ps = new ArrayList<>(profiles.values());
        Map<String, Device> devices = new LinkedHashMap<>();
        long t = 1_767_571_200_000L;
        int events = 0;
        for (int k = 0; k < 40_000; k++) {
            DeviceProfile p = ps.get(rnd.nextInt(ps.size()));
            int n = rnd.nextInt(5);
            Device d = devices.computeIfAbsent(p.name() + "-" + n, id -> new Device(id, p.name(), "e", "r", device(p, rnd).params(), null, null));
            t += rnd.nextInt(4_000);
            // long runs of the same values, so that holds elapse and alerts are raised and cleared
            Object[] v = WarmUp.values(p, new SplittableRandom(rnd.nextInt(3) == 0 ? rnd.nextLong() : n * 31L + p.name().hashCode()), 0.05);
            Telemetry r = new Telemetry(d, p, t, v, "test");
            List<AlertEvent> a = fast.onTelemetry(r), b = slow.onTelemetry(r);
            assertEquals(b, a, "reading " + k);
            events += a.size();
            if (k % 100 == 0) assertEquals(slow.onTick(t), fast.onTick(t));
        }
        assertTrue(events > 100, "the readings must raise and clear alerts, got " + events);
        assertEquals(slow.alerts().openCount(), fast.alerts().openCount());
    }
}
