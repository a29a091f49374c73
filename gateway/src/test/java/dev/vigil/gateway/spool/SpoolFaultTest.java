package dev.vigil.gateway.spool;

import dev.vigil.sim.modbus.CemsAnalyser;
import dev.vigil.sim.modbus.ModbusSimServer;
import dev.vigil.sim.modbus.Scenario;
import dev.vigil.testkit.InfluxServer;
import dev.vigil.testkit.QueryResult;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spool's fault tests (issue 10): a real influxd stopped and restarted on the same port and
 * data, the gateway in its own process (SIGKILLed, restarted, its spool files damaged), and real
 * device clients (Paho MQTT 5 at QoS 1, Paho MQTT 3.1.1, Californium CoAP, a j2mod Modbus slave).
 * Tag {@code fault}: run with {@code mvn verify -P slow} (and by {@code ./vigil test}). The outage
 * lasts {@code vigil.fault.outageSeconds} (default 10; {@code bench/spool-outage.sh} runs 60).
 */
@Tag("fault")
class SpoolFaultTest {
    private static final long OUTAGE_MS = TimeUnit.SECONDS.toMillis(Long.getLong("vigil.fault.outageSeconds", 10));
    private static final String MQTT_DEV = "elv-mqtt";
    private static final String COAP_DEV = "elv-coap";
    private static final String CEMS_DEV = "cems-1";

    @TempDir
    Path dir;
    private InfluxServer influx;
    private String db;
    private GatewayProcess gw;
    private ModbusSimServer modbus;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private long nextTs = System.currentTimeMillis() - 3_600_000;

    @BeforeEach
    void startInflux() {
        influx = InfluxServer.start();
        db = influx.freshDatabase("spool");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        if (gw != null) gw.close();
        if (modbus != null) modbus.close();
        influx.close();
    }

    private GatewayProcess gateway(long maxBytes, boolean withModbus) throws Exception {
        Map<String, String> devices = new LinkedHashMap<>(Map.of(MQTT_DEV, "elevator", COAP_DEV, "elevator"));
        Map<String, String> mb = Map.of();
        if (withModbus) {
            modbus = new ModbusSimServer(InetAddress.getLoopbackAddress(), ModbusSimServer.freePort(), 4);
            CemsAnalyser a = new CemsAnalyser(CEMS_DEV, 1, Scenario.NORMAL, 1, 1);
            a.set(Map.of("so2", 18.5, "nox", 31.7, "particulate", 2.4, "o2", 6.8, "flue_velocity", 14.2,
                    "flue_temperature", 51.3, "flue_pressure", -0.35, "humidity", 10.9, "flow", 278.3), 0);
            modbus.add(a).open();
            devices.put(CEMS_DEV, "emission-cems");
            mb = Map.of(CEMS_DEV, modbus.port() + ":1");
        }
        gw = new GatewayProcess(dir, influx.url(), db, devices, mb, maxBytes);
        return gw;
    }

    private MqttAsyncClient mqtt() throws Exception {
        MqttAsyncClient c = Devices.mqtt(gw.mqttUri(), MQTT_DEV, gw.tokens.get(MQTT_DEV));
        clients.add(() -> {
            if (c.isConnected()) c.disconnect().waitForCompletion(2_000);
            c.close();
        });
        return c;
    }

    private CoapClient coap() {
        CoapClient c = Devices.coap(gw.coapUri(COAP_DEV));
        clients.add(c::shutdown);
        return c;
    }

    /** Sends {@code n} MQTT QoS 1 readings; returns the timestamps of those acknowledged (PUBACK 0). */
    private List<Long> sendMqtt(MqttAsyncClient c, int n) {
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = nextTs++;
            if (Devices.publish(c, MQTT_DEV, Devices.elevator(ts)) == 0) acked.add(ts);
        }
        return acked;
    }

    private List<Long> storedTimes(String device) {
        QueryResult r = influx.query(db, "SELECT floor FROM elevator WHERE device = '" + device + "'");
        if (r.isEmpty()) return List.of();
        List<Long> out = new ArrayList<>();
        for (Object t : r.single().column("time")) out.add(((Number) t).longValue());
        return out;
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofMillis(timeoutMs))
                .pollInterval(java.time.Duration.ofMillis(Math.min(50, Math.max(1, timeoutMs / 100)))).until(condition::getAsBoolean);
    }

    private void awaitSpoolEmpty(long timeoutMs) throws InterruptedException {
        await("the spool to drain into InfluxDB", timeoutMs, () -> gw.metric("vigil_spool_readings") == 0);
    }

    @Test
    void influxOutageKeepsAcknowledgingAndEveryAcknowledgedReadingIsStoredOnce() throws Exception {
        gateway(1L << 30, true).start();
        MqttAsyncClient m = mqtt();
        CoapClient c = coap();
        List<Long> ackedMqtt = new ArrayList<>(sendMqtt(m, 1));
        await("the first reading in InfluxDB", 10_000, () -> storedTimes(MQTT_DEV).size() == 1);
        await("a Modbus poll in InfluxDB", 10_000, () -> !influx.query(db,
                "SELECT so2 FROM \"emission-cems\" WHERE device = '" + CEMS_DEV + "'").isEmpty());

        influx.stop();
        long outageStart = System.currentTimeMillis();
        List<Long> ackedCoap = new ArrayList<>();
        int sentMqtt = 0, sentCoap = 0, refused = 0;
        boolean degradedSeen = false;
        while (System.currentTimeMillis() - outageStart < OUTAGE_MS) {
            long ts = nextTs++;
            sentMqtt++;
            if (Devices.publish(m, MQTT_DEV, Devices.elevator(ts)) == 0) ackedMqtt.add(ts);
            else refused++;
            if (sentMqtt % 5 == 0) {
                long cts = nextTs++;
                sentCoap++;
                CoapResponse r = Devices.post(c, Devices.elevator(cts));
                if (r != null && r.getCode() == ResponseCode.CHANGED) ackedCoap.add(cts);
                else refused++;
            }
            if (!degradedSeen && sentMqtt % 100 == 0) {
                var ready = gw.get("/ready");
                degradedSeen = ready.statusCode() == 200 && ready.body().contains("\"status\":\"DEGRADED\"");
            }
            long due = System.nanoTime() + 5_000_000L; // about 200 MQTT readings a second through the outage
            await("the next send time", 1_000, () -> System.nanoTime() >= due);
        }
        long outageEnd = System.currentTimeMillis();
        double backlog = gw.metric("vigil_spool_readings");
        long modbusAccepted = (long) gw.metric("vigil_readings_accepted_total{protocol=\"modbus\"}");
        assertTrue(degradedSeen, "/ready said storage DEGRADED (and stayed 200) during the outage");
        assertEquals(0, refused, "nothing refused during the outage");

        long t0 = System.nanoTime();
        influx.restart();
        long t1 = System.nanoTime();
        awaitSpoolEmpty(120_000);
        long restartMs = TimeUnit.NANOSECONDS.toMillis(t1 - t0);
        long replayMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);

        List<Long> mqttStored = storedTimes(MQTT_DEV);
        List<Long> coapStored = storedTimes(COAP_DEV);
        assertEquals(new TreeSet<>(ackedMqtt), new TreeSet<>(mqttStored), "every acknowledged MQTT reading stored");
        assertEquals(ackedMqtt.size(), mqttStored.size(), "once each");
        assertEquals(new TreeSet<>(ackedCoap), new TreeSet<>(coapStored), "every acknowledged CoAP reading stored");
        assertEquals(ackedCoap.size(), coapStored.size(), "once each");
        QueryResult polls = influx.query(db, "SELECT so2 FROM \"emission-cems\" WHERE device = '" + CEMS_DEV
                + "' AND time >= " + outageStart + "ms AND time <= " + outageEnd + "ms");
        int pollsInOutage = polls.isEmpty() ? 0 : polls.single().size();
        long expectedPolls = OUTAGE_MS / 200;
        assertTrue(pollsInOutage >= expectedPolls / 2, "Modbus polls of the outage window stored: " + pollsInOutage
                + " of about " + expectedPolls);
        modbus.silence(1);
        awaitSpoolEmpty(30_000);
        long accepted = (long) gw.metric("vigil_readings_accepted_total{protocol=\"modbus\"}");
        QueryResult allPolls = influx.query(db, "SELECT count(so2) FROM \"emission-cems\" WHERE device = '" + CEMS_DEV + "'");
        assertEquals(accepted, ((Number) allPolls.single().value(0, "count")).longValue(),
                "every Modbus poll the gateway accepted is stored");
        assertTrue(accepted >= modbusAccepted);
        System.out.printf("OUTAGE FIGURES: InfluxDB down %d ms; acknowledged during the outage: MQTT %d of %d, CoAP %d of %d, "
                        + "Modbus polls %d stored for the window (about %d expected); backlog at restart %.0f readings; "
                        + "stored afterwards: MQTT %d, CoAP %d; lost 0; influxd restart took %d ms, then the replay of the backlog %d ms%n",
                outageEnd - outageStart, ackedMqtt.size() - 1, sentMqtt, ackedCoap.size(), sentCoap, pollsInOutage,
                expectedPolls, backlog, mqttStored.size(), coapStored.size(), restartMs, replayMs);
    }

    @Test
    void gatewayKilledWhileInfluxIsDownReplaysTheSpoolAfterRestart() throws Exception {
        gateway(1L << 30, false).start();
        influx.stop();
        MqttAsyncClient m = mqtt();
        CoapClient c = coap();
        List<Long> acked = new ArrayList<>(sendMqtt(m, 200));
        List<Long> ackedCoap = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long ts = nextTs++;
            CoapResponse r = Devices.post(c, Devices.elevator(ts));
            assertNotNull(r);
            assertEquals(ResponseCode.CHANGED, r.getCode());
            ackedCoap.add(ts);
        }
        assertEquals(200, acked.size());
        gw.kill9();

        gw.start(); // InfluxDB still down
        assertEquals(220.0, gw.metric("vigil_spool_readings"), "the whole acknowledged backlog survived SIGKILL");
        m = mqtt();
        acked.addAll(sendMqtt(m, 50));
        assertEquals(250, acked.size());
        influx.restart();
        awaitSpoolEmpty(60_000);
        assertEquals(new TreeSet<>(acked), new TreeSet<>(storedTimes(MQTT_DEV)));
        assertEquals(acked.size(), storedTimes(MQTT_DEV).size());
        assertEquals(new TreeSet<>(ackedCoap), new TreeSet<>(storedTimes(COAP_DEV)));
    }

    @Test
    void tornLastWalRecordRecoversToTheLastConsistentPoint() throws Exception {
        gateway(1L << 30, false).start();
        influx.stop();
        List<Long> acked = sendMqtt(mqtt(), 100);
        assertEquals(100, acked.size());
        gw.kill9();
        Path wal;
        try (Stream<Path> files = Files.list(gw.spool)) {
            wal = files.filter(p -> p.toString().endsWith(".log")).max(Comparator.comparing(Path::toString)).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.setLength(f.length() - 40); // tear the last record
        }

        gw.start();
        // no crash loop: the process stays up for a second after it reported ready
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(10))
                .until(gw::alive);
        long recovered = (long) gw.metric("vigil_spool_readings");
        assertTrue(recovered >= 97 && recovered < 100, "recovered up to the torn record: " + recovered);
        influx.restart();
        awaitSpoolEmpty(60_000);
        assertEquals(acked.subList(0, (int) recovered), storedTimes(MQTT_DEV).stream().sorted().toList(),
                "what is stored is exactly the acknowledged readings before the torn record");
    }

    @Test
    void corruptedSstFileIsSalvagedAndTheLossIsLogged() throws Exception {
        gateway(1L << 30, false).start();
        influx.stop();
        List<Long> acked = sendMqtt(mqtt(), 600);
        assertEquals(600, acked.size());
        gw.stop(); // SIGTERM: the spool flushes to an SST file
        Path sst;
        try (Stream<Path> files = Files.list(gw.spool)) {
            sst = files.filter(p -> p.toString().endsWith(".sst")).max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "rw")) {
            long mid = f.length() / 3;
            f.seek(mid);
            byte[] b = new byte[16];
            f.readFully(b);
            for (int i = 0; i < b.length; i++) b[i] = (byte) ~b[i];
            f.seek(mid);
            f.write(b);
        }

        gw.start();
        // no crash loop: the process stays up for a second after it reported ready
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(10))
                .until(gw::alive);
        String log = gw.logText();
        Matcher lost = Pattern.compile("SPOOL DAMAGED: recovered (\\d+) records \\((\\d+) readings\\); lost (\\d+) records")
                .matcher(log);
        assertTrue(lost.find(), "the loss is logged:\n" + log);
        long recovered = Long.parseLong(lost.group(2));
        long lostCount = Long.parseLong(lost.group(3));
        assertTrue(lostCount > 0 && lostCount < 600, "lost " + lostCount);
        assertEquals(600, recovered + lostCount, "recovered + lost = acknowledged");
        assertEquals((double) recovered, gw.metric("vigil_spool_readings"));
        influx.restart();
        awaitSpoolEmpty(60_000);
        List<Long> stored = storedTimes(MQTT_DEV).stream().sorted().toList();
        assertEquals(recovered, stored.size());
        assertTrue(acked.containsAll(stored));
        // the loss is one contiguous range of the acknowledged readings (the damaged block)
        int first = acked.indexOf(stored.get(0)) == 0 ? 0 : -1;
        int gapStart = 0;
        while (gapStart < stored.size() && stored.get(gapStart).equals(acked.get(gapStart))) gapStart++;
        assertEquals(acked.subList((int) (gapStart + lostCount), 600), stored.subList(gapStart, stored.size()));
        assertEquals(0, first);
        // a second restart is clean
        gw.stop();
        gw.start();
        assertTrue(gw.alive());
    }

    @Test
    void fullSpoolRefusesInProtocolTermsAndResumesWhenSpaceFrees() throws Exception {
        gateway(20_000, false).start();
        influx.stop();
        MqttAsyncClient m = mqtt();
        List<Long> acked = new ArrayList<>();
        int code = 0;
        for (int i = 0; i < 2_000 && code == 0; i++) {
            long ts = nextTs++;
            code = Devices.publish(m, MQTT_DEV, Devices.elevator(ts));
            if (code == 0) acked.add(ts);
        }
        assertEquals(0x97, code, "MQTT 5 PUBACK quota exceeded");
        assertTrue(acked.size() > 50, "acknowledged until full: " + acked.size());

        CoapResponse r = Devices.post(coap(), Devices.elevator(nextTs++));
        assertNotNull(r);
        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, r.getCode());
        assertEquals(7L, r.getOptions().getMaxAge());
        assertTrue(r.getResponseText().startsWith("spool full: "), r.getResponseText());

        org.eclipse.paho.client.mqttv3.MqttClient v3 = new org.eclipse.paho.client.mqttv3.MqttClient(gw.mqttUri(),
                "v3-" + System.nanoTime(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        clients.add(v3::close);
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setUserName(MQTT_DEV);
        o.setPassword(gw.tokens.get(MQTT_DEV).toCharArray());
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        v3.setTimeToWait(10_000);
        v3.connect(o);
        long v3ts = nextTs++;
        assertThrows(org.eclipse.paho.client.mqttv3.MqttException.class,
                () -> v3.publish("devices/" + MQTT_DEV + "/telemetry", Devices.elevator(v3ts).getBytes(), 1, false));
        await("MQTT 3.1.1 connection closed without PUBACK", 10_000, () -> !v3.isConnected());

        var ready = gw.get("/ready");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().contains("spool full"), ready.body());
        assertTrue(gw.logText().contains("SPOOL FULL: "), "logged");

        influx.restart();
        // the MQTT 3.1.1 log-in of the same device took over its session: connect again
        MqttAsyncClient again = mqtt();
        long[] resumed = {0};
        await("acknowledgements to resume", 60_000, () -> {
            long ts = nextTs++;
            if (Devices.publish(again, MQTT_DEV, Devices.elevator(ts)) != 0) return false;
            acked.add(ts);
            resumed[0] = ts;
            return true;
        });
        awaitSpoolEmpty(60_000);
        List<Long> stored = storedTimes(MQTT_DEV);
        assertEquals(new TreeSet<>(acked), new TreeSet<>(stored), "nothing acknowledged lost");
        assertEquals(acked.size(), stored.size());
        assertFalse(stored.contains(v3ts), "the refused MQTT 3.1.1 reading was never acknowledged nor stored");
    }
}
