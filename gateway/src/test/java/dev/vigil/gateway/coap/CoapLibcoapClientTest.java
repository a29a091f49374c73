package dev.vigil.gateway.coap;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.vigil.profile.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CoAP endpoint driven by libcoap's coap-client, an independent implementation, over plain
 * CoAP and DTLS-PSK. coap-client prints an error response as "code diagnostic" on stderr; with
 * -v 7 it logs every PDU, so a 2.04 shows as "c:2.04" in the log.
 */
class CoapLibcoapClientTest {
    private static final String READING = "{\"lat\":39.6051,\"lon\":106.8683,\"speed\":76.4,\"heading\":182,\"altitude\":1101.0,"
            + "\"gnss_fix\":true,\"acc\":true,\"lock\":\"locked\",\"tank_pressure\":185.2,\"tank_temperature\":22.8,\"mileage\":48230.1}";
    private CoapTestSupport s;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        s = new CoapTestSupport(CoapTestSupport.plainConfig().withDtls(true, VehicleFixtures.PSK_SECRET));
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private String tokenUri(String token) {
        return "coap://127.0.0.1:" + s.endpoint.plainPort() + "/api/v1/" + token + "/telemetry";
    }

    private String dtlsUri() {
        return "coaps://127.0.0.1:" + s.endpoint.dtlsPort() + "/telemetry";
    }

    private static LibcoapClient.Result post(String... args) throws Exception {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[]{"-v", "7", "-B", "10", "-m", "post"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        return LibcoapClient.run(all);
    }

    private static Map<String, Object> expected() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lat", 39.6051);
        m.put("lon", 106.8683);
        m.put("speed", 76.4);
        m.put("heading", 182L);
        m.put("altitude", 1101.0);
        m.put("gnss_fix", true);
        m.put("acc", true);
        m.put("lock", "locked");
        m.put("tank_pressure", 185.2);
        m.put("tank_temperature", 22.8);
        m.put("mileage", 48230.1);
        return m;
    }

    @Test
    void confirmableJsonReadingIs204AndStored() throws Exception {
        var r = post("-t", "json", "-e", READING, tokenUri(VehicleFixtures.TOKEN_1));
        assertTrue(r.stdout().contains("t:ACK c:2.04"), r.toString());
        assertEquals("", r.stderr());
        assertEquals(1, s.sink.written.size());
        Telemetry t = s.sink.written.get(0);
        assertEquals("veh-001", t.device().id());
        assertEquals(expected(), t.asMap());
    }

    @Test
    void nonConfirmableCborReadingIs204AndStored() throws Exception {
        Path f = dir.resolve("reading.cbor");
        Files.write(f, new CBORMapper().writeValueAsBytes(expected()));
        var r = post("-N", "-t", "cbor", "-f", f.toString(), tokenUri(VehicleFixtures.TOKEN_2));
        assertTrue(r.stdout().contains("t:NON c:2.04"), r.toString());
        assertEquals(List.of("veh-002"), s.sink.written.stream().map(x -> x.device().id()).toList());
        assertEquals(expected(), s.sink.written.get(0).asMap());
    }

    @Test
    void truncatedCborIs400() throws Exception {
        byte[] cbor = new CBORMapper().writeValueAsBytes(expected());
        Path f = dir.resolve("cut.cbor");
        Files.write(f, Arrays.copyOf(cbor, cbor.length - 5));
        var r = post("-t", "cbor", "-f", f.toString(), tokenUri(VehicleFixtures.TOKEN_1));
        assertTrue(r.stderr().startsWith("4.00 invalid CBOR: Unexpected end-of-input"), r.toString());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void invalidJsonIs400() throws Exception {
        var r = post("-t", "json", "-e", "{\"speed\":76.4,", tokenUri(VehicleFixtures.TOKEN_1));
        assertTrue(r.stderr().startsWith("4.00 invalid JSON: Unexpected end-of-input"), r.toString());
        assertTrue(r.stderr().strip().endsWith("(line 1, column 15)"), r.toString());
    }

    @Test
    void unknownFieldIs400NamingIt() throws Exception {
        var r = post("-t", "json", "-e", "{\"speed\":76.4,\"colour\":\"red\"}", tokenUri(VehicleFixtures.TOKEN_1));
        assertEquals("4.00 unknown field 'colour': profile hazmat-vehicle has [lat, lon, speed, heading, altitude, gnss_fix, acc, lock, "
                + "tank_pressure, tank_temperature, mileage, alarm_emergency, alarm_overspeed, alarm_fatigue, alarm_low_voltage, "
                + "alarm_power_lost, alarm_collision, alarm_rollover, alarm_door_opened, alarm_bits]", r.stderr().strip());
    }

    @Test
    void wrongContentFormatIs415() throws Exception {
        var r = post("-t", "text", "-e", "speed=76.4", tokenUri(VehicleFixtures.TOKEN_1));
        assertEquals("4.15 Content-Format 0 (text/plain) is not accepted: send 50 (application/json) or 60 (application/cbor)", r.stderr().strip());
    }

    @Test
    void unknownTokenIs401() throws Exception {
        var r = post("-t", "json", "-e", READING, tokenUri("AAAAAAAAAAAAAAAAAAAAAA"));
        assertEquals("4.01 unknown access token", r.stderr().strip());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void oversizedPayloadIs413() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        while (sb.length() < 700) sb.append("{\"speed\":61.0},");
        sb.setLength(sb.length() - 1);
        String body = sb.append(']').toString();
        var r = post("-t", "json", "-e", body, tokenUri(VehicleFixtures.TOKEN_1));
        // libcoap sends it in one datagram without Size1, so the endpoint's own check answers
        assertEquals("4.13 payload of " + body.length() + " bytes exceeds the limit of 512 bytes", r.stderr().strip());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void dtlsPskReadingIs204AndStoredForThePskIdentity() throws Exception {
        var r = post("-t", "json", "-e", READING, "-u", "veh-002", "-k", DevicePsk.forDevice(VehicleFixtures.PSK_SECRET, "veh-002"), dtlsUri());
        assertTrue(r.stdout().contains("t:ACK c:2.04"), r.toString());
        assertEquals(1, s.sink.written.size());
        assertEquals("veh-002", s.sink.written.get(0).device().id());
        assertEquals(expected(), s.sink.written.get(0).asMap());
    }

    @Test
    void dtlsBadInputIsAnsweredInsideTheSession() throws Exception {
        var r = post("-t", "json", "-e", "{\"speed\":-3}", "-u", "veh-001", "-k", DevicePsk.forDevice(VehicleFixtures.PSK_SECRET, "veh-001"), dtlsUri());
        assertEquals("4.00 field 'speed': -3 is outside the valid range [0, 250] km/h", r.stderr().strip());
    }

    @Test
    void dtlsWithWrongKeyStoresNothing() throws Exception {
        var r = post("-t", "json", "-e", READING, "-u", "veh-001", "-k", DevicePsk.forDevice("another-master-secret-xyz", "veh-001"), dtlsUri());
        assertFalse(r.stdout().contains("c:2.04"), r.toString());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void dtlsWithUnknownIdentityStoresNothing() throws Exception {
        var r = post("-t", "json", "-e", READING, "-u", "veh-999", "-k", DevicePsk.forDevice(VehicleFixtures.PSK_SECRET, "veh-999"), dtlsUri());
        assertFalse(r.stdout().contains("c:2.04"), r.toString());
        assertTrue(s.sink.written.isEmpty());
    }
}
