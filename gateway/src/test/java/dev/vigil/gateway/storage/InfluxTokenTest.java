package dev.vigil.gateway.storage;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;
import static dev.vigil.gateway.storage.Readings.reading;
import static dev.vigil.gateway.storage.SinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code INFLUX_TOKEN} reaches InfluxDB as {@code Authorization: Token <token>}, the scheme of the
 * v1 compatibility API of InfluxDB 2.x and 3.x, on every request. The Debian influxd (1.6) the other
 * storage tests run does not know that scheme, so a plain HTTP server stands in for the 2.x/3.x
 * server here and records what arrives.
 */
class InfluxTokenTest {
    private final SinkFixture fx = new SinkFixture();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void everyRequestCarriesTheTokenFromTheEnvironment() {
        HttpServer server = await(fx.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String what = req.getParam("q") != null ? req.getParam("q") : body.toString().strip();
            requests.add(req.method() + " " + req.path() + " " + req.getHeader("Authorization") + " " + what);
            if (req.path().equals("/query")) req.response().putHeader("Content-Type", "application/json")
                    .end("{\"results\":[{\"statement_id\":0}]}");
            else req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1"));

        InfluxConfig config = ConfigLoader.load(null, Map.of("INFLUX_URL", "http://127.0.0.1:" + server.actualPort(),
                "INFLUX_DB", "site", "INFLUX_TOKEN", "tok-3x-AbC")).influx();
        InfluxTelemetrySink sink = new InfluxTelemetrySink(fx.vertx, config);
        await(sink.start());
        DeviceProfile p = profile("lift_token", field("floor", FieldType.INTEGER));
        Device d = device("el-t", p, "Acme", "east");
        await(fx.writeOnEventLoop(sink, List.of(reading(d, p, 1000, 4L))));

        assertEquals(List.of(
                "GET /query Token tok-3x-AbC CREATE DATABASE \"site\"",
                "POST /write Token tok-3x-AbC lift_token,device=el-t,enterprise=Acme,region=east floor=4i 1000"), requests);
    }
}
