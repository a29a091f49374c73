package dev.vigil.gateway.coap;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.vigil.profile.Telemetry;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A per-device rate limit throttles chatty single readings (4.29 + Max-Age) but never a backfill
 * array: the readings a vehicle buffered through a coverage gap always get in.
 */
class CoapBackfillRateLimitTest {
    private CoapTestSupport s;

    @BeforeEach
    void start() throws Exception {
        // one single reading per 1000 s, burst 1: the second single reading is always over the limit
        s = new CoapTestSupport(CoapConfig.defaults().withMaxPayloadBytes(64 * 1024).withRateLimit(0.001, 1));
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private CoapResponse post(String token, String json) throws Exception {
        return s.plain("/api/v1/" + token + "/telemetry").post(json, MediaTypeRegistry.APPLICATION_JSON);
    }

    @Test
    void singleReadingsAreLimitedButBackfillsNever() throws Exception {
        assertEquals(ResponseCode.CHANGED, post(VehicleFixtures.TOKEN_1, "{\"speed\":50.0}").getCode());
        CoapResponse limited = post(VehicleFixtures.TOKEN_1, "{\"speed\":51.0}");
        assertEquals(ResponseCode.TOO_MANY_REQUESTS, limited.getCode());
        long maxAge = limited.getOptions().getMaxAge();
        assertTrue(maxAge > 900 && maxAge <= 1000, "Max-Age " + maxAge);
        assertEquals("device veh-001 exceeds 0.001 readings/s; retry in " + maxAge + " s (backfill arrays are never limited)",
                limited.getResponseText());

        long t0 = System.currentTimeMillis() - 600_000;
        CoapResponse json = post(VehicleFixtures.TOKEN_1, "[{\"ts\":" + t0 + ",\"speed\":40.0},{\"ts\":" + (t0 + 5000) + ",\"speed\":42.0}]");
        assertEquals(ResponseCode.CHANGED, json.getCode());
        byte[] cbor = new CBORMapper().writeValueAsBytes(List.of(Map.of("ts", t0 + 10_000, "speed", 44.0)));
        CoapResponse cborResp = s.plain("/api/v1/" + VehicleFixtures.TOKEN_1 + "/telemetry").post(cbor, MediaTypeRegistry.APPLICATION_CBOR);
        assertEquals(ResponseCode.CHANGED, cborResp.getCode());
        assertEquals(List.of(50.0, 40.0, 42.0, 44.0), s.sink.written.stream().map(t -> t.value("speed")).toList());

        // the limit is per device
        assertEquals(ResponseCode.CHANGED, post(VehicleFixtures.TOKEN_2, "{\"speed\":30.0}").getCode());
    }

    @Test
    void largeBackfillArrivesBlockwiseAndIsStoredWhole() throws Exception {
        assertEquals(ResponseCode.CHANGED, post(VehicleFixtures.TOKEN_1, "{\"speed\":50.0}").getCode());
        long t0 = System.currentTimeMillis() - 3_600_000;
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add("{\"ts\":" + (t0 + i * 5000L) + ",\"lat\":39.6,\"lon\":106.87,\"speed\":" + (60 + i % 20) + ".5,\"lock\":\"locked\"}");
        }
        String body = "[" + String.join(",", items) + "]";
        assertTrue(body.length() > 20_000, "needs many blocks: " + body.length());
        CoapResponse r = post(VehicleFixtures.TOKEN_1, body);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        List<Telemetry> stored = s.sink.written;
        assertEquals(301, stored.size());
        assertEquals(t0, stored.get(1).time());
        assertEquals(t0 + 299 * 5000L, stored.get(300).time());
        assertEquals(79.5, stored.get(300).value("speed"));
    }
}
