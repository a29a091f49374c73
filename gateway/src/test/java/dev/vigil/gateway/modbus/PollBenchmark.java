package dev.vigil.gateway.modbus;

import dev.vigil.gateway.modbus.ModbusTestSupport.RecordingListener;
import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.gateway.support.TestPipeline;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.sim.modbus.CemsAnalyser;
import dev.vigil.sim.modbus.ModbusFleet;
import dev.vigil.sim.modbus.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test; run by bench/modbus-poll.sh): N simulated CEMS analysers on P j2mod ports
 * (N/P unit ids each, like gateway boxes in front of analysers) polled every interval by one
 * {@link ModbusPoller}; reports missed polls and poll latency percentiles (tick to completion).
 *
 * <p>Arguments: devices ports interval_ms seconds warmup_seconds base_port (defaults 1000 20 1000 60 5 15020).
 */
public final class PollBenchmark {

    public static void main(String[] args) throws Exception {
        int devices = arg(args, 0, 1000);
        int ports = arg(args, 1, 20);
        int interval = arg(args, 2, 1000);
        int seconds = arg(args, 3, 60);
        int warmup = arg(args, 4, 5);
        int basePort = arg(args, 5, 15020);
        int perPort = (devices + ports - 1) / ports;
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.ghgande")).setLevel(ch.qos.logback.classic.Level.WARN);

        DeviceProfile cems = ModbusTestSupport.cems();
        ModbusFleet fleet = ModbusFleet.start(InetAddress.getLoopbackAddress(), basePort, devices, perPort, 4, 1000,
                (i, unit) -> new CemsAnalyser(String.format(Locale.ROOT, "cems-%04d", i + 1), unit, Scenario.NORMAL, 1, i));
        List<Device> registered = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            registered.add(ModbusTestSupport.device(fleet.units().get(i).id(), cems, fleet.portOf(i), fleet.unitOf(i), interval, 1000));
        }
        Histogram latency = new Histogram(60_000_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong readings = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.Set<String> polled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PollObserver observer = new PollObserver() {
            @Override
            public void onPoll(String deviceId, long latencyNanos, boolean good) {
                polled.add(deviceId);
                if (!measuring.get()) return;
                latency.recordValue(Math.min(latencyNanos, latency.getHighestTrackableValue()));
                (good ? ok : failed).incrementAndGet();
            }

            @Override
            public void onSkipped(String deviceId) {
                if (measuring.get()) skipped.incrementAndGet();
            }
        };
        TelemetrySink counting = r -> {
            readings.addAndGet(r.size());
            return Future.succeededFuture();
        };
        RecordingListener listener = new RecordingListener();
        Vertx vertx = Vertx.vertx();
        DeviceRegistry registry = new DeviceRegistry("", registered, Map.of(cems.name(), cems));
        ModbusPoller poller = new ModbusPoller(registry, TestPipeline.over(vertx, registry, counting),
                ModbusConfig.defaults(), listener, observer);
        String id = vertx.deployVerticle(poller).await();
        // warm-up: until every device has been polled and the warm-up time has passed
        long w0 = System.nanoTime();
        org.awaitility.Awaitility.await("every device polled and " + warmup + " s of warm-up").atMost(java.time.Duration.ofSeconds(warmup + 120L))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> polled.size() == devices && System.nanoTime() - w0 >= warmup * 1_000_000_000L);
        measuring.set(true);
        long t0 = System.nanoTime();
        org.awaitility.Awaitility.await("the " + seconds + " s measurement window").atMost(java.time.Duration.ofSeconds(seconds + 10L))
                .pollInterval(java.time.Duration.ofMillis(10)).until(() -> System.nanoTime() - t0 >= seconds * 1_000_000_000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        int connections = poller.connectionCount();
        vertx.undeploy(id).await();
        vertx.close().await();
        fleet.close();

        long expected = Math.round(devices * elapsed * 1000 / interval);
        long good = ok.get();
        double missed = 100.0 * Math.max(0, expected - good) / expected;
        System.out.printf(Locale.ROOT, "devices %d on %d ports (%d unit ids each), interval %d ms, measured %.1f s after %d s warm-up%n",
                devices, ports, perPort, interval, elapsed, warmup);
        System.out.printf(Locale.ROOT, "connections (poller threads) %d%n", connections);
        System.out.printf(Locale.ROOT, "expected polls %d, good %d, failed %d, skipped (previous still running) %d%n",
                expected, good, failed.get(), skipped.get());
        System.out.printf(Locale.ROOT, "missed polls %.3f %%%n", missed);
        System.out.printf(Locale.ROOT, "poll latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)), ms(latency.getValueAtPercentile(99)),
                ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()));
        System.out.printf(Locale.ROOT, "offline events %d%n", listener.count("offline"));
        System.exit(missed < 1.0 ? 0 : 1);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
