package dev.vigil.lineprotocol;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testkit.InfluxServer;
import dev.vigil.testkit.InfluxTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Float fields, property style: for a million doubles (random bit patterns, so every exponent and
 * subnormals; random sensor-like decimals; and the edge cases), the text written is the shortest
 * decimal that parses back to the very same double, the nearest when several are as short: exactly
 * what Schubfach (Jackson's copy of the JDK 19+ {@code Double.toString}) writes. NaN and the
 * infinities are left out. A sample goes through a real influxd and comes back bit for bit.
 */
@InfluxTest
class FloatFormatTest {
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final double[] EDGES = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        Double.MAX_VALUE, -Double.MAX_VALUE, 1e21, 1e22, 1e23, 9.999999999999999e22, 1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3),
        1e7, Math.nextDown(1e7), Math.nextUp(1e7), 0x1p53, 0x1p53 + 2, 0x1p63, 1.0, -1.0, 0.1, 0.2, 0.3, 0.1 + 0.2,
        2.82879384806159e17, 1.0e-7, 5e-324, 4.9e-324, 2.2250738585072014E-308, 123456.789, 9999999.999999998,
        0.0010000000000000002, 1.7976931348623157e308, 3.0, 520.5, 1.3, 21.0, 100.0, 12345678.0, 0.001, 1e-5, 1e16, 1e15 + 0.5,
    };

    static String written(double v) {
        LineProtocolWriter w = new LineProtocolWriter(64);
        w.measurement("m").floatField("x", v).integerField("n", 0).end(0);
        String line = w.toString();
        String field = line.substring("m x=".length(), line.indexOf(",n=0i"));
        return field;
    }

    static void check(double v) {
        if (!Double.isFinite(v)) return; // the next double up from the largest
        String got = written(v);
        if (Double.doubleToRawLongBits(Double.parseDouble(got)) != Double.doubleToRawLongBits(v)) {
            fail(got + " does not read back as " + v + " (" + Long.toHexString(Double.doubleToRawLongBits(v)) + ")");
        }
        assertEquals(DoubleToDecimal.toString(v), got, () -> "shortest form of " + Long.toHexString(Double.doubleToRawLongBits(v)));
    }

    @Test
    void edgeCases() {
        for (double v : EDGES) {
            check(v);
            check(-v);
            check(Math.nextUp(v));
            check(Math.nextDown(v));
        }
        assertEquals("-0.0", written(-0.0));
        assertEquals("1.0E21", written(1e21));
        assertEquals("4.9E-324", written(Double.MIN_VALUE));
    }

    @Test
    void randomBitPatterns() {
        SplittableRandom r = new SplittableRandom(20261202);
        int n = 0;
        while (n < 500_000) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(v)) continue;
            check(v);
            n++;
        }
    }

    @Test
    void randomSensorLikeDecimals() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 500_000; i++) {
            int fractionDigits = r.nextInt(0, 10);
            long unscaled = r.nextLong(-100_000_000_000L, 100_000_000_000L);
            double v = Double.parseDouble(unscaled + "e-" + fractionDigits);
            check(v);
            check(r.nextDouble() * Math.pow(10, r.nextInt(-12, 12)));
        }
    }

    @Test
    void nanAndInfinitiesAreLeftOut() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            LineProtocolWriter w = new LineProtocolWriter(64);
            assertFalse(w.measurement("m").floatField("x", v).end(0));
            assertEquals(0, w.length());
        }
    }

    private static JsonNode query(InfluxServer influx, String db, String q) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(influx.url() + "/query?epoch=ms&db="
                + db + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return EXACT.readTree(r.body());
    }

    @Test
    void influxdStoresTheVeryDoubleWritten(InfluxServer influx) throws Exception {
        String db = influx.freshDatabase("lp_floats");
        SplittableRandom r = new SplittableRandom(11);
        List<Double> sent = new ArrayList<>();
        LineProtocolWriter w = new LineProtocolWriter();
        for (double v : EDGES) sent.add(v);
        while (sent.size() < 2_000) {
            double v = sent.size() % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : Math.round(r.nextDouble() * 1e6) / 1e3;
            if (Double.isFinite(v)) sent.add(v);
        }
        for (int i = 0; i < sent.size(); i++) w.measurement("f").floatField("x", sent.get(i)).end(i);
        assertEquals(204, influx.writeLines(db, w.toString()));
        JsonNode values = query(influx, db, "SELECT x FROM f").path("results").path(0).path("series").path(0).path("values");
        assertEquals(sent.size(), values.size());
        for (int i = 0; i < sent.size(); i++) {
            double want = sent.get(i);
            // InfluxDB answers with Go's shortest form; read exactly (an integral 9.2E18 comes as 9223372036854776000)
            double got = values.get(i).get(1).decimalValue().doubleValue();
            if (want == 0) {
                assertEquals(0.0, got, 0.0, "zero at " + i); // InfluxDB's JSON answer prints -0 as 0
            } else {
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), () -> want + " came back as " + got);
            }
        }
    }
}
