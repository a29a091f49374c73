package dev.vigil.gateway.console;

import dev.vigil.gateway.alerts.AlertTestSupport;
import dev.vigil.gateway.auth.AuthConfig;
import dev.vigil.gateway.auth.PasswordHash;
import dev.vigil.gateway.auth.Role;
import dev.vigil.gateway.auth.User;
import dev.vigil.gateway.auth.UsersFile;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.profile.Site;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (nothing downloaded), against a whole gateway with a real InfluxDB and readings sent
 * over MQTT. Log-in as each role, an alert raised by a reading appearing on the board without a
 * reload (with its sound), acknowledgement with a comment, an enterprise seeing only its own
 * devices, an inspector replaying a vehicle track with marker, lanes and alerts on one clock, the
 * language switch and the CSV export. Screenshots of the main screens are written to
 * {@code target/console-screenshots/}.
 */
@Tag("browser")
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    static final String HAIBOWAN = "wuhai-haibowan";
    static final String WUDA = "wuhai-wuda";
    static final String PASSWORD = "browser-test-42";
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    private TestGateway gw;
    private ChromeDriverService service;
    private WebDriver driver;
    private String base;
    /** Track of veh-1: the times of its readings, and the one at which its e-lock opened. */
    private final List<Long> track = new ArrayList<>();
    private long unlockedAt;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        String profilesDir = TestGateway.profilesWithoutRules();
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(Path.of(profilesDir));
        Path registry = dir.resolve("devices.yaml");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("elv-a1", RegistryWriter.add(registry, new Device("elv-a1", "elevator", "Alpha Co", HAIBOWAN, Map.of(), null, null,
                new Site(39.671, 106.826, "海勃湾区人民路 1 号")), profiles));
        tokens.put("elv-b1", RegistryWriter.add(registry, new Device("elv-b1", "elevator", "Beta Co", WUDA, Map.of(), null, null,
                new Site(39.505, 106.712, "乌达区 2 号楼")), profiles));
        tokens.put("veh-1", RegistryWriter.add(registry, new Device("veh-1", "hazmat-vehicle", "Beta Co", WUDA, Map.of(), null, null), profiles));
        String hash = PasswordHash.hash(PASSWORD.toCharArray());
        List<User> users = List.of(TestGateway.adminUser(),
                user("boss", Role.ADMIN, List.of(), null, hash),
                user("reg", Role.REGULATOR, List.of(HAIBOWAN, WUDA), null, hash),
                user("alpha", Role.ENTERPRISE, List.of(), "Alpha Co", hash),
                user("beta", Role.ENTERPRISE, List.of(), "Beta Co", hash),
                user("insp", Role.INSPECTOR, List.of(WUDA), null, hash));
        Path usersFile = dir.resolve("users.yaml");
        UsersFile.save(usersFile, users);
        Path rules = dir.resolve("rules");
        AlertTestSupport.writeRules(rules, "elevator-test.yaml", AlertTestSupport.TRAPPED_RULES);
        AlertTestSupport.writeRules(rules, "vehicle-test.yaml", """
                scope: {profile: hazmat-vehicle}
                rules:
                  - id: test-lock-open
                    version: 1
                    name: {zh: 电子铅封开启, en: E-lock open}
                    kind: expression
                    when: 'lock != "locked"'
                    level: red
                    clear_when: 'lock == "locked"'
                """);
        GatewayConfig cfg = GatewayConfig.defaults().withFiles(profilesDir, null, rules.toString(), null)
                .withAuth(AuthConfig.defaults().withUsers(usersFile.toString()));
        gw = TestGateway.startWithRegistry(registry, Path.of(profilesDir), tokens, db, cfg);
        base = AlertTestSupport.base(gw);

        // veh-1 drives 30 readings, 10 s apart, from an hour ago; its e-lock is open for readings 12 to 14
        long t0 = (System.currentTimeMillis() - 3_600_000) / 1000 * 1000;
        MqttAsyncClient c = AlertTestSupport.connect(gw, "veh-1");
        for (int i = 0; i < 30; i++) {
            long ts = t0 + i * 10_000L;
            String lock = i >= 12 && i <= 14 ? "unlocked" : "locked";
            if (i == 12) unlockedAt = ts;
            track.add(ts);
            String json = String.format(java.util.Locale.ROOT, "{\"ts\": %d, \"lat\": %.6f, \"lon\": %.6f, \"speed\": %.1f, \"heading\": 90,"
                    + " \"lock\": \"%s\", \"acc\": true}", ts, 39.50 + i * 0.002, 106.75 + i * 0.003, 40.0 + i, lock);
            MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            c.publish("devices/veh-1/telemetry", m).waitForCompletion(10_000);
        }
        c.disconnect().waitForCompletion(5_000);
        await("veh-1's e-lock alert").atMost(Duration.ofSeconds(20)).until(() ->
                apiJson("/api/alerts?device=veh-1&state=all").getInteger("count"), n -> n == 1);

        ChromeOptions o = new ChromeOptions();
        o.setBinary(Path.of("/usr/bin/chromium").toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--autoplay-policy=no-user-gesture-required", "--lang=zh-CN");
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) driver.quit();
        if (service != null) service.stop();
        if (gw != null) gw.close();
    }

    @BeforeEach
    void fresh() {
        driver.get(base + "/");
        driver.manage().deleteAllCookies();
        ((JavascriptExecutor) driver).executeScript("localStorage.clear()");
    }

    @AfterEach
    void signOut() {
        driver.manage().deleteAllCookies();
    }

    /** A user who signs in with a password (no API token: the browser holds a session). */
    private static User user(String name, Role role, List<String> regions, String enterprise, String hash) {
        return new User(name, role, regions, enterprise, hash, List.of());
    }

    @Test
    void everyRoleLogsInAndSeesItsName() {
        for (String[] u : new String[][] {{"boss", "管理员"}, {"reg", "监管部门"}, {"alpha", "企业"}, {"insp", "检查人员"}}) {
            login(u[0], PASSWORD);
            assertEquals(u[0] + " · " + u[1], waitFor(By.id("who")).getText());
            driver.findElement(By.id("logout")).click();
            waitFor(By.id("login-form"));
        }
        // a wrong password is refused with the same words as an unknown user
        login("reg", "wrong");
        assertEquals("用户名或密码错误", waitFor(By.id("login-error")).getText());
        login("nobody", "wrong");
        assertEquals("用户名或密码错误", waitFor(By.id("login-error")).getText());
    }

    @Test
    void aNewAlertAppearsLiveSoundsAndIsAcknowledgedWithAComment() throws Exception {
        login("reg", PASSWORD);
        waitFor(By.id("who"));
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("live-state")).getAttribute("class").contains("on"));
        WebElement sound = driver.findElement(By.id("sound-toggle"));
        assertEquals("0", sound.getAttribute("data-sounds"));

        // a trapped passenger in elv-a1: an orange alert, on the board without a reload
        long t0 = System.currentTimeMillis() - 120_000;
        MqttAsyncClient c = AlertTestSupport.connect(gw, "elv-a1");
        AlertTestSupport.elevator(c, "elv-a1", t0, true, "closed", true, false);
        AlertTestSupport.elevator(c, "elv-a1", t0 + 20_000, true, "closed", true, false);
        String id = "elv-a1/test-trapped/" + (t0 + 20_000);
        WebElement row = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector("tr[data-alert='" + id + "']")));
        assertEquals("orange", row.getAttribute("data-level"));
        assertTrue(row.getText().contains("橙色预警"), row.getText());
        assertEquals("1", driver.findElement(By.id("sound-toggle")).getAttribute("data-sounds"));
        shot("board");

        // muted: the switch says so and stays so after a reload
        driver.findElement(By.id("sound-toggle")).click();
        assertEquals("true", driver.findElement(By.id("sound-toggle")).getAttribute("aria-pressed"));
        driver.navigate().refresh();
        assertEquals("true", waitFor(By.id("sound-toggle")).getAttribute("aria-pressed"));

        // acknowledge with a comment: who and the comment are shown, and stored
        row = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector("tr[data-alert='" + id + "']")));
        row.findElement(By.className("ack-button")).click();
        row.findElement(By.className("ack-comment")).sendKeys("已通知维保单位 maintenance called");
        row.findElement(By.className("ack-submit")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector("tr[data-alert='" + id + "'] .acked")).getText()
                .contains("reg"));
        JsonObject stored = apiJson("/api/alerts/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
        assertEquals("reg", stored.getJsonObject("acknowledged").getString("by"));
        assertEquals("已通知维保单位 maintenance called", stored.getJsonObject("acknowledged").getString("comment"));
        c.disconnect().waitForCompletion(5_000);
    }

    @Test
    void anEnterpriseSeesOnlyItsOwnDevicesInTheConsoleAndTheApi() throws Exception {
        login("alpha", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/devices");
        WebElement table = waitFor(By.id("devices-table"));
        new WebDriverWait(driver, WAIT).until(d -> !d.findElements(By.cssSelector("#devices-table tr[data-device]")).isEmpty());
        Set<String> shown = table.findElements(By.cssSelector("tr[data-device]")).stream()
                .map(e -> e.getAttribute("data-device")).collect(Collectors.toSet());
        assertEquals(Set.of("elv-a1"), shown);
        // another enterprise's device: 404 in the API with the browser's own session, as for no device at all
        assertEquals(404, sessionGet("/api/v1/devices/elv-b1/series").statusCode());
        assertEquals(404, sessionGet("/api/v1/devices/no-such-device/series").statusCode());
        driver.get(base + "/#/device/elv-b1");
        assertTrue(waitFor(By.id("device-error")).getText().contains("404"));
        // on the map: its own site only, and no vehicle of another enterprise
        driver.get(base + "/#/map");
        new WebDriverWait(driver, WAIT).until(d -> "elv-a1:never".equals(d.findElement(By.id("map")).getAttribute("data-sites")));
        assertEquals("0", driver.findElement(By.id("map")).getAttribute("data-vehicles"));
    }

    @Test
    void anInspectorReplaysAVehicleTrackWithMarkerLanesAndAlertsOnOneClock() {
        login("insp", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/replay/veh-1?from=" + (track.get(0) - 60_000) + "&to=" + (track.get(29) + 60_000));
        WebElement clock = new WebDriverWait(driver, WAIT).until(d -> {
            WebElement o = d.findElement(By.id("replay-clock"));
            return "0".equals(o.getAttribute("data-index")) ? o : null;
        });
        assertEquals(String.valueOf(track.get(0)), clock.getAttribute("data-time"));
        assertEquals("0", clock.getAttribute("data-alerts"));
        assertEquals("locked", clock.getAttribute("data-lock"));
        assertEquals(2, driver.findElements(By.cssSelector("#replay-lanes .uplot")).size(), "speed and e-lock lanes");
        WebElement marker = waitFor(By.cssSelector("path.replay-marker"));
        String start = marker.getAttribute("d");

        // the scrubber to the moment the lock opened: the marker, the lanes' values and the alert move together
        scrub(unlockedAt);
        clock = driver.findElement(By.id("replay-clock"));
        assertEquals("12", clock.getAttribute("data-index"));
        assertEquals("unlocked", clock.getAttribute("data-lock"));
        assertEquals("52", clock.getAttribute("data-speed"), "40 km/h + 12");
        assertEquals("1", clock.getAttribute("data-alerts"));
        assertNotEquals(start, driver.findElement(By.cssSelector("path.replay-marker")).getAttribute("d"));
        assertFalse(driver.findElements(By.cssSelector("#replay-alerts li.past")).isEmpty());
        shot("replay");

        // play at x32 from the start: the clock runs and the index follows it
        scrub(track.get(0));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("replay-speed"))).selectByValue("32");
        driver.findElement(By.id("replay-play")).click();
        new WebDriverWait(driver, WAIT).until(d -> Integer.parseInt(d.findElement(By.id("replay-clock")).getAttribute("data-index")) >= 5);
        driver.findElement(By.id("replay-play")).click();
        clock = driver.findElement(By.id("replay-clock"));
        long time = Long.parseLong(clock.getAttribute("data-time"));
        int index = Integer.parseInt(clock.getAttribute("data-index"));
        assertEquals(index, (int) ((time - track.get(0)) / 10_000), "the marker's sample is the one at the clock's time");
        // an inspector cannot acknowledge: no button on the board
        driver.get(base + "/#/history");
        waitFor(By.id("alerts-table"));
        assertTrue(driver.findElements(By.className("ack-button")).isEmpty());
    }

    @Test
    void theLanguageSwitchesToEnglishAndBack() {
        login("boss", PASSWORD);
        assertEquals("boss · 管理员", waitFor(By.id("who")).getText());
        assertEquals("预警看板", driver.findElement(By.id("nav-board")).getText());
        driver.findElement(By.id("lang-switch")).click();
        assertEquals("Alert board", driver.findElement(By.id("nav-board")).getText());
        assertEquals("boss · Administrator", driver.findElement(By.id("who")).getText());
        driver.get(base + "/#/map");
        new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.className("district-label")).size() == 3);
        Set<String> districts = driver.findElements(By.className("district-label")).stream().map(WebElement::getText).collect(Collectors.toSet());
        assertEquals(Set.of("Haibowan District", "Hainan District", "Wuda District"), districts);
        // both elevators at their sites (elv-b1 never reported: grey), the vehicle at its last position
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("map")).getAttribute("data-sites") != null);
        String sites = driver.findElement(By.id("map")).getAttribute("data-sites");
        assertTrue(sites.matches("elv-a1:\\w+ elv-b1:never"), sites);
        assertEquals("1", driver.findElement(By.id("map")).getAttribute("data-vehicles"));
        shot("map");
        driver.findElement(By.id("lang-switch")).click();
        assertEquals("预警看板", driver.findElement(By.id("nav-board")).getText());
    }

    @Test
    void aRedAlertGoesRoundTheLoopAndItsOverdueCaseShowsEscalated() {
        String id = "veh-1/test-lock-open/" + unlockedAt;
        String row = "tr[data-case='" + id + "']";
        // raised an hour ago and never received (red: receive within 5 min): overdue, escalated
        login("reg", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/cases?tab=overdue");
        WebElement r = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector(row)));
        assertEquals("true", r.getAttribute("data-overdue"));
        assertEquals("raised", r.getAttribute("data-state"));
        assertTrue(Integer.parseInt(r.findElement(By.className("escalated")).getAttribute("data-escalation")) >= 1);
        assertTrue(r.getText().contains("督办"), r.getText());
        shot("cases");

        // the regulator receives and dispatches it from the work queue ("mine": the next step is theirs)
        driver.get(base + "/#/cases?tab=mine");
        step(row, "received", null);
        step(row, "dispatched", "已派单给北方危货运输调度");
        driver.findElement(By.id("logout")).click();

        // the enterprise reports what it did; another enterprise's user does not see the case at all
        login("alpha", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/cases?tab=all");
        new WebDriverWait(driver, WAIT).until(d -> !d.findElements(By.id("no-cases")).isEmpty() || !d.findElements(By.id("cases-table")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector(row)).isEmpty());
        driver.findElement(By.id("logout")).click();
        login("beta", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/cases?tab=mine");
        WebElement mine = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector(row)));
        assertEquals(List.of("handled"), mine.findElements(By.className("step-button")).stream().map(e -> e.getAttribute("data-to")).toList());
        step(row, "handled", "司机已重新施封，车辆返回停车场");
        driver.findElement(By.id("logout")).click();

        // the regulator verifies and closes it; the episode page shows the whole timeline
        login("reg", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/cases?tab=mine");
        step(row, "verified", null);
        step(row, "closed", "办结");
        driver.get(base + "/#/episode/" + id);
        WebElement panel = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("case-panel")));
        assertEquals("closed", panel.getAttribute("data-state"));
        List<String> steps = driver.findElements(By.cssSelector("#case-timeline li[data-kind='transition']")).stream()
                .map(WebElement::getText).toList();
        assertEquals(5, steps.size(), steps.toString());
        assertTrue(steps.get(0).contains("签收") && steps.get(0).contains("reg"), steps.get(0));
        assertTrue(steps.get(2).contains("处置完成") && steps.get(2).contains("beta") && steps.get(2).contains("司机已重新施封"), steps.get(2));
        assertTrue(steps.get(4).contains("办结"), steps.get(4));
        assertFalse(driver.findElements(By.cssSelector("#case-timeline li[data-kind='overdue']")).isEmpty());
        shot("case");
    }

    @Test
    void theReportPageShowsTheDaysFiguresPerRegionAndEnterpriseAsTheApiComputesThem() throws Exception {
        login("reg", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/reports");
        WebElement kpis = waitFor(By.id("report-kpis"));
        java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
        String today = java.time.LocalDate.now(beijing).toString();
        assertEquals(today, driver.findElement(By.id("report-date")).getAttribute("value"));
        // the day of this class's newest alert: a run that passes midnight in Beijing has its alerts on the day before,
        // so the page is moved to that day with its date picker (as a user would)
        JsonObject newest = new JsonObject(sessionGet("/api/alerts?state=all&limit=1").body()).getJsonArray("alerts").getJsonObject(0);
        String day = java.time.Instant.ofEpochMilli(newest.getLong("raised_at")).atZone(beijing).toLocalDate().toString();
        // the regulator's own report, as the API gives it to the same session
        JsonObject rep = new JsonObject(sessionGet("/api/v1/reports/daily?date=" + day).body());
        int alerts = rep.getJsonObject("disposal").getInteger("alerts");
        assertTrue(alerts >= 1, rep.encode());
        if (!day.equals(today)) {
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("const i = document.getElementById('report-date');"
                    + " i.value = arguments[0]; i.dispatchEvent(new Event('change', {bubbles: true}));", day);
        }
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                String.valueOf(alerts).equals(d.findElement(By.cssSelector("#report-kpis [data-kpi='alerts'] strong")).getText()));
        kpis = driver.findElement(By.id("report-kpis"));
        assertEquals(String.valueOf(alerts), kpis.findElement(By.cssSelector("[data-kpi='alerts'] strong")).getText());
        Set<String> regions = new java.util.TreeSet<>();
        for (Object o : rep.getJsonArray("rows")) {
            if ("region".equals(((JsonObject) o).getString("kind"))) regions.add(((JsonObject) o).getString("id"));
        }
        assertEquals(Set.of(HAIBOWAN, WUDA), regions);
        Set<String> shown = driver.findElements(By.cssSelector("#report-regions tr[data-row]")).stream()
                .map(e -> e.getAttribute("data-row")).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(regions, shown);
        assertEquals("乌达区", driver.findElement(By.cssSelector("#report-regions tr[data-row='" + WUDA + "'] td[data-key='id']")).getText());
        // the CSV of the same report: UTF-8 BOM and zh/en headers
        HttpResponse<String> csv = sessionGet(driver.findElement(By.id("report-csv")).getAttribute("href").substring(base.length()));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("\uFEFF"), csv.body().substring(0, 20));
        assertTrue(csv.body().contains("在线率"), csv.body().lines().findFirst().orElse(""));
        shot("reports");
        // the month: a trend over its days
        driver.findElement(By.id("report-monthly")).click();
        assertEquals(today.substring(0, 7), waitFor(By.id("report-month")).getAttribute("value"));
        if (java.time.LocalDate.now(beijing).getDayOfMonth() > 1) waitFor(By.id("report-trend"));
        waitFor(By.id("report-kpis"));
    }

    /** Takes one step of a case from its row in the work queue, with a comment where given. */
    private void step(String row, String to, String comment) {
        // the queue re-renders when the stream tells of a step: find elements afresh, ignore stale ones
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(d -> {
            d.findElement(By.cssSelector(row + " button[data-to='" + to + "']")).click();
            return true;
        });
        if (comment != null) {
            wait.until(d -> {
                d.findElement(By.cssSelector(row + " form[data-to='" + to + "'] .step-comment")).sendKeys(comment);
                return true;
            });
        }
        wait.until(d -> {
            d.findElement(By.cssSelector(row + " form[data-to='" + to + "'] .step-submit")).click();
            return true;
        });
        wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector(row));
            return rows.isEmpty() || to.equals(rows.get(0).getAttribute("data-state"));
        });
    }

    @Test
    void theCsvExportOfADeviceHoldsItsRows() throws Exception {
        login("insp", PASSWORD);
        waitFor(By.id("who"));
        driver.get(base + "/#/device/veh-1");
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("chart-range")));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("chart-range"))).selectByValue("h24");
        String href = driver.findElement(By.id("device-export")).getAttribute("href");
        HttpResponse<String> r = sessionGet(href.substring(base.length()));
        assertEquals(200, r.statusCode(), r.body());
        List<String> lines = r.body().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1 + track.size(), lines.size(), "a header and one row per reading");
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains("veh-1")));
        shot("device");

        // a range of one's own, to the minute in Beijing time: the chart and the export cover exactly it
        long from = (track.get(6) / 60_000 + 1) * 60_000;
        long to = from + 2 * 60_000;
        long inside = track.stream().filter(t -> t >= from && t <= to).count();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("chart-range"))).selectByValue("custom");
        setInput(waitFor(By.id("chart-from")), localMinute(from));
        setInput(driver.findElement(By.id("chart-to")), localMinute(to));
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("device-export")).getAttribute("href").contains("from=" + from + "&to=" + to));
        try {
            new WebDriverWait(driver, WAIT).until(d -> (inside + " 点").equals(d.findElement(By.id("chart-points")).getText()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("chart of " + from + ".." + to + " (" + inside + " readings): "
                    + driver.findElement(By.id("chart-points")).getText() + " " + driver.findElements(By.id("device-error")).stream()
                    .map(WebElement::getText).toList(), e);
        }
        HttpResponse<String> part = sessionGet(driver.findElement(By.id("device-export")).getAttribute("href").substring(base.length()));
        assertEquals(1 + inside, part.body().lines().filter(l -> !l.isBlank()).count(), part.body());
    }

    // --- helpers ---

    private void login(String user, String password) {
        driver.get(base + "/");
        waitFor(By.id("login-form"));
        WebElement u = driver.findElement(By.id("login-user"));
        u.clear();
        u.sendKeys(user);
        WebElement p = driver.findElement(By.id("login-password"));
        p.clear();
        p.sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(d -> d.findElement(by));
    }

    /** Epoch ms as a datetime-local value in Beijing time. */
    private static String localMinute(long ms) {
        return java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDateTime().toString().substring(0, 16);
    }

    /** Sets an input's value as a user would, so the page's change handler sees it. */
    private void setInput(WebElement input, String value) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, value);
    }

    private void scrub(long time) {
        WebElement s = driver.findElement(By.id("replay-scrubber"));
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", s, String.valueOf(time));
        new WebDriverWait(driver, WAIT).until(d -> String.valueOf(time).equals(d.findElement(By.id("replay-clock")).getAttribute("data-time")));
    }

    private void shot(String name) {
        try {
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("screenshot " + name + ": " + e.getMessage(), e);
        }
    }

    /** GET with the browser's session cookie. */
    private HttpResponse<String> sessionGet(String pathAndQuery) throws Exception {
        String cookies = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Cookie", cookies).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonObject apiJson(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Authorization", TestGateway.ADMIN_AUTH).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }
}
