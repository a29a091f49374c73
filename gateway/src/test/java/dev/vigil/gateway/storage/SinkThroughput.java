package dev.vigil.gateway.storage;

import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Telemetry;
import dev.vigil.testkit.InfluxServer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.influxdb.dto.Point;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;

/**
 * A short throughput check (not a unit test, run by hand): points/s of the sink, fed one reading
 * per write from a Vert.x event loop as protocol adapters do, against raw line-protocol posts of
 * the same points to the same private influxd; plus the cost of encoding with {@link LineProtocol}
 * against influxdb-java's {@link Point}. Argument: points per measured run (default 100000).
 *
 * <p>Run from the repository root after {@code mvn -q -B -pl gateway -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/cp.txt)
 * dev.vigil.gateway.storage.SinkThroughput}.
 */
public final class SinkThroughput {
    private static final int DEVICES = 1_000;
    private static final DeviceProfile PROFILE = profile("elevator_bench",
            field("speed", FieldType.NUMBER), field("floor", FieldType.INTEGER), field("load", FieldType.NUMBER),
            field("door_open", FieldType.BOOLEAN), field("in_door_zone", FieldType.BOOLEAN),
            field("direction", FieldType.ENUM), field("state", FieldType.ENUM), field("occupancy", FieldType.INTEGER));

    private SinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.add(device("el-" + i, PROFILE, "上海某电梯公司 " + (i % 20), "region-" + (i % 16)));
        }
        encodingComparison(readings(devices, Math.min(points, 200_000), 1_500_000_000_000L));

        Vertx vertx = Vertx.vertx();
        try (InfluxServer influx = InfluxServer.start()) {
            influx.createDatabase("bench");
            // warm-up: creates the series and lets the JIT settle; not measured
            rawPosts(influx, bodies(readings(devices, 20_000, 1_400_000_000_000L)), 20_000);
            throughSink(vertx, influx, readings(devices, 20_000, 1_450_000_000_000L));
            ThroughputRun raw = new ThroughputRun(0, 0, 0, 0);
            ThroughputRun sink = new ThroughputRun(0, 0, 0, 0);
            for (int round = 0; round < 2; round++) {
                List<String> rawBodies = bodies(readings(devices, points, 1_600_000_000_000L + round * 100_000_000L));
                List<Telemetry> sinkReadings = readings(devices, points, 1_700_000_000_000L + round * 100_000_000L);
                System.gc();
                ThroughputRun r = rawPosts(influx, rawBodies, points);
                ThroughputRun k = throughSink(vertx, influx, sinkReadings);
                System.out.printf("round %d: raw %s; sink %s%n", round + 1, r, k);
                raw = raw.plus(r);
                sink = sink.plus(k);
            }
            long stored = (Long) influx.query("bench",
                    "SELECT count(speed) FROM elevator_bench WHERE time >= 1600000000000ms").single().value(0, "count");
            System.out.printf("raw line protocol posts (2 posters, pre-encoded 5,000-point bodies): %s%n", raw);
            System.out.printf("sink (1 reading per write, from an event loop): %s%n", sink);
            System.out.printf("ratio sink/raw (points/s): %.2f; measured points stored: %,d of %,d%n",
                    (double) raw.nanos() / sink.nanos(), stored, 4L * points);
        } finally {
            SinkFixture.await(vertx.close());
        }
    }

    private static List<Telemetry> readings(List<Device> devices, int n, long t0) {
        List<Telemetry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Device d = devices.get(i % DEVICES);
            long t = t0 + (i / DEVICES) * 10L;
            out.add(new Telemetry(d, PROFILE, t, new Object[] {1.0 + (i % 250) / 100.0, (long) (i % 30),
                    520.5 + (i % 7), i % 11 == 0, i % 3 == 0, i % 2 == 0 ? "up" : "down", "moving", (long) (i % 13)},
                    "bench"));
        }
        return out;
    }

    /** Encoding alone, single-threaded, in thread CPU time: {@link LineProtocol} against influxdb-java's {@link Point}. */
    private static void encodingComparison(List<Telemetry> sample) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            LineProtocolWriter sb = new LineProtocolWriter(1 << 20);
            long chars = 0;
            for (Telemetry t : sample) {
                LineProtocol.append(sb, t);
                if (sb.length() > 900_000) {
                    chars += sb.length();
                    sb.clear();
                }
            }
            long ours = cpu.getCurrentThreadCpuTime() - t0;
            t0 = cpu.getCurrentThreadCpuTime();
            long chars2 = 0;
            for (Telemetry t : sample) chars2 += point(t).lineProtocol(TimeUnit.MILLISECONDS).length();
            long theirs = cpu.getCurrentThreadCpuTime() - t0;
            if (round == 4) {
                System.out.printf("encode %,d points (CPU time per point): LineProtocol %.2f us, influxdb-java Point "
                                + "%.2f us (%.1fx) [%,d / %,d chars]%n", sample.size(), ours / 1e3 / sample.size(),
                        theirs / 1e3 / sample.size(), (double) theirs / ours, chars + sb.length(), chars2);
            }
        }
    }

    private static Point point(Telemetry t) {
        Point.Builder b = Point.measurement(t.profile().name()).time(t.time(), TimeUnit.MILLISECONDS)
                .tag("device", t.device().id()).tag("enterprise", t.device().enterprise())
                .tag("region", t.device().region());
        Object[] v = t.values();
        for (int i = 0; i < v.length; i++) {
            String name = t.profile().fields().get(i).name();
            Object x = v[i];
            if (x instanceof Double d) b.addField(name, d.doubleValue());
            else if (x instanceof Long l) b.addField(name, l.longValue());
            else if (x instanceof Boolean z) b.addField(name, z.booleanValue());
            else if (x != null) b.addField(name, x.toString());
        }
        return b.build();
    }

    private static List<String> bodies(List<Telemetry> readings) {
        List<String> bodies = new ArrayList<>();
        LineProtocolWriter sb = new LineProtocolWriter();
        for (int i = 0; i < readings.size(); i++) {
            LineProtocol.append(sb, readings.get(i));
            if ((i + 1) % 5_000 == 0 || i == readings.size() - 1) {
                bodies.add(sb.toString());
                sb.clear();
            }
        }
        return bodies;
    }

    /** Posts pre-encoded 5,000-point bodies with two concurrent posters (as many as the sink's writers). */
    private static ThroughputRun rawPosts(InfluxServer influx, List<String> bodies, int points) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(influx.url() + "/write?db=bench&precision=ms");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicLong next = new AtomicLong();
        ThroughputRun.Meter meter = ThroughputRun.start(influx);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            done.add(pool.submit(() -> {
                for (int i; (i = (int) next.getAndIncrement()) < bodies.size(); ) {
                    HttpRequest req = HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i), StandardCharsets.UTF_8)).build();
                    int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status != 204) throw new IllegalStateException("HTTP " + status);
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        ThroughputRun run = meter.stop(points);
        pool.shutdown();
        return run;
    }

    /** Writes one reading per call from an event loop, keeping at most 100,000 points in flight. */
    private static ThroughputRun throughSink(Vertx vertx, InfluxServer influx, List<Telemetry> readings)
            throws Exception {
        InfluxTelemetrySink sink = new InfluxTelemetrySink(vertx,
                InfluxConfig.defaults().withUrl(influx.url()).withDatabase("bench"));
        SinkFixture.await(sink.start());
        Context ctx = vertx.getOrCreateContext();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        int chunk = 1_000;
        ThroughputRun.Meter meter = ThroughputRun.start(influx);
        for (int from = 0; from < readings.size(); from += chunk) {
            while (from - completed.get() > 100_000) java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            List<Telemetry> part = readings.subList(from, Math.min(from + chunk, readings.size()));
            ctx.runOnContext(v -> {
                for (Telemetry t : part) {
                    sink.write(List.of(t)).onComplete(ar -> {
                        if (ar.failed()) failed.incrementAndGet();
                        completed.incrementAndGet();
                    });
                }
            });
        }
        org.awaitility.Awaitility.await("every sink write completed").atMost(java.time.Duration.ofMinutes(10)).pollDelay(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(1)).until(() -> completed.get() >= readings.size());
        ThroughputRun run = meter.stop(readings.size());
        if (failed.get() > 0) throw new IllegalStateException(failed.get() + " sink writes failed");
        SinkFixture.await(sink.close());
        return run;
    }
}
