package dev.vigil.gateway.storage;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Telemetry;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;
import static dev.vigil.gateway.storage.Readings.reading;
import static dev.vigil.gateway.storage.SinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@InfluxTest
class InfluxTelemetrySinkTest {
    private final SinkFixture fx = new SinkFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void storesEveryFieldTypeWithExactValuesTagsAndTimes(InfluxDatabase db) {
        DeviceProfile p = Readings.allTypes("lift_types");
        Device a = device("el-001", p, "Acme Lifts", "east");
        Device b = device("el-002", p, "上海电梯有限公司", "浦东新区");
        InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), UnaryOperator.identity());

        await(fx.writeOnEventLoop(sink, List.of(
                reading(a, p, 1_700_000_000_000L, 1.25, 3L, true, "moving", "ok"),
                reading(a, p, 1_700_000_000_500L, 0.0, -1L, false, "idle", "door B"),
                reading(b, p, 1_700_000_000_250L, 21.0, 12L, false, "fault", "电梯困人"),
                reading(b, p, 1_700_000_000_750L, -0.75, 9_007_199_254_740_993L, true, "idle", null))));

        QueryResult.Series s = db.query("SELECT * FROM lift_types ORDER BY time").single();
        assertEquals(List.of("time", "device", "door_open", "enterprise", "floor", "note", "region", "speed", "state"),
                s.columns());
        // InfluxDB prints the floats 0.0 and 21.0 as 0 and 21 in JSON; SHOW FIELD KEYS proves they are floats
        assertEquals(List.of(
                Arrays.asList(1_700_000_000_000L, "el-001", true, "Acme Lifts", 3L, "ok", "east", 1.25, "moving"),
                Arrays.asList(1_700_000_000_250L, "el-002", false, "上海电梯有限公司", 12L, "电梯困人", "浦东新区", 21L, "fault"),
                Arrays.asList(1_700_000_000_500L, "el-001", false, "Acme Lifts", -1L, "door B", "east", 0L, "idle"),
                Arrays.asList(1_700_000_000_750L, "el-002", true, "上海电梯有限公司", 9_007_199_254_740_993L, null, "浦东新区",
                        -0.75, "idle")), s.values());

        assertEquals(List.of(List.of("door_open", "boolean"), List.of("floor", "integer"), List.of("note", "string"),
                List.of("speed", "float"), List.of("state", "string")),
                db.query("SHOW FIELD KEYS FROM lift_types").single().values());
        assertEquals(List.of(List.of("device"), List.of("enterprise"), List.of("region")),
                db.query("SHOW TAG KEYS FROM lift_types").single().values());
        assertEquals(4, sink.pointsWritten());
        assertEquals(1, sink.batchesWritten());
        assertEquals(0, sink.pendingPoints());
        assertTrue(sink.lastWriteLatencyMicros() > 0);
    }

    @Test
    void futureCompletesOnTheCallersEventLoopContext(InfluxDatabase db) throws Exception {
        DeviceProfile p = Readings.allTypes("lift_context");
        Device a = device("el-ctx", p, "Acme", "east");
        InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), UnaryOperator.identity());
        Context ctx = fx.vertx.getOrCreateContext();
        CompletableFuture<String> where = new CompletableFuture<>();
        ctx.runOnContext(v -> sink.write(List.of(reading(a, p, 1000, 1.0, 1L, true, "idle", "x")))
                .onComplete(ar -> where.complete(ar.succeeded() + " " + (Vertx.currentContext() == ctx)
                        + " " + Context.isOnEventLoopThread())));
        assertEquals("true true true", where.get(30, TimeUnit.SECONDS));
    }

    @Test
    void eachFutureCompletesOnlyOnceItsReadingIsQueryable(InfluxDatabase db) throws Exception {
        DeviceProfile p = profile("lift_visible", field("floor", FieldType.INTEGER));
        Device a = device("el-v", p, "Acme", "east");
        InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), c -> c.withBatching(3, 50, 1000));
        Context worker = workerContext();
        int n = 20;
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(n);
        worker.runOnContext(v -> {
            for (int i = 0; i < n; i++) {
                long t = 10_000L + i;
                sink.write(List.of(reading(a, p, t, (Object) (long) i))).onComplete(ar -> {
                    // on the worker context blocking is allowed: ask InfluxDB right when the future completes
                    QueryResult r = db.query("SELECT floor FROM lift_visible WHERE time = " + t + "ms");
                    seen.add(ar.succeeded() + ":" + (r.isEmpty() ? "missing" : r.single().value(0, "floor")));
                    done.countDown();
                });
            }
        });
        assertTrue(done.await(60, TimeUnit.SECONDS));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) expected.add("true:" + i);
        assertEquals(expected.stream().sorted().toList(), seen.stream().sorted().toList());
    }

    @Test
    void writeLargerThanTheBatchSizeIsSplitAndCompletesWhenAllPartsAreStored(InfluxDatabase db) {
        DeviceProfile p = profile("lift_bulk", field("floor", FieldType.INTEGER), field("load", FieldType.NUMBER));
        Device a = device("el-bulk", p, "Acme", "east");
        InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), c -> c.withBatching(1000, 100, 200_000));
        List<Telemetry> readings = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) readings.add(reading(a, p, 1_000_000L + i, (long) i, i / 4.0));

        await(fx.writeOnEventLoop(sink, readings));

        QueryResult.Series s = db.query("SELECT count(floor), sum(floor), sum(load), max(floor) FROM lift_bulk")
                .single();
        assertEquals(Map.of("time", 0L, "count", 2_500L, "sum", 3_123_750L, "sum_1", 780_937.5, "max", 2_499L),
                s.row(0));
        assertEquals(Map.of("time", 1_000_000L, "first", 0L), db.query("SELECT first(floor) FROM lift_bulk").single().row(0));
        assertEquals(Map.of("time", 1_002_499L, "last", 2_499L), db.query("SELECT last(floor) FROM lift_bulk").single().row(0));
        assertEquals(3, sink.batchesWritten());
        assertEquals(2_500, sink.pointsWritten());
    }

    @Test
    void tagValuesWithSpacesCommasEqualsAndChineseAreStoredExactly(InfluxDatabase db) {
        DeviceProfile p = profile("lift_tags", field("floor", FieldType.INTEGER));
        Device a = device("lift 7,east=1", p, "上海 某某电梯, 有限公司", "浦东 新区=A");
        Device b = device("lift\\8", p, "北京电梯", "");
        InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), UnaryOperator.identity());

        await(fx.writeOnEventLoop(sink, List.of(reading(a, p, 1000, 7L), reading(b, p, 2000, 8L))));

        QueryResult.Series s = db.query("SELECT * FROM lift_tags ORDER BY time").single();
        assertEquals(List.of(
                Arrays.asList(1000L, "lift 7,east=1", "上海 某某电梯, 有限公司", 7L, "浦东 新区=A"),
                Arrays.asList(2000L, "lift\\8", "北京电梯", 8L, null)), s.values());
        assertEquals(List.of(List.of("enterprise", "上海 某某电梯, 有限公司"), List.of("enterprise", "北京电梯")),
                db.query("SHOW TAG VALUES FROM lift_tags WITH KEY = enterprise").single().values());
    }

    @Test
    void stringFieldsWithQuotesBackslashesAndLineBreaksAreStoredExactly(InfluxDatabase db) {
        DeviceProfile p = profile("lift_notes", field("note", FieldType.STRING));
        Device a = device("el-n", p, "Acme", "east");
        List<String> notes = List.of("say \"hi\"", "C:\\dir\\", "a\\\"b", "line1\nline2", "", "逗号,等号= 空格", "\\");
        List<Telemetry> readings = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) readings.add(reading(a, p, 1000 + i, notes.get(i)));
        InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), UnaryOperator.identity());

        await(fx.writeOnEventLoop(sink, readings));

        assertEquals(notes, db.query("SELECT note FROM lift_notes ORDER BY time").single().column("note"));
    }

    private Context workerContext() {
        CompletableFuture<Context> ctx = new CompletableFuture<>();
        await(fx.vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                ctx.complete(context);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
        return ctx.join();
    }
}
