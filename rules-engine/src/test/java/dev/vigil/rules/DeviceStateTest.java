package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.zones.GeoJsonZoneLoader;
import dev.vigil.rules.zones.ZoneLoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.vigil.rules.ExpressionRuleTest.defaults;
import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handing a device from one engine to another: engine A evaluates readings and ticks, B imports A's
 * exported state (through bytes), then both receive the same rest and must emit the same events.
 */
class DeviceStateTest {
    @TempDir
    Path dir;

    /** One reading or tick given to an engine. */
    interface Step extends Function<RuleEngine, List<AlertEvent>> {}

    static Step reading(Harness h, long t, Object... kv) {
        Telemetry r = Fixtures.reading(h.device, h.profile, t, kv);
        return e -> e.onTelemetry(r);
    }

    static Step live(Harness h, long t, long arrived, Object... kv) {
        Telemetry r = Fixtures.reading(h.device, h.profile, t, kv).arrived(arrived);
        return e -> e.onTelemetry(r);
    }

    static Step tick(long t) {
        return e -> e.onTick(t);
    }

    /** The state of a device through its byte form. */
    static DeviceState viaBytes(DeviceState s) {
        return DeviceState.fromBytes(s.toBytes());
    }

    /**
     * Runs {@code before} on A, moves the devices to a fresh B, runs {@code after} on both, asserts
     * that both emitted the same events at every step and returns them (flattened).
     */
    static List<AlertEvent> handOver(RuleEngine a, RuleEngine b, List<String> deviceIds, List<Step> before, List<Step> after) {
        for (Step st : before) st.apply(a);
        for (String id : deviceIds) {
            DeviceState s = a.exportDevice(id);
            if (s == null) continue;
            DeviceState back = viaBytes(s);
            assertEquals(s, back, "byte round trip of " + id);
            assertTrue(b.importDevice(back), "import of " + id);
        }
        List<AlertEvent> all = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            List<AlertEvent> ea = after.get(i).apply(a);
            List<AlertEvent> eb = after.get(i).apply(b);
            int step = i;
            // per device: on a tick, the order between devices depends on when each engine first saw them
            assertEquals(byDevice(ea), byDevice(eb), () -> "step " + step + " after the hand-over");
            all.addAll(ea);
        }
        return all;
    }

    static Map<String, List<AlertEvent>> byDevice(List<AlertEvent> events) {
        Map<String, List<AlertEvent>> out = new java.util.TreeMap<>();
        for (AlertEvent e : events) out.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e);
        return out;
    }

    private static Object[] trapped() {
        return new Object[] {"occupied", true, "door", "closed", "in_door_zone", true, "running", false,
                "speed", 0.0, "service_mode", "normal"};
    }

    private static Object[] with(Object[] base, Object... kv) {
        List<Object> out = new ArrayList<>(List.of(base));
        for (int i = 0; i < kv.length; i += 2) {
            int at = out.indexOf(kv[i]);
            out.set(at + 1, kv[i + 1]);
        }
        return out.toArray();
    }

    static String kinds(List<AlertEvent> events) {
        return events.stream().map(e -> e.kind() + " " + e.ruleId() + " " + e.level() + " " + e.time()).toList().toString();
    }

    @Test
    void trappedPassengerHeldTenOfTwentySecondsRaisesAtTheSameTimeOnTheNewOwner() throws Exception {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        RuleEngine b = h.newEngine();
        List<AlertEvent> events = handOver(h.engine, b, List.of("dev-1"),
                List.of(reading(h, s(0), trapped()), reading(h, s(5), trapped()), reading(h, s(10), trapped())),
                List.of(tick(s(15)), tick(s(20)), reading(h, s(25), trapped()), reading(h, s(40), with(trapped(), "door", "open"))));
        assertEquals("[RAISED trapped-at-level ORANGE " + s(20) + ", CLEARED trapped-at-level ORANGE " + s(40) + "]", kinds(events));
        assertEquals(events.get(0).alertId(), events.get(1).alertId());
        assertEquals(s(0), events.get(0).evidence().get("since"));
    }

    @Test
    void aToleratedLapseRunningAtTheCutStillLapsesOnTheNewOwner() throws Exception {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        RuleEngine b = h.newEngine();
        // the person sensor blinks off at 8 s (tolerated 10 s); at the cut the lapse runs
        List<AlertEvent> events = handOver(h.engine, b, List.of("dev-1"),
                List.of(reading(h, s(0), trapped()), reading(h, s(8), with(trapped(), "occupied", false))),
                List.of(reading(h, s(12), with(trapped(), "occupied", false)), tick(s(18)), reading(h, s(19), trapped()),
                        tick(s(30)), tick(s(39)), tick(s(40))));
        // the lapse reached 10 s at 18 s: the hold restarted at 19 s and completes at 39 s
        assertEquals("[RAISED trapped-at-level ORANGE " + s(39) + "]", kinds(events));
    }

    private static final String TRANSFORMER = """
            - id: top-oil
              kind: threshold
              field: top_oil_temperature
              op: ">="
              levels: {yellow: 85, red: 95}
              for: 60s
              hysteresis: 2
              clear_delay: 5m
            - id: pd
              kind: threshold
              field: partial_discharge_tev
              levels:
                yellow: {op: ">=", value: 20}
              count: 3
            - id: rising
              kind: rate
              field: top_oil_temperature
              window: 10m
              level: yellow
              op: ">="
              value: 5
              clear_delay: 2m
            - id: h2-offline
              kind: offline
              field: h2
              level: blue
              after: 10m
            - id: offline
              kind: offline
              levels: {blue: 5m, yellow: 1h}
            """;

    @Test
    void anOpenAlertWithItsAcknowledgementMovesAndClearsWithTheSameAlertId() throws Exception {
        Harness h = new Harness(dir, "power-transformer", TRANSFORMER);
        RuleEngine a = h.engine;
        RuleEngine b = h.newEngine();
        List<Step> before = List.of(reading(h, s(0), "top_oil_temperature", 90.0), reading(h, s(60), "top_oil_temperature", 96.0),
                reading(h, s(120), "top_oil_temperature", 96.0), e -> List.of(e.acknowledge("dev-1/top-oil/" + s(60), "ops", "on it", s(130))),
                reading(h, s(180), "top_oil_temperature", 80.0));
        List<AlertEvent> events = handOver(a, b, List.of("dev-1"), before,
                List.of(tick(s(240)), reading(h, s(300), "top_oil_temperature", 80.0), tick(s(480)), tick(s(500))));
        AlertEvent cleared = events.stream().filter(e -> e.ruleId().equals("top-oil")).findFirst().orElseThrow();
        assertEquals(AlertEvent.Kind.CLEARED, cleared.kind());
        assertEquals("dev-1/top-oil/" + s(60), cleared.alertId());
        assertEquals(s(480), cleared.time()); // 5 min clear delay from 180 s
        Alert closedA = a.alerts().recent().get(0), closedB = b.alerts().recent().get(0);
        assertEquals(closedA, closedB);
        assertEquals("ops", closedB.ackBy());
        assertEquals(s(60), closedB.raisedAt());
    }

    @Test
    void slidingWindowCountAndPerFieldOfflineContinueMidWay() throws Exception {
        Harness h = new Harness(dir, "power-transformer", TRANSFORMER);
        RuleEngine b = h.newEngine();
        List<AlertEvent> events = handOver(h.engine, b, List.of("dev-1"),
                List.of(reading(h, s(0), "top_oil_temperature", 60.0, "partial_discharge_tev", 25.0, "h2", 10.0),
                        reading(h, s(120), "top_oil_temperature", 62.0, "partial_discharge_tev", 26.0),
                        reading(h, s(240), "top_oil_temperature", 63.5)),
                List.of(reading(h, s(360), "top_oil_temperature", 65.5, "partial_discharge_tev", 27.0),
                        tick(s(600)), reading(h, s(700), "top_oil_temperature", 64.0), tick(s(900)), reading(h, s(1000), "top_oil_temperature", 64.0)));
        assertEquals("[RAISED pd YELLOW " + s(360) + ", RAISED rising YELLOW " + s(360) + ", RAISED h2-offline BLUE " + s(600)
                + ", CLEARED rising YELLOW " + s(900) + "]", kinds(events));
    }

    @Test
    void theOfflineAlertDueAfterTheCutIsRaisedByTheNewOwner() throws Exception {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        RuleEngine b = h.newEngine();
        List<AlertEvent> events = handOver(h.engine, b, List.of("dev-1"),
                List.of(reading(h, s(0), with(trapped(), "occupied", false)), tick(s(60)), tick(s(120))),
                List.of(tick(s(170)), tick(s(180)), tick(s(240)), reading(h, s(250), with(trapped(), "occupied", false))));
        assertEquals("[RAISED terminal-offline BLUE " + s(180) + ", CLEARED terminal-offline BLUE " + s(250) + "]", kinds(events));
    }

    @Test
    void tumblingAndSlidingWindowsFlatLineAndPeriodAveragesOfCems() throws Exception {
        Harness h = new Harness(dir, "emission-cems", defaults("emission-cems"));
        RuleEngine b = h.newEngine();
        List<Step> before = new ArrayList<>();
        List<Step> after = new ArrayList<>();
        // 10-minute readings at 1.5 x the SO2 limit from 00:00; hourly station values; cut at 02:35
        for (int k = 0; k <= 60; k++) {
            long t = s(k * 600);
            List<Step> to = k <= 15 ? before : after;
            to.add(reading(h, t, "so2", 150.0, "nox", 50.0 + k, "particulate", 5.0 + k % 3, "o2", 10.0, "data_flag", "N",
                    "flue_velocity", 5.0, "flue_temperature", 120.0 + k % 2));
            if (k % 6 == 0) {
                to.add(reading(h, t, "so2", k % 12 == 0 ? 300.0 : 20.0, "nox", 50.0, "particulate", 5.0, "o2", 10.0, "so2_flag", "N", "nox_flag", "N",
                        "particulate_flag", "N", "period", "hour"));
            }
            to.add(tick(t + 300_000));
        }
        List<AlertEvent> events = handOver(h.engine, b, List.of("dev-1"), before, after);
        List<String> rules = events.stream().filter(e -> e.kind() == AlertEvent.Kind.RAISED).map(AlertEvent::ruleId).distinct().sorted().toList();
        assertTrue(rules.containsAll(List.of("so2-exceeded-3h", "so2-flat-line", "so2-station-hourly-exceeded")), rules::toString);
    }

    @Test
    void clockDriftGeofenceDwellAndSpeedingContinueOnTheNewOwner() throws Exception {
        ZoneLoadResult z = GeoJsonZoneLoader.loadDirectory(Path.of("..", "zones", "wuhai"));
        assertTrue(z.ok(), z.problems()::toString);
        Harness h = new Harness(dir, "hazmat-vehicle", defaults("hazmat-vehicle") + """
                - id: drift
                  kind: clock_drift
                  tolerance: 5m
                  level: blue
                """, Map.of(), z.index());
        RuleEngine b = h.newEngine();
        Object[] lake = {"lat", 39.62, "lon", 106.79, "speed", 100.0, "acc", true, "lock", "locked", "gnss_fix", true};
        List<AlertEvent> events = handOver(h.engine, b, List.of("dev-1"),
                List.of(live(h, s(0), s(1), lake), live(h, s(30), s(30 + 600), lake)),
                List.of(live(h, s(45), s(45 + 1), lake), live(h, s(60), s(61), lake), live(h, s(90), s(91), with(lake, "speed", 20.0)),
                        tick(s(95)), tick(s(100))));
        // speeding (orange since 30 s, before the cut) clears 10 s after the speed dropped
        assertEquals("[CLEARED drift BLUE " + s(45) + ", RAISED restricted-zone ORANGE " + s(60) + ", RAISED route-deviation ORANGE " + s(60)
                + ", CLEARED speeding ORANGE " + s(100) + "]", kinds(events));
    }

    // ---- randomized: the shipped profiles and rules ----

    @Test
    void randomReadingStreamsCutAnywhereGiveTheSameEvents() throws Exception {
        ZoneLoadResult z = GeoJsonZoneLoader.loadDirectory(Path.of("..", "zones", "wuhai"));
        assertTrue(z.ok(), z.problems()::toString);
        Map<String, DeviceProfile> profiles = Fixtures.profiles();
        RuleSetLoader.Result loaded = new RuleSetLoader(profiles).load(List.of(Path.of("..", "config", "rules", "example-overrides.yaml")));
        assertTrue(loaded.ok(), () -> loaded.problems().toString());
        List<Device> devices = new ArrayList<>();
        for (String p : Fixtures.PROFILES) {
            devices.add(Fixtures.device(p + "-1", p, "示例供电公司 Example Power Co.", "wuhai", Map.of()));
            devices.add(Fixtures.device(p + "-2", p, "acme", "wuhai", Map.of()));
        }
        DeviceRegistry registry = new DeviceRegistry("", devices, profiles);
        List<String> ids = devices.stream().map(Device::id).toList();
        int total = 0;
        java.util.Set<String> fired = new java.util.TreeSet<>();
        for (int seed = 1; seed <= 40; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            List<Step> steps = RandomStreams.steps(rnd, devices, profiles, 500);
            int cut = rnd.nextInt(steps.size());
            RuleEngine a = new RuleEngine(loaded.ruleSet(), registry, z.index(), EngineOptions.defaults());
            RuleEngine b = new RuleEngine(loaded.ruleSet(), registry, z.index(), EngineOptions.defaults());
            // every other seed, B holds a stale state of every device (it owned them until half-way): the import replaces it
            if (seed % 2 == 0) for (Step st : steps.subList(0, cut / 2)) st.apply(b);
            List<AlertEvent> events = handOver(a, b, ids, steps.subList(0, cut), steps.subList(cut, steps.size()));
            total += events.size();
            for (AlertEvent e : events) fired.add(e.ruleId());
            // and the open alerts agree
            for (String id : ids) {
                assertEquals(sorted(a.alerts().openOf(id)), sorted(b.alerts().openOf(id)), "open alerts of " + id + ", seed " + seed);
            }
        }
        assertTrue(total > 500, "the random streams raised too little: " + total);
        assertTrue(fired.size() >= 15, "too few rules fired after the cuts: " + fired);
    }

    /**
     * The cluster protocol: A checkpoints the devices it reports as changed (latest bytes per device,
     * as in a compacted topic) now and then; B imports the latest of each device and runs everything
     * after A's last checkpoint: B emits what A emitted from there on.
     */
    @Test
    void checkpointsOfTheChangedDevicesAloneAreEnoughToContinue() throws Exception {
        ZoneLoadResult z = GeoJsonZoneLoader.loadDirectory(Path.of("..", "zones", "wuhai"));
        Map<String, DeviceProfile> profiles = Fixtures.profiles();
        RuleSetLoader.Result loaded = new RuleSetLoader(profiles).load(List.of(Path.of("..", "config", "rules", "example-overrides.yaml")));
        List<Device> devices = new ArrayList<>();
        for (String p : Fixtures.PROFILES) {
            devices.add(Fixtures.device(p + "-1", p, "示例供电公司 Example Power Co.", "wuhai", Map.of()));
            devices.add(Fixtures.device(p + "-2", p, "acme", "wuhai", Map.of()));
        }
        DeviceRegistry registry = new DeviceRegistry("", devices, profiles);
        int compared = 0;
        for (int seed = 100; seed < 130; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            List<Step> steps = RandomStreams.steps(rnd, devices, profiles, 500);
            RuleEngine a = new RuleEngine(loaded.ruleSet(), registry, z.index(), EngineOptions.defaults());
            Map<String, byte[]> topic = new java.util.HashMap<>();
            List<List<AlertEvent>> emitted = new ArrayList<>();
            int checkpoint = 0;
            for (int i = 0; i < steps.size(); i++) {
                if (i > 0 && rnd.nextInt(100) < 5) {
                    for (String id : a.takeChangedDevices()) topic.put(id, a.exportDevice(id).toBytes());
                    checkpoint = i;
                }
                emitted.add(steps.get(i).apply(a));
            }
            RuleEngine b = new RuleEngine(loaded.ruleSet(), registry, z.index(), EngineOptions.defaults());
            for (byte[] bytes : topic.values()) assertTrue(b.importDevice(DeviceState.fromBytes(bytes)));
            for (int i = checkpoint; i < steps.size(); i++) {
                int step = i, s = seed;
                assertEquals(byDevice(emitted.get(i)), byDevice(steps.get(i).apply(b)), () -> "seed " + s + ", step " + step);
                compared += emitted.get(i).size();
            }
        }
        assertTrue(compared > 200, "too few events after the checkpoints: " + compared);
    }

    private static List<Alert> sorted(List<Alert> l) {
        return l.stream().sorted(java.util.Comparator.comparing(Alert::alertId)).toList();
    }

    @Test
    void aChangedRuleStartsAfreshKeepingItsAlertAndARemovedRulesAlertIsCleared() throws Exception {
        String v1 = """
                - id: top-oil
                  kind: threshold
                  field: top_oil_temperature
                  op: ">="
                  level: yellow
                  value: 85
                - id: winding
                  kind: threshold
                  field: winding_temperature
                  op: ">="
                  level: orange
                  value: 95
                - id: h2
                  kind: threshold
                  field: h2
                  op: ">"
                  level: yellow
                  value: 150
                  for: 60s
                """;
        Harness a = new Harness(dir.resolve("a"), "power-transformer", v1);
        // B: top-oil changed (a hold of 60 s), winding removed, h2 unchanged
        Harness b = new Harness(dir.resolve("b"), "power-transformer", v1.replace("  value: 85\n", "  value: 85\n  for: 60s\n")
                .replaceAll("(?s)- id: winding.*?value: 95\n", ""));
        AlertEvent topOil = one(a.send(s(0), "top_oil_temperature", 90.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(0));
        AlertEvent winding = one(a.send(s(10), "winding_temperature", 99.0), AlertEvent.Kind.RAISED, Level.ORANGE, s(10));
        none(a.send(s(20), "h2", 200.0));
        assertTrue(b.engine.importDevice(viaBytes(a.engine.exportDevice("dev-1"))));
        assertEquals(2, b.engine.alerts().openCount());
        // the unchanged h2 hold continues (raised at 80 s); top-oil keeps its alert; winding's alert is cleared
        List<AlertEvent> next = b.send(s(80), "top_oil_temperature", 91.0, "h2", 210.0);
        assertEquals("[CLEARED winding ORANGE " + s(20) + ", RAISED h2 YELLOW " + s(80) + "]", kinds(next));
        assertEquals(winding.alertId(), next.get(0).alertId());
        assertEquals(s(20), next.get(1).evidence().get("since"));
        AlertEvent cleared = one(b.send(s(90), "top_oil_temperature", 70.0), AlertEvent.Kind.CLEARED, Level.YELLOW, s(90));
        assertEquals(topOil.alertId(), cleared.alertId());
    }

    // ---- the other operations ----

    @Test
    void forgetThenImportRestoresTheDevice() throws Exception {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        RuleEngine a = h.engine;
        reading(h, s(0), trapped()).apply(a);
        reading(h, s(10), trapped()).apply(a);
        DeviceState saved = viaBytes(a.exportDevice("dev-1"));
        AlertEvent raised = one(reading(h, s(20), trapped()).apply(a), AlertEvent.Kind.RAISED, Level.ORANGE, s(20));
        a.forgetDevice("dev-1");
        assertNull(a.exportDevice("dev-1"));
        assertEquals(0, a.alerts().openCount());
        assertEquals(List.of(), a.alerts().recent());
        assertEquals(0, a.stateCount());
        none(a.onTick(s(200)));
        assertTrue(a.importDevice(saved));
        // the 20 s hold completes again, at the same time, with the same alert id
        assertEquals(raised, one(reading(h, s(20), trapped()).apply(a), AlertEvent.Kind.RAISED, Level.ORANGE, s(20)));
        DeviceState open = viaBytes(a.exportDevice("dev-1"));
        a.forgetDevice("dev-1");
        assertTrue(a.importDevice(open));
        assertEquals(raised.alertId(), a.alerts().openFor("dev-1", "trapped-at-level").alertId());
        // an unregistered device is ignored
        RuleEngine other = new Harness(dir.resolve("o"), "elevator", defaults("elevator")).newEngine();
        byte[] bytes = open.toBytes();
        String json = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8).replace("\"dev-1", "\"dev-9");
        assertFalse(other.importDevice(DeviceState.fromBytes(bytes(json))));
        assertNull(other.exportDevice("dev-9"));
    }

    @Test
    void takeChangedDevicesReportsExactlyTheTouchedDevices() throws Exception {
        Harness h = new Harness(dir, "power-transformer", TRANSFORMER);
        RuleEngine e = h.engine;
        Device d2 = Fixtures.device("dev-2", "power-transformer", "acme", "wuhai", Map.of());
        Device d3 = Fixtures.device("dev-3", "power-transformer", "acme", "wuhai", Map.of());
        assertEquals(Set.of(), e.takeChangedDevices());
        reading(h, s(0), "top_oil_temperature", 60.0).apply(e);
        e.onTelemetry(new Telemetry(d2, h.profile, s(0), values(h.profile, "top_oil_temperature", 60.0), "test"));
        e.onTelemetry(new Telemetry(d3, h.profile, s(0), values(h.profile, "top_oil_temperature", 60.0), "test"));
        assertEquals(Set.of("dev-1", "dev-2", "dev-3"), e.takeChangedDevices());
        assertEquals(Set.of(), e.takeChangedDevices());
        // an out-of-order reading changes nothing; a tick with nothing due changes nothing
        reading(h, s(-10), "top_oil_temperature", 99.0).apply(e);
        none(e.onTick(s(30)));
        assertEquals(Set.of(), e.takeChangedDevices());
        e.onTelemetry(new Telemetry(d2, h.profile, s(60), values(h.profile, "top_oil_temperature", 90.0), "test"));
        assertEquals(Set.of("dev-2"), e.takeChangedDevices());
        // dev-2's pending top-oil hold completes on a tick: only it changes
        assertEquals("[RAISED top-oil YELLOW " + s(120) + "]", kinds(e.onTick(s(120))));
        assertEquals(Set.of("dev-2"), e.takeChangedDevices());
        // offline of dev-1 and dev-3 only (dev-2 read at 60 s)
        List<AlertEvent> raised = e.onTick(s(300));
        assertEquals("[RAISED offline BLUE " + s(300) + ", RAISED offline BLUE " + s(300) + "]", kinds(raised));
        assertEquals(Set.of("dev-1", "dev-3"), e.takeChangedDevices());
        e.acknowledge(raised.get(0).alertId(), "ops", "", s(301));
        assertEquals(Set.of(raised.get(0).deviceId()), e.takeChangedDevices());
        e.forgetDevice("dev-3");
        assertTrue(e.importDevice(DeviceState.fromBytes(e.exportDevice("dev-1").toBytes())));
        assertEquals(Set.of("dev-1"), e.takeChangedDevices());
    }

    private static Object[] values(DeviceProfile p, Object... kv) {
        Object[] v = new Object[p.fields().size()];
        for (int i = 0; i < kv.length; i += 2) v[p.index((String) kv[i])] = kv[i + 1];
        return v;
    }

    @Test
    void anEngineThatMissedARaisedAppliesItAndClearsItWithThatAlertId() throws Exception {
        Harness h = new Harness(dir, "power-transformer", TRANSFORMER);
        RuleEngine a = h.engine;
        RuleEngine b = h.newEngine();
        List<Step> shared = List.of(reading(h, s(0), "top_oil_temperature", 90.0));
        for (Step st : shared) {
            st.apply(a);
            st.apply(b);
        }
        // A raises; B (the new owner, from a checkpoint before it) does not see A's events but applies them
        List<AlertEvent> fromA = new ArrayList<>(reading(h, s(60), "top_oil_temperature", 96.0).apply(a));
        fromA.add(a.acknowledge("dev-1/top-oil/" + s(60), "ops", "", s(61)));
        b.takeChangedDevices();
        b.applyAlertEvents("dev-1", fromA);
        assertEquals(Set.of("dev-1"), b.takeChangedDevices());
        b.applyAlertEvents("dev-1", fromA); // already held: skipped
        assertEquals(Set.of(), b.takeChangedDevices());
        assertEquals(a.alerts().openFor("dev-1", "top-oil"), b.alerts().openFor("dev-1", "top-oil"));
        // B replays the reading A raised on: no second RAISED while the condition holds
        none(reading(h, s(60), "top_oil_temperature", 96.0).apply(b));
        none(reading(h, s(120), "top_oil_temperature", 90.0).apply(b));
        none(reading(h, s(130), "top_oil_temperature", 80.0).apply(b));
        List<AlertEvent> topOil = b.onTick(s(430)).stream().filter(e -> e.ruleId().equals("top-oil")).toList();
        AlertEvent cleared = one(topOil, AlertEvent.Kind.CLEARED, Level.YELLOW, s(430));
        assertEquals("dev-1/top-oil/" + s(60), cleared.alertId());
        assertNull(b.alerts().openFor("dev-1", "top-oil"));
        // events of a rule the engine does not have only go to the book
        AlertEvent foreign = new AlertEvent("dev-1/gone/1", AlertEvent.Kind.RAISED, "dev-1", "power-transformer", "acme", "wuhai",
                "gone", 1, Level.BLUE, null, s(200), "m", Map.of(), null, null);
        b.applyAlertEvents("dev-1", List.of(foreign));
        assertEquals("dev-1/gone/1", b.alerts().openFor("dev-1", "gone").alertId());
    }

    @Test
    void fromBytesRejectsGarbageAndUnknownVersionsClearly() throws Exception {
        assertEquals("device state is empty", assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(new byte[0])).getMessage());
        assertEquals("device state has format version 7, this engine reads version 1",
                assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(new byte[] {7, '{', '}'})).getMessage());
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> DeviceState.fromBytes(new byte[] {1, 'x', 'y', 'z'}));
        assertTrue(notJson.getMessage().startsWith("malformed device state: not JSON: "), notJson.getMessage());
        assertEquals("malformed device state: missing or non-text 'device'",
                assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(bytes("{\"streams\":[],\"alerts\":[]}"))).getMessage());
        assertEquals("malformed device state: stream has no rules array", assertThrows(IllegalArgumentException.class,
                () -> DeviceState.fromBytes(bytes("{\"device\":\"d\",\"streams\":[{\"profile\":\"elevator\"}],\"alerts\":[]}"))).getMessage());
        assertEquals("malformed device state: 'lastSeen' is not a whole number: \"soon\"", assertThrows(IllegalArgumentException.class,
                () -> DeviceState.fromBytes(bytes("{\"device\":\"d\",\"streams\":[{\"profile\":\"elevator\",\"lastSeen\":\"soon\",\"rules\":[]}],"
                        + "\"alerts\":[]}"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(bytes("{\"device\":\"d\",\"streams\":[],\"alerts\":[]} x")));
        assertEquals("d", DeviceState.fromBytes(bytes("{\"device\":\"d\",\"streams\":[],\"alerts\":[]}")).deviceId());
    }

    private static byte[] bytes(String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[j.length + 1];
        out[0] = 1;
        System.arraycopy(j, 0, out, 1, j.length);
        return out;
    }
}
