package dev.vigil.gateway.auth;

import dev.vigil.gateway.alerts.AlertTestSupport;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log-in and roles over the real HTTP API of a whole gateway (real InfluxDB, real MQTT readings
 * raising real alerts): three devices of three enterprises in the three Wuhai districts, one user
 * of each role, every role against every route — scope (404 like an unknown device, filtered lists
 * and streams), 403 for what a role may not do, CSRF, session expiry, 401 without credentials,
 * log-in limits per account and per address, and the audit trail.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthApiTest {
    static final String HAIBOWAN = "wuhai-haibowan";
    static final String WUDA = "wuhai-wuda";
    static final String HAINAN = "wuhai-hainan";
    static final String PASSWORD = "correct-horse-42";
    static final long IDLE_MS = 3_000;
    static final int PER_USER = 3;
    static final int PER_ADDRESS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway gw;
    /** Bearer header per user name. */
    private final Map<String, String> bearer = new LinkedHashMap<>();
    /** Alert id per device. */
    private final Map<String, String> alertOf = new LinkedHashMap<>();
    /** Devices each user sees. */
    private static final Map<String, Set<String>> SEES = Map.of(
            "boss", Set.of("elv-a1", "elv-b1", "elv-c1"),
            "reg", Set.of("elv-a1", "elv-b1"),
            "alpha", Set.of("elv-a1"),
            "insp", Set.of("elv-b1"));
    private static final List<String> DEVICES = List.of("elv-a1", "elv-b1", "elv-c1");
    private long t0;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        String profilesDir = TestGateway.profilesWithoutRules();
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(Path.of(profilesDir));
        Path registry = dir.resolve("devices.yaml");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("elv-a1", RegistryWriter.add(registry, new Device("elv-a1", "elevator", "Alpha Co", HAIBOWAN, Map.of(), null, null), profiles));
        tokens.put("elv-b1", RegistryWriter.add(registry, new Device("elv-b1", "elevator", "Beta Co", WUDA, Map.of(), null, null), profiles));
        tokens.put("elv-c1", RegistryWriter.add(registry, new Device("elv-c1", "elevator", "Gamma Co", HAINAN, Map.of(), null, null), profiles));
        List<User> users = new ArrayList<>();
        users.add(TestGateway.adminUser());
        String hash = PasswordHash.hash(PASSWORD.toCharArray());
        users.add(user("boss", Role.ADMIN, List.of(), null, hash));
        users.add(user("reg", Role.REGULATOR, List.of(HAIBOWAN, WUDA), null, hash));
        users.add(user("alpha", Role.ENTERPRISE, List.of(), "Alpha Co", hash));
        users.add(user("insp", Role.INSPECTOR, List.of(WUDA), null, hash));
        Path usersFile = dir.resolve("users.yaml");
        UsersFile.save(usersFile, users);
        Path rules = dir.resolve("rules");
        AlertTestSupport.writeRules(rules, "elevator-test.yaml", AlertTestSupport.TRAPPED_RULES);
        GatewayConfig base = GatewayConfig.defaults().withFiles(profilesDir, null, rules.toString(), null)
                .withAuth(AuthConfig.defaults().withUsers(usersFile.toString()).withSessions(IDLE_MS, 600_000)
                        .withLoginLimits(PER_USER, PER_ADDRESS, 600_000, 600_000));
        gw = TestGateway.startWithRegistry(registry, Path.of(profilesDir), tokens, db, base);

        // one open trapped-passenger alert per device
        t0 = System.currentTimeMillis() - 600_000;
        for (String d : DEVICES) {
            MqttAsyncClient c = AlertTestSupport.connect(gw, d);
            AlertTestSupport.elevator(c, d, t0, true, "closed", true, false);
            AlertTestSupport.elevator(c, d, t0 + 20_000, true, "closed", true, false);
            c.disconnect().waitForCompletion(5_000);
            alertOf.put(d, d + "/test-trapped/" + (t0 + 20_000));
        }
        await("three open alerts").atMost(Duration.ofSeconds(20))
                .until(() -> json(get("/api/alerts?state=open", TestGateway.ADMIN_AUTH)).getInteger("count"), n -> n == 3);
    }

    private User user(String name, Role role, List<String> regions, String enterprise, String hash) {
        ApiToken.Issued t = ApiToken.issue("2026-01-01T00:00:00Z", "test");
        bearer.put(name, "Bearer " + t.token());
        return new User(name, role, regions, enterprise, hash, List.of(t.record()));
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
    }

    // ---- HTTP helpers ----------------------------------------------------------------------

    private String url(String path) {
        return "http://127.0.0.1:" + gw.app.httpPort() + path;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return send(b);
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return post("/api/v1/login", new JsonObject().put("user", user).put("password", password).encode(), Map.of());
    }

    /** Logs in; returns the Cookie header value and the CSRF token. */
    private String[] session(String user) throws Exception {
        HttpResponse<String> r = login(user, PASSWORD);
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
        return new String[] {setCookie.substring(0, setCookie.indexOf(';')), json(r).getString("csrf_token")};
    }

    private static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertError(int status, String message, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.headers().toString());
        assertEquals(new JsonObject().put("status", status).put("error", message), json(r));
    }

    // ---- the tests ---------------------------------------------------------------------------

    @Test
    @Order(1)
    void everythingUnderApiNeedsASessionOrTokenButHealthReadyAndMetricsStayOpen() throws Exception {
        String none = "log in first (POST /api/v1/login) or send Authorization: Bearer TOKEN";
        for (String p : List.of("/api/alerts", "/api/alerts/stream", "/api/alerts/" + enc(alertOf.get("elv-a1")), "/api/rules",
                "/api/v1/devices", "/api/v1/devices/elv-a1/series?fields=floor", "/api/v1/export.csv?device=elv-a1",
                "/api/v1/me", "/api/v1/audit", "/api/v1/users", "/api/v1/openapi.yaml", "/api/no-such-route", "/api")) {
            HttpResponse<String> r = get(p, null);
            assertError(401, none, r);
            assertEquals("Bearer realm=\"vigil\"", r.headers().firstValue("www-authenticate").orElse(null), p);
        }
        assertError(401, none, post("/api/alerts/" + enc(alertOf.get("elv-a1")) + "/ack", "{}", Map.of()));
        assertError(401, none, post("/api/v1/logout", "{}", Map.of()));
        assertError(401, "unknown or revoked API token", get("/api/alerts", "Bearer vigil_00000000_" + "A".repeat(43)));
        assertError(401, "unknown or revoked API token", get("/api/alerts", "Bearer " + bearer.get("alpha").substring(7) + "x"));
        assertError(401, "Authorization must be 'Bearer TOKEN' (an API token of `vigil user token`)", get("/api/alerts", "Basic YTpi"));
        assertError(401, "session expired or ended; log in again",
                send(HttpRequest.newBuilder(URI.create(url("/api/v1/me"))).header("Cookie", "vigil_session=forged").GET()));
        for (String open : List.of("/health", "/ready", "/metrics")) assertEquals(200, get(open, null).statusCode(), open);
    }

    @Test
    @Order(2)
    void logInSetsAStrictHttpOnlyCookieMeShowsRoleScopeAndCsrfAndLogOutEndsTheSession() throws Exception {
        HttpResponse<String> r = login("reg", PASSWORD);
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.matches("vigil_session=[A-Za-z0-9_-]{43}; Path=/; HTTPOnly; SameSite=Strict"), setCookie);
        JsonObject body = json(r);
        String csrf = body.getString("csrf_token");
        assertTrue(csrf.matches("[A-Za-z0-9_-]{43}"), csrf);
        assertEquals(new JsonObject().put("name", "reg").put("role", "regulator").put("role_zh", "监管部门")
                .put("scope", new JsonObject().put("regions", new JsonArray().add(HAIBOWAN).add(WUDA)).putNull("enterprise"))
                .put("auth", "session").put("may_acknowledge", true).put("csrf_token", csrf), body);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(url("/api/v1/me"))).header("Cookie", cookie).GET());
        assertEquals(body, json(me));
        JsonObject byToken = json(get("/api/v1/me", bearer.get("alpha")));
        assertEquals("token", byToken.getString("auth"));
        assertNull(byToken.getValue("csrf_token"));
        assertEquals(new JsonObject().putNull("regions").put("enterprise", "Alpha Co"), byToken.getJsonObject("scope"));
        assertFalse(json(get("/api/v1/me", bearer.get("insp"))).getBoolean("may_acknowledge"));

        // behind an HTTPS proxy the cookie is Secure
        HttpResponse<String> https = post("/api/v1/login", new JsonObject().put("user", "reg").put("password", PASSWORD).encode(),
                Map.of("X-Forwarded-Proto", "https"));
        assertTrue(https.headers().firstValue("set-cookie").orElseThrow().contains("; Secure"), https.headers().toString());

        // log-out is state-changing: it needs the CSRF token
        assertError(403, "missing or wrong X-CSRF-Token header (the csrf_token of GET /api/v1/me)",
                post("/api/v1/logout", "{}", Map.of("Cookie", cookie)));
        HttpResponse<String> out = post("/api/v1/logout", "{}", Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("set-cookie").orElseThrow().startsWith("vigil_session=; Max-Age=0"), out.headers().toString());
        assertError(401, "session expired or ended; log in again",
                send(HttpRequest.newBuilder(URI.create(url("/api/v1/me"))).header("Cookie", cookie).GET()));
        // a form post cannot log in (no JSON content type): no log-in CSRF
        HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(url("/api/v1/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("user=reg&password=x")));
        assertEquals(415, form.statusCode(), form.body());
    }

    @Test
    @Order(3)
    void wrongCredentialsGetOne401ForUnknownUserAndWrongPassword() throws Exception {
        assertError(401, "wrong user name or password", login("nobody", PASSWORD));
        assertError(401, "wrong user name or password", login("boss", PASSWORD + "!"));
        assertError(400, "body must be a JSON object {\"user\": \"...\", \"password\": \"...\"}",
                post("/api/v1/login", "{\"user\": \"boss\"}", Map.of()));
    }

    @Test
    @Order(4)
    void everyRoleSeesExactlyItsScopeOnEveryReadRoute() throws Exception {
        long from = t0 - 60_000;
        long to = t0 + 120_000;
        String replayBody = new JsonObject().put("rules", AlertTestSupport.TRAPPED_RULES).put("from", Long.toString(from))
                .put("to", Long.toString(to)).encode();
        for (Map.Entry<String, Set<String>> e : SEES.entrySet()) {
            String who = e.getKey();
            String auth = bearer.get(who);
            Set<String> sees = e.getValue();
            // lists
            TreeSet<String> listed = new TreeSet<>();
            for (Object d : json(get("/api/v1/devices", auth)).getJsonArray("devices")) listed.add(((JsonObject) d).getString("id"));
            assertEquals(new TreeSet<>(sees), listed, who + " /api/v1/devices");
            TreeSet<String> alerted = new TreeSet<>();
            for (Object a : json(get("/api/alerts?state=open", auth)).getJsonArray("alerts")) alerted.add(((JsonObject) a).getString("device"));
            assertEquals(new TreeSet<>(sees), alerted, who + " /api/alerts");
            // one device or alert at a time: 200 in scope, 404 exactly like an unknown one outside
            for (String d : DEVICES) {
                boolean in = sees.contains(d);
                Map<String, String> paths = new LinkedHashMap<>();
                paths.put("series", "/api/v1/devices/%s/series?fields=floor&from=" + from + "&to=" + to);
                paths.put("events", "/api/v1/devices/%s/events?from=" + from + "&to=" + to);
                paths.put("track", "/api/v1/devices/%s/track?from=" + from + "&to=" + to);
                paths.put("export", "/api/v1/export.csv?device=%s&fields=floor&from=" + from + "&to=" + to);
                for (Map.Entry<String, String> p : paths.entrySet()) {
                    HttpResponse<String> r = get(p.getValue().formatted(d), auth);
                    if (in && p.getKey().equals("track")) {
                        // seen, but an elevator has no position: the refusal names the profile, not a missing device
                        assertEquals(400, r.statusCode(), who + " track " + d + ": " + r.body());
                    } else if (in) {
                        assertEquals(200, r.statusCode(), who + " " + p.getKey() + " " + d + ": " + r.body());
                    } else {
                        HttpResponse<String> unknown = get(p.getValue().formatted("elv-zz"), auth);
                        assertEquals(404, r.statusCode(), who + " " + p.getKey() + " " + d + ": " + r.body());
                        assertEquals(unknown.body().replace("elv-zz", "X"), r.body().replace(d, "X"), who + " " + p.getKey() + " " + d);
                    }
                }
                String id = alertOf.get(d);
                for (String p : List.of("/api/alerts/" + enc(id), "/api/v1/alerts/" + enc(id) + "/episode")) {
                    HttpResponse<String> r = get(p, auth);
                    if (in) {
                        assertEquals(200, r.statusCode(), who + " " + p + ": " + r.body());
                    } else {
                        String unknownId = d + "/test-trapped/1";
                        HttpResponse<String> unknown = get(p.replace(enc(id), enc(unknownId)), auth);
                        assertEquals(404, r.statusCode(), who + " " + p + ": " + r.body());
                        assertEquals(404, unknown.statusCode(), unknown.body());
                        assertEquals(json(unknown).getString("error").replace(unknownId, "X").replace(" (not open and not recently closed)", ""),
                                json(r).getString("error").replace(id, "X"), who + " " + p);
                    }
                }
                HttpResponse<String> replay = post("/api/v1/rules/replay", new JsonObject(replayBody).put("device", d).encode(),
                        Map.of("Authorization", auth));
                assertEquals(in ? 200 : 404, replay.statusCode(), who + " replay " + d + ": " + replay.body());
            }
            // whole-scope exports: only the caller's devices
            HttpResponse<String> all = get("/api/v1/export.csv?profile=elevator&fields=floor&from=" + from + "&to=" + to, auth);
            assertEquals(200, all.statusCode(), all.body());
            TreeSet<String> exported = new TreeSet<>();
            for (String line : all.body().split("\n")) {
                for (String d : DEVICES) {
                    if (line.contains(d)) exported.add(d);
                }
            }
            assertEquals(new TreeSet<>(sees), exported, who + " export by profile");
            // region and enterprise filters outside the scope: refused like unknown ones
            if (!sees.contains("elv-c1")) {
                HttpResponse<String> outside = get("/api/v1/devices?region=" + HAINAN, auth);
                HttpResponse<String> unknown = get("/api/v1/devices?region=wuhai-nowhere", auth);
                assertEquals(unknown.statusCode(), outside.statusCode(), who + " region filter: " + outside.body());
                assertEquals(unknown.body().replace("wuhai-nowhere", "X"), outside.body().replace(HAINAN, "X"), who);
                HttpResponse<String> ent = get("/api/v1/export.csv?enterprise=" + enc("Gamma Co") + "&fields=floor&from=" + from + "&to=" + to, auth);
                HttpResponse<String> noEnt = get("/api/v1/export.csv?enterprise=Nobody&fields=floor&from=" + from + "&to=" + to, auth);
                assertEquals(noEnt.statusCode(), ent.statusCode(), who + " enterprise filter: " + ent.body());
                assertEquals(noEnt.body().replace("Nobody", "X"), ent.body().replace("Gamma Co", "X"), who);
            }
            // role-only routes
            boolean admin = who.equals("boss");
            assertEquals(admin ? 200 : 403, get("/api/v1/audit", auth).statusCode(), who + " audit");
            assertEquals(admin ? 200 : 403, get("/api/v1/users", auth).statusCode(), who + " users");
            assertEquals(admin || who.equals("reg") ? 200 : 403, get("/api/rules", auth).statusCode(), who + " rules");
            assertEquals(200, get("/api/v1/openapi.yaml", auth).statusCode(), who + " openapi");
        }
        assertError(403, "only admins see users and the audit trail", get("/api/v1/audit", bearer.get("reg")));
        assertError(403, "only admins and regulators see the rules' status", get("/api/rules", bearer.get("insp")));
        JsonArray users = json(get("/api/v1/users", bearer.get("boss"))).getJsonArray("users");
        assertEquals(5, users.size());
        assertFalse(users.encode().contains("pbkdf2"), users.encode());
    }

    @Test
    @Order(5)
    void acknowledgementFollowsRoleScopeAndCsrf() throws Exception {
        String a1 = "/api/alerts/" + enc(alertOf.get("elv-a1")) + "/ack";
        String b1 = "/api/alerts/" + enc(alertOf.get("elv-b1")) + "/ack";
        String c1 = "/api/alerts/" + enc(alertOf.get("elv-c1")) + "/ack";
        String body = "{\"comment\": \"on site\"}";
        // an inspector is read-only, in its scope or not
        assertError(403, "a inspector may not acknowledge alerts (read-only role)", post(b1, body, Map.of("Authorization", bearer.get("insp"))));
        String[] insp = session("insp");
        assertError(403, "a inspector may not acknowledge alerts (read-only role)",
                post(b1, body, Map.of("Cookie", insp[0], "X-CSRF-Token", insp[1])));
        // an enterprise acknowledges its own alerts only: another enterprise's alert is unknown to it
        assertEquals(404, post(c1, body, Map.of("Authorization", bearer.get("alpha"))).statusCode());
        assertEquals(404, post(b1, body, Map.of("Authorization", bearer.get("alpha"))).statusCode());
        String[] alpha = session("alpha");
        String csrfMsg = "missing or wrong X-CSRF-Token header (the csrf_token of GET /api/v1/me)";
        assertError(403, csrfMsg, post(a1, body, Map.of("Cookie", alpha[0])));
        assertError(403, csrfMsg, post(a1, body, Map.of("Cookie", alpha[0], "X-CSRF-Token", alpha[1] + "x")));
        assertError(403, csrfMsg, post(a1, body, Map.of("Cookie", alpha[0], "X-CSRF-Token", insp[1])));
        HttpResponse<String> ok = post(a1, "{\"user\": \"someone else\", \"comment\": \"on site\"}",
                Map.of("Cookie", alpha[0], "X-CSRF-Token", alpha[1]));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("alpha", json(ok).getJsonObject("acknowledged").getString("by"), "a session user acknowledges as itself");
        // a regulator outside its regions: 404; inside: 200 (token: no CSRF needed)
        assertEquals(404, post(c1, body, Map.of("Authorization", bearer.get("reg"))).statusCode());
        HttpResponse<String> reg = post(b1, body, Map.of("Authorization", bearer.get("reg")));
        assertEquals(200, reg.statusCode(), reg.body());
        assertEquals("reg", json(reg).getJsonObject("acknowledged").getString("by"));
        HttpResponse<String> admin = post(c1, "{\"user\": \"值班员 Zhao\"}", Map.of("Authorization", bearer.get("boss")));
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("值班员 Zhao", json(admin).getJsonObject("acknowledged").getString("by"), "a machine client names its person");
        // other changes are for admins only
        assertError(403, "only admins may change this", post("/api/alerts", "{}", Map.of("Authorization", bearer.get("reg"))));

        // the audit trail (admins): the acknowledgements with who, where and what
        JsonArray acks = await("ack audit records").atMost(Duration.ofSeconds(20)).until(
                () -> json(get("/api/v1/audit?action=ack", bearer.get("boss"))).getJsonArray("records"), a -> a.size() >= 8);
        List<String> okBy = new ArrayList<>();
        for (Object o : acks) {
            JsonObject rec = (JsonObject) o;
            assertEquals("127.0.0.1", rec.getString("address"));
            if ("ok".equals(rec.getString("outcome"))) okBy.add(rec.getString("user"));
        }
        assertEquals(List.of("值班员 Zhao (via boss)", "reg", "alpha"), okBy);
        assertEquals(3, acks.stream().filter(o -> "not_found".equals(((JsonObject) o).getString("outcome"))).count(), acks.encode());
        assertEquals(2, acks.stream().filter(o -> "denied".equals(((JsonObject) o).getString("outcome"))
                && "insp".equals(((JsonObject) o).getString("user"))).count(), acks.encode());
    }

    @Test
    @Order(6)
    void theStreamsCarryOnlyTheCallersAlerts() throws Exception {
        try (AlertTestSupport.Stream admin = AlertTestSupport.sse(gw, "?rule=test-trapped", bearer.get("boss"));
             AlertTestSupport.Stream alpha = AlertTestSupport.sse(gw, "?rule=test-trapped", bearer.get("alpha"));
             AlertTestSupport.Stream inspWs = AlertTestSupport.webSocket(gw, "?rule=test-trapped", bearer.get("insp"));
             AlertTestSupport.Stream regWs = AlertTestSupport.webSocket(gw, "", bearer.get("reg"))) {
            for (String d : DEVICES) {
                MqttAsyncClient c = AlertTestSupport.connect(gw, d);
                AlertTestSupport.elevator(c, d, t0 + 30_000, true, "open", true, false);
                c.disconnect().waitForCompletion(5_000);
            }
            TreeSet<String> all = new TreeSet<>();
            for (int i = 0; i < 3; i++) {
                JsonObject e = admin.next(20);
                assertNotNull(e, "admin event " + i);
                assertEquals("cleared", e.getString("kind"));
                all.add(e.getString("device"));
            }
            assertEquals(new TreeSet<>(DEVICES), all);
            assertEquals("elv-a1", alpha.next(10).getString("device"));
            assertEquals("elv-b1", inspWs.next(10).getString("device"));
            TreeSet<String> reg = new TreeSet<>(List.of(regWs.next(10).getString("device"), regWs.next(10).getString("device")));
            assertEquals(new TreeSet<>(List.of("elv-a1", "elv-b1")), reg);
            // the admin saw all three: nothing else is coming for the others
            assertNull(alpha.next(1));
            assertNull(inspWs.next(1));
            assertNull(regWs.next(1));
        }
        // a browser's WebSocket from another site, with a session cookie: refused
        String[] reg = session("reg");
        var cross = HTTP.newWebSocketBuilder().header("Cookie", reg[0]).header("Origin", "http://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + gw.app.httpPort() + "/api/alerts/stream"), new java.net.http.WebSocket.Listener() { });
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> cross.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        // the same session from the gateway's own origin subscribes
        var own = HTTP.newWebSocketBuilder().header("Cookie", reg[0]).header("Origin", "http://127.0.0.1:" + gw.app.httpPort())
                .buildAsync(URI.create("ws://127.0.0.1:" + gw.app.httpPort() + "/api/alerts/stream"), new java.net.http.WebSocket.Listener() { })
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        own.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    @Order(7)
    void anIdleSessionExpires() throws Exception {
        String[] s = session("alpha");
        HttpRequest.Builder me = HttpRequest.newBuilder(URI.create(url("/api/v1/me"))).header("Cookie", s[0]).GET();
        assertEquals(200, send(me).statusCode());
        // each poll is a use: poll less often than the idle timeout, so the session can expire in between
        HttpResponse<String> expired = await("session expiry").pollDelay(Duration.ofMillis(IDLE_MS + 500))
                .pollInterval(Duration.ofMillis(IDLE_MS + 500)).atMost(Duration.ofSeconds(30))
                .until(() -> send(me), r -> r.statusCode() == 401);
        assertError(401, "session expired or ended; log in again", expired);
    }

    @Test
    @Order(8)
    void failedLogInsBlockTheAccountWith429AndRetryAfter() throws Exception {
        for (int i = 0; i < PER_USER; i++) assertError(401, "wrong user name or password", login("insp", "guess-" + i));
        HttpResponse<String> blocked = login("insp", PASSWORD);
        assertEquals(429, blocked.statusCode(), blocked.body());
        long retry = Long.parseLong(blocked.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retry > 500 && retry <= 600, "Retry-After " + retry);
        assertEquals(new JsonObject().put("status", 429).put("error", "too many failed log-ins; try again in " + retry + " s")
                .put("retry_after_seconds", retry), json(blocked));
        // another account from the same address still logs in
        assertEquals(200, login("reg", PASSWORD).statusCode());
        // log-ins are in the audit trail: ok, failed and blocked
        JsonArray logins = await("log-in audit records").atMost(Duration.ofSeconds(20)).until(
                () -> json(get("/api/v1/audit?action=login&user=insp", bearer.get("boss"))).getJsonArray("records"),
                a -> a.stream().anyMatch(o -> "blocked".equals(((JsonObject) o).getString("outcome"))));
        assertEquals("blocked", logins.getJsonObject(0).getString("outcome"));
        assertEquals(PER_USER, logins.stream().filter(o -> "failed".equals(((JsonObject) o).getString("outcome"))).count(), logins.encode());
        assertTrue(logins.stream().anyMatch(o -> "ok".equals(((JsonObject) o).getString("outcome"))), logins.encode());
        JsonArray exports = json(get("/api/v1/audit?action=export", bearer.get("boss"))).getJsonArray("records");
        assertTrue(exports.stream().anyMatch(o -> "alpha".equals(((JsonObject) o).getString("user"))), exports.encode());
    }

    @Test
    @Order(9)
    void failedLogInsFromOneAddressBlockThatAddress() throws Exception {
        int attempts = 0;
        HttpResponse<String> r;
        do {
            r = login("nobody-" + attempts, "x");
            attempts++;
        } while (r.statusCode() == 401 && attempts <= PER_ADDRESS);
        assertEquals(429, r.statusCode(), "blocked after at most " + PER_ADDRESS + " failures: " + r.body());
        assertTrue(r.headers().firstValue("retry-after").isPresent());
        HttpResponse<String> right = login("boss", PASSWORD);
        assertEquals(429, right.statusCode(), "even the right password, from a blocked address");
        // tokens are not log-ins: machine clients keep working
        assertEquals(200, get("/api/v1/me", bearer.get("boss")).statusCode());
    }
}
