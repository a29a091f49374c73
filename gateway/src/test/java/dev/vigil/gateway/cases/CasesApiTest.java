package dev.vigil.gateway.cases;

import dev.vigil.gateway.alerts.AlertTestSupport;
import dev.vigil.gateway.auth.ApiToken;
import dev.vigil.gateway.auth.AuthConfig;
import dev.vigil.gateway.auth.PasswordHash;
import dev.vigil.gateway.auth.Role;
import dev.vigil.gateway.auth.User;
import dev.vigil.gateway.auth.UsersFile;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.evidence.ChainVerifier;
import dev.vigil.gateway.history.InfluxQueryClient;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed loop over the real HTTP API of a whole gateway (real InfluxDB, real MQTT readings
 * raising real alerts, users of every role): every refusal (403 role, 409 order, 400 comment, 404
 * scope), the whole loop with a rejection, a false alarm, auto_close, deadlines escalating on the
 * cases' own clock, on the stream and the webhook, deadlines that pass while the gateway is stopped,
 * restarts that neither lose nor repeat a step, and the alert event chain covering the steps.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CasesApiTest {
    static final String HAIBOWAN = "wuhai-haibowan";
    static final String WUDA = "wuhai-wuda";
    static final String HAINAN = "wuhai-hainan";
    static final String PASSWORD = "correct-horse-42";
    static final long MIN = 60_000;
    static final String RULES = AlertTestSupport.TRAPPED_RULES + """
              - id: test-door-left-open
                version: 1
                name: {zh: 空梯开门, en: Door open with nobody inside}
                kind: expression
                when: 'door == "open" && !occupied'
                level: blue
                auto_close: true
            """;
    static final String DEADLINES = """
            max_escalations: 5
            levels:
              orange: {received: 10m, dispatched: 30m, handled: 1h, closed: 4h}
            """;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private InfluxDatabase db;
    private Path registry;
    private Path profilesDir;
    private Map<String, String> tokens;
    private GatewayConfig base;
    private TestGateway gw;
    private final AtomicLong clock = new AtomicLong();
    private final Map<String, String> bearer = new LinkedHashMap<>();
    private Vertx peer;
    private HttpServer hook;
    private final List<JsonObject> hookHits = new CopyOnWriteArrayList<>();
    private final List<String> hookKinds = new CopyOnWriteArrayList<>();
    /** The trapped-passenger alerts' raise time (all three devices). */
    private long raised;
    private String caseA;
    private String caseA2;
    private String caseB;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        profilesDir = Path.of(TestGateway.profilesWithoutRules());
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(profilesDir);
        registry = dir.resolve("devices.yaml");
        tokens = new LinkedHashMap<>();
        for (String[] d : List.of(new String[] {"elv-a1", "Alpha Co", HAIBOWAN}, new String[] {"elv-a2", "Alpha Co", HAIBOWAN},
                new String[] {"elv-b1", "Beta Co", WUDA}, new String[] {"elv-b2", "Beta Co", WUDA})) {
            tokens.put(d[0], RegistryWriter.add(registry, new Device(d[0], "elevator", d[1], d[2], Map.of(), null, null), profiles));
        }
        String hash = PasswordHash.hash(PASSWORD.toCharArray());
        List<User> users = new ArrayList<>();
        users.add(TestGateway.adminUser());
        users.add(user("reg", Role.REGULATOR, List.of(HAIBOWAN, WUDA), null, hash));
        users.add(user("reg-hainan", Role.REGULATOR, List.of(HAINAN), null, null));
        users.add(user("alpha", Role.ENTERPRISE, List.of(), "Alpha Co", null));
        users.add(user("beta", Role.ENTERPRISE, List.of(), "Beta Co", null));
        users.add(user("insp", Role.INSPECTOR, List.of(HAIBOWAN), null, null));
        bearer.put("admin", TestGateway.ADMIN_AUTH);
        Path usersFile = dir.resolve("users.yaml");
        UsersFile.save(usersFile, users);
        Path rules = dir.resolve("rules");
        AlertTestSupport.writeRules(rules, "elevator-test.yaml", RULES);
        Path deadlines = dir.resolve("deadlines.yaml");
        Files.writeString(deadlines, DEADLINES);
        peer = Vertx.vertx();
        hook = peer.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            hookHits.add(new JsonObject(b));
            hookKinds.add(req.getHeader("X-Vigil-Event"));
            req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        base = GatewayConfig.defaults().withFiles(profilesDir.toString(), null, rules.toString(), null)
                .withAuth(AuthConfig.defaults().withUsers(usersFile.toString()))
                .withAlerts(null, new GatewayConfig.Webhook("http://127.0.0.1:" + hook.actualPort() + "/hook", 2000L, 3, 100L, "blue", 10_000))
                .withCases(CasesConfig.defaults().with(deadlines.toString(), 100));
        clock.set(System.currentTimeMillis());
        gw = startGateway();

        // one trapped-passenger alert (orange) on three elevators, raised 9 min 40 s before the cases' (frozen) clock;
        // readings older than alerts.max_gap_ms (5 min), so the rules' tick cannot raise it before the second reading does
        long t0 = clock.get() - 600_000;
        raised = t0 + 20_000;
        for (String d : List.of("elv-a1", "elv-a2", "elv-b1")) {
            MqttAsyncClient c = AlertTestSupport.connect(gw, d);
            AlertTestSupport.elevator(c, d, t0, true, "closed", true, false);
            AlertTestSupport.elevator(c, d, raised, true, "closed", true, false);
            c.disconnect().waitForCompletion(5_000);
        }
        caseA = "elv-a1/test-trapped/" + raised;
        caseA2 = "elv-a2/test-trapped/" + raised;
        caseB = "elv-b1/test-trapped/" + raised;
        await("three cases").atMost(Duration.ofSeconds(20))
                .until(() -> json(get("/api/v1/cases", "admin")).getInteger("count"), n -> n == 3);
    }

    private TestGateway startGateway() throws Exception {
        return TestGateway.startWithRegistry(registry, profilesDir, tokens, db, base, clock::get);
    }

    private User user(String name, Role role, List<String> regions, String enterprise, String hash) {
        ApiToken.Issued t = ApiToken.issue("2026-01-01T00:00:00Z", "test");
        bearer.put(name, "Bearer " + t.token());
        return new User(name, role, regions, enterprise, hash, List.of(t.record()));
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
        if (peer != null) peer.close().await(10, TimeUnit.SECONDS);
    }

    // ---- HTTP helpers ----------------------------------------------------------------------

    private String url(String path) {
        return "http://127.0.0.1:" + gw.app.httpPort() + path;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", bearer.get(user)).GET());
    }

    private HttpResponse<String> move(String caseId, String user, String to, String comment) throws Exception {
        JsonObject body = new JsonObject().put("to", to);
        if (comment != null) body.put("comment", comment);
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/cases/" + enc(caseId) + "/transitions")))
                .header("Authorization", bearer.get(user)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonObject refusal(int status, String error, String state, String to, List<String> allowed, List<String> legal) {
        return new JsonObject().put("status", status).put("error", error).put("state", state).put("to", to)
                .put("allowed", new JsonArray(allowed)).put("legal", new JsonArray(legal));
    }

    private void assertMoved(String caseId, String user, String to, String comment, String state) throws Exception {
        HttpResponse<String> r = move(caseId, user, to, comment);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(state, json(r).getString("state"));
    }

    private List<String> ids(String path, String user) throws Exception {
        HttpResponse<String> r = get(path, user);
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        for (Object o : json(r).getJsonArray("cases")) out.add(((JsonObject) o).getString("id"));
        out.sort(null);
        return out;
    }

    /** Rows of alert_events of one kind for one alert, as "a:b" pairs of two fields. */
    private List<String> stored(String kind, String alertId, String f1, String f2) {
        var r = db.query("SELECT " + f1 + ", " + f2 + " FROM alert_events WHERE kind = '" + kind + "' AND alert_id = '" + alertId + "'");
        if (r.series().isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        var s = r.single();
        for (int i = 0; i < s.size(); i++) out.add(s.value(i, f1) + ":" + s.value(i, f2));
        return out;
    }

    private long count(String kind) {
        var r = db.query("SELECT count(alert_id) FROM alert_events WHERE kind = '" + kind + "'");
        return r.series().isEmpty() ? 0 : ((Number) r.single().value(0, "count")).longValue();
    }

    // ---- the tests ---------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyAlertOpensACaseSeenWithinTheCallersScope() throws Exception {
        JsonObject one = json(get("/api/v1/cases/" + enc(caseA), "admin"));
        assertEquals(caseA, one.getString("id"));
        assertEquals("raised", one.getString("state"));
        assertEquals(new JsonObject().put("zh", "待签收").put("en", "raised"), one.getJsonObject("state_label"));
        assertEquals("orange", one.getString("level"));
        assertEquals("Alpha Co", one.getString("enterprise"));
        assertEquals("expression", one.getString("rule_kind"));
        assertEquals(raised, one.getLong("raised_at"));
        assertEquals("open", one.getString("alert_state"));
        assertEquals(false, one.getBoolean("overdue"));
        assertEquals(0, one.getInteger("escalation"));
        assertEquals(new JsonArray(List.of("received", "false_alarm")), one.getJsonArray("allowed"));
        JsonArray dl = one.getJsonArray("deadlines");
        assertEquals(List.of("received", "dispatched", "handled", "closed"), dl.stream().map(o -> ((JsonObject) o).getString("step")).toList());
        assertEquals(List.of(raised + 10 * MIN, raised + 30 * MIN, raised + 60 * MIN, raised + 240 * MIN),
                dl.stream().map(o -> ((JsonObject) o).getLong("due")).toList());
        assertEquals(List.of("raised"), one.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("kind")).toList());

        assertEquals(List.of(caseA, caseA2, caseB), ids("/api/v1/cases", "admin"));
        assertEquals(List.of(caseA, caseA2, caseB), ids("/api/v1/cases", "reg"));
        assertEquals(List.of(caseA, caseA2), ids("/api/v1/cases", "alpha"));
        assertEquals(List.of(caseB), ids("/api/v1/cases", "beta"));
        assertEquals(List.of(caseA, caseA2), ids("/api/v1/cases", "insp"));
        assertEquals(List.of(), ids("/api/v1/cases", "reg-hainan"));
        assertEquals(List.of(caseA, caseA2, caseB), ids("/api/v1/cases?mine=true&state=raised&level=orange", "reg"));
        assertEquals(List.of(), ids("/api/v1/cases?mine=true", "alpha"));
        assertEquals(List.of(caseB), ids("/api/v1/cases?region=" + WUDA, "admin"));
        assertEquals(List.of(), ids("/api/v1/cases?overdue=true", "admin"));
        assertEquals(404, get("/api/v1/cases/" + enc(caseA), "beta").statusCode());
        assertEquals(404, get("/api/v1/cases/" + enc(caseA), "reg-hainan").statusCode());
        assertEquals(new JsonObject().put("status", 400).put("error", "state must be open, closed, all or case states (raised, received, "
                + "dispatched, handled, verified, closed, rejected, false_alarm), got 'done'"), json(get("/api/v1/cases?state=done", "admin")));
    }

    @Test
    @Order(2)
    void refusalsSay403ForTheRole409ForTheOrderAnd404OutOfScope() throws Exception {
        List<String> legal = List.of("received", "false_alarm");
        HttpResponse<String> r = move(caseA, "alpha", "received", null);
        assertEquals(403, r.statusCode());
        assertEquals(refusal(403, "a enterprise may not move a case to received; from raised you may move it to []", "raised", "received",
                List.of(), legal), json(r));
        r = move(caseA, "insp", "received", null);
        assertEquals(refusal(403, "a inspector may not move a case to received; from raised you may move it to []", "raised", "received",
                List.of(), legal), json(r));
        r = move(caseA, "reg", "handled", "done");
        assertEquals(refusal(403, "a regulator may not move a case to handled; from raised you may move it to [received, false_alarm]",
                "raised", "handled", legal, legal), json(r));
        r = move(caseA, "reg", "closed", null);
        assertEquals(409, r.statusCode());
        assertEquals(refusal(409, "a case in state raised cannot move to closed; next: [received, false_alarm]", "raised", "closed",
                legal, legal), json(r));
        r = move(caseA, "admin", "verified", null);
        assertEquals(409, r.statusCode());
        for (String outsider : List.of("beta", "reg-hainan")) {
            r = move(caseA, outsider, "received", null);
            assertEquals(404, r.statusCode());
            assertEquals(new JsonObject().put("status", 404).put("error", "no case '" + caseA + "'"), json(r));
        }
        assertEquals(404, move("elv-a1/test-trapped/1", "admin", "received", null).statusCode());
        r = move(caseA, "reg", "fixed", null);
        assertEquals(400, r.statusCode());
        assertTrue(json(r).getString("error").startsWith("unknown target state 'fixed'; body must be a JSON object {\"to\": "), r.body());
        r = move(caseA, "reg", "false_alarm", null);
        assertEquals(refusal(400, "moving a case to false_alarm needs a comment (the reason)", "raised", "false_alarm", legal, legal), json(r));
        assertEquals("raised", json(get("/api/v1/cases/" + enc(caseA), "admin")).getString("state"));
        assertEquals(0, count("TRANSITION"), "a refusal stores nothing");
    }

    @Test
    @Order(3)
    void theWholeLoopWithARejectionOverSessionAndToken() throws Exception {
        try (AlertTestSupport.Stream stream = AlertTestSupport.sse(gw, "?device=elv-a1", TestGateway.ADMIN_AUTH)) {
            // a regulator's browser: session cookie plus X-CSRF-Token
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(url("/api/v1/login"))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("user", "reg").put("password", PASSWORD).encode())));
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            String csrf = json(login).getString("csrf_token");
            HttpRequest.Builder noCsrf = HttpRequest.newBuilder(URI.create(url("/api/v1/cases/" + enc(caseA) + "/transitions")))
                    .header("Cookie", cookie).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"received\", \"comment\": \"签收\"}"));
            assertEquals(403, send(noCsrf).statusCode());
            HttpResponse<String> r = send(noCsrf.header("X-CSRF-Token", csrf));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("received", json(r).getString("state"));

            assertMoved(caseA, "reg", "dispatched", "派单至 Alpha Co 维保", "dispatched");
            r = move(caseA, "alpha", "handled", null);
            assertEquals(refusal(400, "moving a case to handled needs a comment (what was done)", "dispatched", "handled",
                    List.of("handled"), List.of("handled", "false_alarm")), json(r));
            assertMoved(caseA, "alpha", "handled", "维保人员到场，开门放人", "handled");
            assertMoved(caseA, "reg", "rejected", "缺少现场照片", "rejected");
            assertMoved(caseA, "alpha", "handled", "补充现场照片与故障原因：门锁回路", "handled");
            assertMoved(caseA, "reg", "verified", "核查属实", "verified");
            r = move(caseA, "reg", "closed", "办结");
            assertEquals(200, r.statusCode(), r.body());
            JsonObject closed = json(r);
            assertEquals("closed", closed.getString("state"));
            assertEquals(new JsonArray(), closed.getJsonArray("allowed"));
            List<String> steps = new ArrayList<>();
            for (Object o : closed.getJsonArray("timeline")) {
                JsonObject e = (JsonObject) o;
                if (e.getString("kind").equals("transition")) {
                    steps.add(e.getString("case_from") + ">" + e.getString("case_to") + " " + e.getString("actor") + " " + e.getString("comment"));
                }
            }
            assertEquals(List.of("raised>received reg 签收", "received>dispatched reg 派单至 Alpha Co 维保",
                    "dispatched>handled alpha 维保人员到场，开门放人", "handled>rejected reg 缺少现场照片",
                    "rejected>handled alpha 补充现场照片与故障原因：门锁回路", "handled>verified reg 核查属实", "verified>closed reg 办结"), steps);
            // every step was reached: each deadline has its met_at
            for (Object o : closed.getJsonArray("deadlines")) assertNotNull(((JsonObject) o).getLong("met_at"), o.toString());

            List<String> streamed = new ArrayList<>();
            while (streamed.size() < 7) {
                JsonObject e = stream.next(10);
                assertNotNull(e, "stream: " + streamed);
                if (e.getString("kind").equals("transition")) streamed.add(e.getString("case_from") + ">" + e.getString("case_to"));
            }
            assertEquals(List.of("raised>received", "received>dispatched", "dispatched>handled", "handled>rejected", "rejected>handled",
                    "handled>verified", "verified>closed"), streamed);
        }
        await("webhook transitions").atMost(Duration.ofSeconds(10)).until(() -> hookKinds.stream().filter("transition"::equals).count() == 7);
        JsonObject last = hookHits.stream().filter(h -> "transition".equals(h.getString("kind"))).reduce((a, b) -> b).orElseThrow();
        assertEquals(caseA, last.getString("case_id"));
        assertEquals("verified", last.getString("case_from"));
        assertEquals("closed", last.getString("case_to"));
        assertEquals("reg", last.getString("actor"));
        await("stored").atMost(Duration.ofSeconds(10)).until(() -> count("TRANSITION") == 7);
        assertEquals(List.of("raised:received", "received:dispatched", "dispatched:handled", "handled:rejected", "rejected:handled",
                "handled:verified", "verified:closed"), stored("TRANSITION", caseA, "case_from", "case_to"));
        // the audit trail names every transition asked for
        await("audited").atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/audit?action=case&limit=100", "admin")).encode()
                .contains("case " + caseA + " -> closed; comment: 办结"));

        // a false alarm, and the case of an alert that cleared by itself stays open
        assertEquals(403, move(caseA2, "alpha", "false_alarm", "误报").statusCode());
        assertMoved(caseA2, "reg", "false_alarm", "传感器被遮挡，误报", "false_alarm");
        MqttAsyncClient c = AlertTestSupport.connect(gw, "elv-b1");
        AlertTestSupport.elevator(c, "elv-b1", raised + 30_000, true, "open", true, false);
        c.disconnect().waitForCompletion(5_000);
        await("B's alert cleared").atMost(Duration.ofSeconds(10))
                .until(() -> json(get("/api/v1/cases/" + enc(caseB), "admin")).getString("alert_state"), "cleared"::equals);
        assertEquals("raised", json(get("/api/v1/cases/" + enc(caseB), "admin")).getString("state"));
    }

    @Test
    @Order(4)
    void autoCloseClosesTheCaseWhenItsAlertClears() throws Exception {
        long t = System.currentTimeMillis() - 30_000;
        MqttAsyncClient c = AlertTestSupport.connect(gw, "elv-b2");
        AlertTestSupport.elevator(c, "elv-b2", t, false, "open", true, false);
        AlertTestSupport.elevator(c, "elv-b2", t + 10_000, false, "closed", true, false);
        c.disconnect().waitForCompletion(5_000);
        String id = "elv-b2/test-door-left-open/" + t;
        JsonObject closed = await("auto-closed").atMost(Duration.ofSeconds(10))
                .until(() -> json(get("/api/v1/cases/" + enc(id), "admin")), o -> "closed".equals(o.getString("state")));
        assertEquals(true, closed.getBoolean("auto_close"));
        assertEquals("cleared", closed.getString("alert_state"));
        List<String> kinds = closed.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("kind")).toList();
        assertEquals(List.of("raised", "cleared", "transition"), kinds);
        JsonObject step = closed.getJsonArray("timeline").getJsonObject(2);
        assertEquals("vigil", step.getString("actor"));
        assertEquals("raised", step.getString("case_from"));
        assertEquals("closed", step.getString("case_to"));
    }

    @Test
    @Order(5)
    void aMissedDeadlineEscalatesOncePerPeriodOnTheStreamAndTheWebhook() throws Exception {
        try (AlertTestSupport.Stream stream = AlertTestSupport.sse(gw, "?device=elv-b1", TestGateway.ADMIN_AUTH)) {
            clock.set(raised + 10 * MIN);
            JsonObject e = nextOverdue(stream);
            assertEquals(caseB, e.getString("alert_id"));
            assertEquals("received", e.getString("step"));
            assertEquals(1, e.getInteger("escalation"));
            assertEquals(raised + 10 * MIN, e.getLong("due"));
            assertEquals("raised", e.getString("case_from"));
            assertEquals("vigil", e.getString("actor"));
            assertEquals("超时未签收（第1次督办）/ not received within 10m (escalation 1)", e.getString("comment"));
            assertEquals(List.of(caseB), ids("/api/v1/cases?overdue=true", "admin"));
            assertEquals(List.of(caseB), ids("/api/v1/cases?overdue=true", "beta"));
            assertEquals(List.of(), ids("/api/v1/cases?overdue=true", "alpha"));
            clock.set(raised + 20 * MIN);
            e = nextOverdue(stream);
            assertEquals(2, e.getInteger("escalation"));
            assertEquals(raised + 20 * MIN, e.getLong("due"));
            JsonObject b = json(get("/api/v1/cases/" + enc(caseB), "admin"));
            assertEquals(true, b.getBoolean("overdue"));
            assertEquals(2, b.getInteger("escalation"));
        }
        await("webhook overdue").atMost(Duration.ofSeconds(10)).until(() -> hookKinds.stream().filter("overdue"::equals).count() == 2);
        // open: A2 was declared a false alarm, A closed; B is open and overdue
        String metrics = await("counted").atMost(Duration.ofSeconds(5)).until(() -> send(HttpRequest.newBuilder(URI.create(url("/metrics")))
                .GET()).body(), m -> m.contains("vigil_cases_overdue{level=\"orange\"} 1.0"));
        assertTrue(metrics.contains("vigil_cases_open{level=\"orange\"} 1.0"), metrics);
        assertTrue(metrics.contains("vigil_cases_overdue{level=\"orange\"} 1.0"), metrics);
        assertTrue(metrics.contains("vigil_cases_open{level=\"blue\"} 0.0"), metrics);
        await("stored overdue").atMost(Duration.ofSeconds(10)).until(() -> stored("OVERDUE", caseB, "step", "escalation").size() == 2);
        assertEquals(List.of("received:1", "received:2"), stored("OVERDUE", caseB, "step", "escalation"));
    }

    private static JsonObject nextOverdue(AlertTestSupport.Stream stream) throws InterruptedException {
        while (true) {
            JsonObject e = stream.next(10);
            assertNotNull(e, "no overdue event within 10 s");
            if ("overdue".equals(e.getString("kind"))) return e;
        }
    }

    @Test
    @Order(6)
    void deadlinesPassingWhileStoppedEscalateAtStartAndRestartsRepeatNothing() throws Exception {
        List<String> transitionsOfA = stored("TRANSITION", caseA, "case_from", "case_to");
        long transitions = count("TRANSITION");
        assertEquals(9, transitions, "A: 7, A2: 1, the auto-closed case: 1");
        gw.close();
        gw = null;
        clock.set(raised + 35 * MIN);
        gw = startGateway();
        // received (10 min) for the third time at 30 min, dispatched (30 min) for the first
        await("escalated at start-up").atMost(Duration.ofSeconds(20))
                .until(() -> stored("OVERDUE", caseB, "step", "escalation").size() == 4);
        assertEquals(List.of("received:1", "received:2", "received:3", "dispatched:1"), stored("OVERDUE", caseB, "step", "escalation"));
        assertEquals(List.of(String.valueOf(raised + 10 * MIN), String.valueOf(raised + 20 * MIN), String.valueOf(raised + 30 * MIN),
                String.valueOf(raised + 30 * MIN)), stored("OVERDUE", caseB, "due", "escalation").stream().map(s -> s.split(":")[0]).toList());
        JsonObject a = json(get("/api/v1/cases/" + enc(caseA), "admin"));
        assertEquals("closed", a.getString("state"));
        assertEquals(7, a.getJsonArray("timeline").stream().filter(o -> "transition".equals(((JsonObject) o).getString("kind"))).count());
        assertEquals("false_alarm", json(get("/api/v1/cases/" + enc(caseA2), "admin")).getString("state"));
        JsonObject b = json(get("/api/v1/cases/" + enc(caseB), "admin"));
        assertEquals(List.of("raised", "cleared", "overdue", "overdue", "overdue", "overdue"),
                b.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("kind")).toList());
        assertEquals(3, b.getInteger("escalation"));

        // the loop goes on after the restart; a second restart at the same time adds nothing
        assertMoved(caseB, "reg", "received", "收到督办", "received");
        await("stored").atMost(Duration.ofSeconds(10)).until(() -> count("TRANSITION") == transitions + 1);
        gw.close();
        gw = null;
        gw = startGateway();
        assertEquals("received", json(get("/api/v1/cases/" + enc(caseB), "admin")).getString("state"));
        assertEquals(transitions + 1, count("TRANSITION"));
        assertEquals(4, stored("OVERDUE", caseB, "step", "escalation").size());
        assertEquals(transitionsOfA, stored("TRANSITION", caseA, "case_from", "case_to"));
        clock.set(raised + 60 * MIN);
        await("dispatched again, handled first").atMost(Duration.ofSeconds(10))
                .until(() -> stored("OVERDUE", caseB, "step", "escalation").size() == 6);
        assertEquals(List.of("received:1", "received:2", "received:3", "dispatched:1", "dispatched:2", "handled:1"),
                stored("OVERDUE", caseB, "step", "escalation"));
    }

    @Test
    @Order(7)
    void theAlertEventChainCoversTheStepsAndNamesAnEditedOne() throws Exception {
        ChainVerifier verifier = new ChainVerifier(new InfluxQueryClient(InfluxConfig.defaults().withUrl(db.url()).withDatabase(db.name())));
        long from = raised - 3_600_000;
        long to = System.currentTimeMillis() + 86_400_000L;
        ChainVerifier.Result ok = verifier.verify(from, to);
        assertTrue(ok.ok(), () -> ok.problem() + " at " + ok.firstBad());
        long rows = ((Number) db.query("SELECT count(alert_id) FROM alert_events").single().value(0, "count")).longValue();
        assertEquals(rows, ok.checked(), "every alert event and every case step is chained");
        assertEquals(0, ok.unchained());
        assertEquals(16, count("TRANSITION") + count("OVERDUE"));

        // an insider turns the rejection into a verification in place: same series, same time
        String series = "alert_events,device=elv-a1,enterprise=Alpha\\ Co,region=" + HAIBOWAN + ",profile=elevator,rule=test-trapped,"
                + "level=orange,kind=TRANSITION";
        var row = db.query("SELECT * FROM alert_events WHERE kind = 'TRANSITION' AND case_to = 'rejected'").single();
        long time = ((Number) row.value(0, "time")).longValue();
        long seq = ((Number) row.value(0, "seq")).longValue();
        db.writeLines(series + " case_to=\"verified\" " + time + "\n");
        ChainVerifier.Result bad = verifier.verify(from, to);
        assertEquals(seq, bad.firstBad().seq());
        assertEquals("TRANSITION", bad.firstBad().kind());
        assertEquals(caseA, bad.firstBad().alertId());
        assertEquals("its content does not match its hash (changed after it was written)", bad.problem());
        db.writeLines(series + " case_to=\"rejected\" " + time + "\n");
        assertNull(verifier.verify(from, to).firstBad());
    }

    @Test
    @Order(8)
    void aShortLookBackStillRestoresTheCasesOfOpenAlertsWithTheirSteps() throws Exception {
        long overdue = count("OVERDUE");
        long transitions = count("TRANSITION");
        gw.close();
        gw = null;
        // look back 10 minutes only: the trapped alerts of elv-a1 and elv-a2 are still open (their cases closed long ago,
        // read back with them: nothing escalates); B's alert cleared long ago, its case is known from its late escalations
        clock.set(raised + 70 * MIN);
        GatewayConfig full = base;
        base = base.withCases(new CasesConfig(true, base.cases().deadlines(), 100, 10 * MIN));
        try {
            gw = startGateway();
        } finally {
            base = full;
        }
        JsonObject b = json(get("/api/v1/cases/" + enc(caseB), "admin"));
        assertEquals("received", b.getString("state"), b.encode());
        assertEquals(2, b.getInteger("escalation"));
        // a few deadline checks later nothing was added: no case was restored as if it were new
        clock.set(raised + 71 * MIN);
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals(overdue, count("OVERDUE"));
        assertEquals(transitions, count("TRANSITION"));
        assertEquals(List.of(), stored("OVERDUE", caseA, "step", "escalation"));
        assertEquals(List.of(), stored("OVERDUE", caseA2, "step", "escalation"));
    }
}
