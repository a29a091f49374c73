package dev.vigil.gateway.coap;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain CoAP endpoint driven by Californium's CoapClient. */
class CoapTelemetryEndpointTest {
    private static final String READING = "{\"ts\":%d,\"lat\":39.5301,\"lon\":106.7002,\"speed\":0.0,\"heading\":87,"
            + "\"altitude\":1092.5,\"gnss_fix\":true,\"acc\":false,\"lock\":\"locked\",\"tank_pressure\":182.4,"
            + "\"tank_temperature\":21.3,\"mileage\":48211.7}";
    private CoapTestSupport s;

    @BeforeEach
    void start() throws Exception {
        s = new CoapTestSupport(CoapTestSupport.plainConfig());
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private CoapClient tokenClient(String token) {
        return s.plain("/api/v1/" + token + "/telemetry");
    }

    private static Map<String, Object> expectedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lat", 39.5301);
        m.put("lon", 106.7002);
        m.put("speed", 0.0);
        m.put("heading", 87L);
        m.put("altitude", 1092.5);
        m.put("gnss_fix", true);
        m.put("acc", false);
        m.put("lock", "locked");
        m.put("tank_pressure", 182.4);
        m.put("tank_temperature", 21.3);
        m.put("mileage", 48211.7);
        return m;
    }

    @Test
    void confirmableJsonReadingIsStoredAndAnswered204() throws Exception {
        long ts = System.currentTimeMillis() - 5_000;
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post(String.format(READING, ts), MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        assertEquals(CoAP.Type.ACK, r.advanced().getType(), "answered piggy-backed when storage is quick");
        assertEquals(1, s.sink.written.size());
        Telemetry t = s.sink.written.get(0);
        assertEquals("veh-001", t.device().id());
        assertEquals("coap", t.protocol());
        assertEquals(ts, t.time());
        assertEquals(expectedValues(), t.asMap());
        assertEquals(List.of("event-loop"), s.sink.threads, "Californium hands the request to the Vert.x context");
    }

    @Test
    void nonConfirmableCborReadingIsStored() throws Exception {
        Map<String, Object> reading = new LinkedHashMap<>(expectedValues());
        reading.put("speed", 72.5);
        reading.put("acc", true);
        byte[] cbor = new CBORMapper().writeValueAsBytes(reading);
        CoapClient c = tokenClient(VehicleFixtures.TOKEN_2).useNONs();
        CoapResponse r = c.post(cbor, MediaTypeRegistry.APPLICATION_CBOR);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        assertEquals(CoAP.Type.NON, r.advanced().getType());
        Telemetry t = s.sink.written.get(0);
        assertEquals("veh-002", t.device().id());
        assertEquals(72.5, t.value("speed"));
        assertEquals(true, t.value("acc"));
        assertEquals("locked", t.value("lock"));
        assertEquals(87L, t.value("heading"));
    }

    @Test
    void putIsAcceptedLikePost() throws Exception {
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).put("{\"speed\":64.0,\"lock\":\"locked\"}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        assertEquals(64.0, s.sink.written.get(0).value("speed"));
    }

    @Test
    void jsonBackfillArrayStoresEveryReadingWithItsTime() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        String body = "[{\"ts\":" + t0 + ",\"speed\":61.0},{\"ts\":" + (t0 + 5000) + ",\"speed\":63.5},{\"ts\":" + (t0 + 10000)
                + ",\"values\":{\"speed\":66.0}}]";
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post(body, MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        assertEquals(List.of(t0, t0 + 5000, t0 + 10000), s.sink.written.stream().map(Telemetry::time).toList());
        assertEquals(List.of(61.0, 63.5, 66.0), s.sink.written.stream().map(t -> t.value("speed")).toList());
    }

    @Test
    void truncatedCborIs400WithDiagnostic() throws Exception {
        byte[] cbor = new CBORMapper().writeValueAsBytes(expectedValues());
        byte[] cut = Arrays.copyOf(cbor, cbor.length - 7);
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post(cut, MediaTypeRegistry.APPLICATION_CBOR);
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertEquals(MediaTypeRegistry.TEXT_PLAIN, r.getOptions().getContentFormat());
        assertTrue(r.getResponseText().startsWith("invalid CBOR: Unexpected end-of-input"), r.getResponseText());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void invalidJsonIs400WithLineAndColumn() throws Exception {
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post("{\"speed\": 61.0, \"lock\": locked}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertTrue(r.getResponseText().startsWith("invalid JSON: Unrecognized token 'locked'"), r.getResponseText());
        assertTrue(r.getResponseText().endsWith("(line 1, column 32)"), r.getResponseText());
    }

    @Test
    void unknownFieldIs400NamingTheField() throws Exception {
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post("{\"speed\":61.0,\"colour\":\"red\"}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertEquals("unknown field 'colour': profile hazmat-vehicle has [lat, lon, speed, heading, altitude, gnss_fix, acc, lock, "
                + "tank_pressure, tank_temperature, mileage, alarm_emergency, alarm_overspeed, alarm_fatigue, alarm_low_voltage, "
                + "alarm_power_lost, alarm_collision, alarm_rollover, alarm_door_opened, alarm_bits]", r.getResponseText());
    }

    @Test
    void outOfRangeValueIs400NamingFieldAndRange() throws Exception {
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post("[{\"speed\":61.0},{\"speed\":300}]", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertEquals("reading 1: field 'speed': 300 is outside the valid range [0, 250] km/h", r.getResponseText());
        assertTrue(s.sink.written.isEmpty(), "a batch is all-or-nothing");
    }

    @Test
    void wrongContentFormatIs415() throws Exception {
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post("speed=61", MediaTypeRegistry.TEXT_PLAIN);
        assertEquals(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, r.getCode());
        assertEquals("Content-Format 0 (text/plain) is not accepted: send 50 (application/json) or 60 (application/cbor)", r.getResponseText());
    }

    @Test
    void missingContentFormatIs415() throws Exception {
        Request req = Request.newPost();
        req.setPayload("{\"speed\":61.0}");
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).advanced(req);
        assertEquals(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, r.getCode());
        assertEquals("missing Content-Format option: send 50 (application/json) or 60 (application/cbor)", r.getResponseText());
    }

    @Test
    void unknownTokenIs401() throws Exception {
        CoapResponse r = tokenClient("not-a-token").post("{\"speed\":61.0}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.UNAUTHORIZED, r.getCode());
        assertEquals("unknown access token", r.getResponseText());
        assertTrue(s.sink.written.isEmpty());
    }

    private static String backfillOfAtLeast(int bytes) {
        StringBuilder sb = new StringBuilder("[");
        while (sb.length() < bytes) sb.append("{\"speed\":61.0},");
        sb.setLength(sb.length() - 1);
        return sb.append(']').toString();
    }

    @Test
    void oversizedPayloadIs413WithSize1() throws Exception {
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post(backfillOfAtLeast(600), MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, r.getCode());
        // Californium's block-wise layer answers first here (MAX_RESOURCE_BODY_SIZE is set to the same limit)
        assertEquals("body too large, max. 512 bytes", r.getResponseText());
        assertEquals(512, r.getOptions().getSize1());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void oversizedBlockwiseTransferIs413() throws Exception {
        // larger than one datagram: the client sends it block-wise (Block1)
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post(backfillOfAtLeast(3000), MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, r.getCode());
        assertEquals(512, r.getOptions().getSize1());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void overloadIs503WithMaxAge() throws Exception {
        s.sink.failWith(new Rejection(Rejection.Reason.OVERLOADED, "write queue full (50000 readings pending)"));
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post("{\"speed\":61.0}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, r.getCode());
        assertEquals("write queue full (50000 readings pending)", r.getResponseText());
        assertEquals(5L, r.getOptions().getMaxAge());
    }

    @Test
    void storageFailureIs503WithMaxAge() throws Exception {
        s.sink.failWith(new Rejection(Rejection.Reason.STORAGE_FAILED, "InfluxDB write failed: connection refused"));
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post("{\"speed\":61.0}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, r.getCode());
        assertEquals("InfluxDB write failed: connection refused", r.getResponseText());
        assertEquals(5L, r.getOptions().getMaxAge());
    }

    @Test
    void slowStorageGetsAnEmptyAckThenASeparateResponse() throws Exception {
        s.sink.delay(2500); // ack_delay_ms is 1000 by default
        CoapResponse r = tokenClient(VehicleFixtures.TOKEN_1).post("{\"speed\":61.0}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        assertEquals(CoAP.Type.CON, r.advanced().getType(), "a separate response follows the empty ACK");
        assertEquals(1, s.sink.written.size(), "2.04 is sent only once the reading is stored");
    }

    @Test
    void wrongPathsAndMethods() throws Exception {
        CoapResponse r = s.plain("/api/v1/" + VehicleFixtures.TOKEN_1 + "/attributes").post("{}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.NOT_FOUND, r.getCode());
        assertEquals("no resource /api/v1/" + VehicleFixtures.TOKEN_1 + "/attributes: post telemetry to /api/v1/{access token}/telemetry", r.getResponseText());
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, tokenClient(VehicleFixtures.TOKEN_1).get().getCode());
        CoapResponse dtlsOnly = s.plain("/telemetry").post("{\"speed\":61.0}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.UNAUTHORIZED, dtlsOnly.getCode());
        assertEquals("/telemetry needs a DTLS session with the device's PSK; over plain CoAP post to /api/v1/{access token}/telemetry",
                dtlsOnly.getResponseText());
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void californiumWritesNoPropertiesFile() {
        assertFalse(Files.exists(Path.of("Californium3.properties")));
        assertTrue(s.endpoint.plainPort() > 0);
        assertEquals(-1, s.endpoint.dtlsPort());
    }

    @Test
    void backfillDetectionLooksAtTheFirstItem() {
        assertTrue(CoapTelemetryHandler.isBackfill(" \n[{}]".getBytes(), dev.vigil.gateway.pipeline.RawMessage.Format.JSON));
        assertFalse(CoapTelemetryHandler.isBackfill("{\"a\":[1]}".getBytes(), dev.vigil.gateway.pipeline.RawMessage.Format.JSON));
        assertTrue(CoapTelemetryHandler.isBackfill(new byte[]{(byte) 0x81, (byte) 0xa0}, dev.vigil.gateway.pipeline.RawMessage.Format.CBOR));
        assertTrue(CoapTelemetryHandler.isBackfill(new byte[]{(byte) 0x9f, (byte) 0xa0, (byte) 0xff}, dev.vigil.gateway.pipeline.RawMessage.Format.CBOR));
        assertFalse(CoapTelemetryHandler.isBackfill(new byte[]{(byte) 0xa1, 0x61, 0x61, 0x01}, dev.vigil.gateway.pipeline.RawMessage.Format.CBOR));
        assertArrayEquals(new byte[0], new byte[0]);
    }
}
