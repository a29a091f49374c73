package dev.vigil.gateway.storage;

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

        try (InfluxServer influx = InfluxServer.start()) {
            influx.createDatabase("bench");
            // warm-up: creates the series and lets the JIT settle; not measured
            rawPosts(influx, readings(devices, 20_000, 1_400_000_000_000L));
            throughSink(influx, readings(devices, 20_000, 1_450_000_000_000L));
            double raw = 0;
            double sink = 0;
            for (int round = 0; round < 2; round++) {
                List<String> rawBodies = bodies(readings(devices, points, 1_600_000_000_000L + round * 100_000_000L));
                List<Telemetry> sinkReadings = readings(devices, points, 1_700_000_000_000L + round * 100_000_000L);
                Cpu c0 = Cpu.now(influx);
                double r = rawPosts(influx, rawBodies, points);
                Cpu c1 = Cpu.now(influx);
                double k = throughSink(influx, sinkReadings);
                Cpu c2 = Cpu.now(influx);
                System.out.printf("round %d: raw %,.0f points/s (%s), sink %,.0f points/s (%s)%n", round + 1, r,
                        c1.perPoint(c0, points), k, c2.perPoint(c1, points));
                raw += r;
                sink += k;
            }
            long stored = (Long) influx.query("bench", "SELECT count(speed) FROM elevator_bench WHERE time >= 1600000000000ms")
                    .single().value(0, "count");
            System.out.printf("raw line protocol posts (2 posters, pre-encoded 5,000-point bodies): %,.0f points/s%n", raw / 2);
            System.out.printf("sink (1 reading per write, from an event loop): %,.0f points/s%n", sink / 2);
            System.out.printf("ratio sink/raw: %.2f; measured points stored: %,d of %,d%n", sink / raw, stored, 4L * points);
        }
    }

    /** CPU time used so far by this JVM and by influxd, in nanoseconds. */
    private record Cpu(long jvm, long influxd) {
        static Cpu now(InfluxServer influx) {
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            long ticks = 0;
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + influx.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, fields 14 and 15
            } catch (java.io.IOException | RuntimeException e) {
                ticks = -1;
            }
            return new Cpu(jvm, ticks < 0 ? -1 : ticks * 10_000_000L); // USER_HZ = 100
        }

        String perPoint(Cpu before, int points) {
            return String.format("JVM %.1f us/point, influxd %.1f us/point", (jvm - before.jvm) / 1e3 / points,
                    (influxd - before.influxd) / 1e3 / points);
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

    private static void encodingComparison(List<Telemetry> sample) {
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            StringBuilder sb = new StringBuilder(1 << 20);
            long chars = 0;
            for (Telemetry t : sample) {
                LineProtocol.append(sb, t);
                if (sb.length() > 900_000) {
                    chars += sb.length();
                    sb.setLength(0);
                }
            }
            long ours = System.nanoTime() - t0;
            t0 = System.nanoTime();
            long chars2 = 0;
            for (Telemetry t : sample) chars2 += point(t).lineProtocol(TimeUnit.MILLISECONDS).length();
            long theirs = System.nanoTime() - t0;
            if (round == 2) {
                System.out.printf("encode %,d points: LineProtocol %,.0f points/s, influxdb-java Point %,.0f points/s "
                                + "(%.1fx) [%d/%d chars]%n", sample.size(), sample.size() * 1e9 / ours,
                        sample.size() * 1e9 / theirs, (double) theirs / ours, chars + sb.length(), chars2);
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

    /** Posts pre-encoded 5,000-point bodies with two concurrent posters (as many as the sink's writers). */
    private static double rawPosts(InfluxServer influx, List<Telemetry> readings) throws Exception {
        return rawPosts(influx, bodies(readings), readings.size());
    }

    private static List<String> bodies(List<Telemetry> readings) {
        List<String> bodies = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < readings.size(); i++) {
            LineProtocol.append(sb, readings.get(i));
            if ((i + 1) % 5_000 == 0 || i == readings.size() - 1) {
                bodies.add(sb.toString());
                sb.setLength(0);
            }
        }
        return bodies;
    }

    private static double rawPosts(InfluxServer influx, List<String> bodies, int points) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(influx.url() + "/write?db=bench&precision=ms");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
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
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return points / secs;
    }

    /** Writes one reading per call from an event loop, keeping at most 100,000 points in flight. */
    private static double throughSink(InfluxServer influx, List<Telemetry> readings) throws Exception {
        Vertx vertx = Vertx.vertx();
        InfluxTelemetrySink sink = new InfluxTelemetrySink(vertx,
                InfluxConfig.defaults().withUrl(influx.url()).withDatabase("bench"));
        SinkFixture.await(sink.start());
        Context ctx = vertx.getOrCreateContext();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        int chunk = 1_000;
        long t0 = System.nanoTime();
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
        while (completed.get() < readings.size()) Thread.sleep(1);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("sink: %,d batches, %,d failed writes, last write %,d us%n", sink.batchesWritten(),
                failed.get(), sink.lastWriteLatencyMicros());
        SinkFixture.await(sink.close());
        SinkFixture.await(vertx.close());
        return readings.size() / secs;
    }
}
