package dev.vigil.sim.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil simulate load}: N virtual MQTT 5 devices publishing elevator readings at a fixed
 * offered rate or open loop, reporting sent / acknowledged / refused (by PUBACK reason code) and
 * publish→PUBACK latency percentiles every second and in a JSON summary. With
 * {@code --raw-influx} it posts the same readings as line protocol straight to InfluxDB instead.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"MQTT load generator: N devices, fixed or open-loop rate, QoS 0/1, latency percentiles.",
                "With --raw-influx URL: the same readings as line protocol posted straight to InfluxDB."})
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "MQTT host (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "1883", description = "MQTT port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--tokens", required = true, description = "id=token file (vigil device add-fleet --tokens-out)")
    Path tokens;

    @Option(names = "--devices", defaultValue = "100", description = "virtual devices (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "0", description = "offered messages per second in total; 0 = open loop, as fast as acknowledged")
    double rate;

    @Option(names = "--interval-seconds", defaultValue = "0",
            description = "instead of --rate: every device publishes once per this many seconds")
    double intervalSeconds;

    @Option(names = "--duration", defaultValue = "10", description = "seconds of publishing (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--qos", defaultValue = "1", description = "0 or 1 (default: ${DEFAULT-VALUE})")
    int qos;

    @Option(names = "--inflight", defaultValue = "100", description = "unacknowledged QoS 1 publishes per device (default: ${DEFAULT-VALUE})")
    int inflight;

    @Option(names = "--source-addresses", defaultValue = "0",
            description = "spread connections over this many loopback source addresses 127.0.0.2, 127.0.0.3, ... (0 = let the OS pick)")
    int sourceAddresses;

    @Option(names = "--event-loops", defaultValue = "0", description = "event loops (default: number of cores)")
    int eventLoops;

    @Option(names = "--connect-concurrency", defaultValue = "100", description = "connections being set up at once per event loop")
    int connectConcurrency;

    @Option(names = "--overspeed-every", defaultValue = "0", description = "every Nth reading of a device is an overspeed (0 = never)")
    int overspeedEvery;

    @Option(names = "--overspeed-together", description = "every device's overspeed at the same reading number, so all alerts"
            + " come in bursts (default: spread, the devices' overspeeds at evenly spaced phases of the N readings, so alerts arrive evenly)")
    boolean overspeedTogether;

    @Option(names = "--drain-seconds", defaultValue = "10", description = "how long to wait for outstanding PUBACKs at the end")
    int drainSeconds;

    @Option(names = "--hold-seconds", defaultValue = "0", description = "keep the connections open this long after publishing")
    int holdSeconds;

    @Option(names = "--alert-stream", description = "gateway alert stream URL (SSE, e.g. http://127.0.0.1:8080/api/alerts/stream):"
            + " measure publish -> raised alert for the overspeed readings")
    String alertStream;

    @Option(names = "--alert-token", paramLabel = "TOKEN", description = "API token for the alert stream (vigil user token)")
    String alertToken;

    @Option(names = "--summary", description = "write a JSON summary to this file")
    Path summary;

    @Option(names = "--label", defaultValue = "", description = "free text stored in the summary")
    String label;

    @Option(names = "--raw-influx", description = "post line protocol to this InfluxDB URL instead of MQTT (baseline)")
    String rawInflux;

    @Option(names = "--influx-db", defaultValue = "vigil", description = "database for --raw-influx")
    String influxDb;

    @Option(names = "--batch", defaultValue = "5000", description = "lines per HTTP write for --raw-influx")
    int batch;

    @Option(names = "--writers", defaultValue = "2", description = "concurrent HTTP writes for --raw-influx")
    int writers;

    @Option(names = "--enterprise", defaultValue = "", description = "enterprise tag for --raw-influx lines")
    String enterprise;

    @Option(names = "--region", defaultValue = "", description = "region tag for --raw-influx lines")
    String region;

    @Override
    public Integer call() throws Exception {
        if (qos != 0 && qos != 1) {
            System.err.println("error: --qos must be 0 or 1, got " + qos);
            return 2;
        }
        List<TokenFile.Credential> creds = TokenFile.read(tokens, devices);
        if (rawInflux != null) {
            Map<String, Object> result = new RawInfluxLoad(rawInflux, influxDb, batch, writers, enterprise, region,
                    overspeedEvery).run(creds, rate, duration);
            result.put("label", label);
            writeSummary(result);
            return 0;
        }
        double offered = intervalSeconds > 0 ? devices / intervalSeconds : rate;
        int loops = eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        try {
            return run(vertx, creds, offered, loops);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private int run(Vertx vertx, List<TokenFile.Credential> creds, double offered, int loops) throws Exception {
        LoadStats stats = new LoadStats();
        List<NetClient> netClients = new ArrayList<>();
        int addresses = Math.max(1, sourceAddresses);
        for (int a = 0; a < addresses; a++) {
            NetClientOptions o = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000)
                    .setReceiveBufferSize(64 * 1024).setSendBufferSize(64 * 1024);
            if (sourceAddresses > 0) o.setLocalAddress("127.0.0." + (2 + a));
            netClients.add(vertx.createNetClient(o));
        }
        AlertWatcher alerts = null;
        if (alertStream != null) {
            alerts = new AlertWatcher();
            alerts.open(vertx, alertStream, alertToken).await(10, TimeUnit.SECONDS);
            System.out.println("[load] listening to alerts on " + alertStream);
        }
        List<LoadShard> shards = new ArrayList<>();
        for (int i = 0; i < loops; i++) shards.add(new LoadShard(vertx.getOrCreateContext(), stats));
        for (int i = 0; i < creds.size(); i++) {
            TokenFile.Credential c = creds.get(i);
            MqttLoadClient client = new MqttLoadClient(c.id(), c.token(), qos == 0 ? 1 : inflight, stats);
            if (overspeedEvery > 0 && !overspeedTogether) client.startAt((long) i * overspeedEvery / creds.size() % overspeedEvery);
            if (alerts != null) client.watchAlerts(alerts);
            shards.get(i % loops).add(client, netClients.get(i % addresses));
        }
        long c0 = System.nanoTime();
        List<Future<Void>> connects = new ArrayList<>();
        for (LoadShard s : shards) connects.add(s.connectAll(host, port, connectConcurrency));
        Future<?> allConnected = Future.join(connects);
        while (!allConnected.isComplete()) {
            Thread.sleep(1000);
            System.out.printf("[load] connecting: %d connected, %d failed of %d (%.0f s)%n", stats.connected.sum(),
                    stats.connectFailed.sum(), creds.size(), (System.nanoTime() - c0) / 1e9);
        }
        double connectSeconds = (System.nanoTime() - c0) / 1e9;
        System.out.printf("[load] %d of %d devices connected in %.1f s (%d failed %s)%n", stats.connected.sum(),
                creds.size(), connectSeconds, stats.connectFailed.sum(), stats.connectErrorCounts());

        MqttQoS q = qos == 0 ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        for (LoadShard s : shards) s.start(offered / loops, q, overspeedEvery, end);
        List<Map<String, Object>> series = new ArrayList<>();
        long[] last = {0, 0, 0};
        long deadline = end + TimeUnit.SECONDS.toNanos(drainSeconds);
        for (int sec = 1; ; sec++) {
            long wake = start + TimeUnit.SECONDS.toNanos(sec);
            long sleep = wake - System.nanoTime();
            if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
            int inflightNow = inflight(shards);
            Map<String, Object> second = progress(sec, stats, last, offered, inflightNow);
            if (alerts != null) {
                Histogram ah = alerts.interval();
                second.put("alerts", ah.getTotalCount());
                if (ah.getTotalCount() > 0) second.put("alert_p99_ms", round(ms(ah, 99)));
                if (ah.getTotalCount() > 0) {
                    System.out.printf("[load] %4ds %d alerts, latency p50 %.2f p99 %.2f ms%n", sec, ah.getTotalCount(), ms(ah, 50), ms(ah, 99));
                }
            }
            series.add(second);
            if (System.nanoTime() >= end && (q == MqttQoS.AT_MOST_ONCE || inflightNow == 0 || System.nanoTime() >= deadline)) break;
        }
        double seconds = duration;
        int outstanding = inflight(shards);
        if (holdSeconds > 0) {
            System.out.printf("[load] holding %d connections for %d s%n", stats.connected.sum(), holdSeconds);
            Thread.sleep(holdSeconds * 1000L);
        }
        Future.join(shards.stream().map(LoadShard::close).toList()).await(30, TimeUnit.SECONDS);
        Histogram h = stats.total();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "mqtt");
        r.put("label", label);
        r.put("started", Instant.now().minusNanos(System.nanoTime() - start).toString());
        r.put("target", host + ":" + port);
        r.put("devices", creds.size());
        r.put("source_addresses", sourceAddresses);
        r.put("connect_seconds", round(connectSeconds));
        r.put("connect_failed", stats.connectFailed.sum());
        r.put("connect_errors", stats.connectErrorCounts());
        r.put("qos", qos);
        r.put("offered_rate", offered <= 0 ? "open-loop" : offered);
        r.put("duration_s", duration);
        r.put("sent", stats.sent.sum());
        r.put("acknowledged", stats.acked.sum());
        r.put("refused", stats.refused.sum());
        r.put("refused_by_reason_code", stats.refusals());
        r.put("unanswered_at_end", outstanding);
        r.put("lost_on_closed_connections", stats.lost.sum());
        r.put("behind", stats.behind.sum());
        r.put("send_rate", Math.round(stats.sent.sum() / seconds));
        r.put("ack_rate", Math.round(stats.acked.sum() / seconds));
        r.put("latency_ms", percentiles(h));
        if (alerts != null) {
            Histogram ah = alerts.latencies();
            r.put("alert_events", alerts.events.sum());
            r.put("alerts_matched", alerts.matched.sum());
            Map<String, Long> kinds = new java.util.TreeMap<>();
            alerts.byKind.forEach((k, v) -> kinds.put(k, v.sum()));
            r.put("alert_events_by_kind", kinds);
            r.put("alert_latency_ms", percentiles(ah));
            System.out.printf("[load] alerts: %d events, %d matched to publishes; latency p50 %.2f p99 %.2f p99.9 %.2f ms%n",
                    alerts.events.sum(), alerts.matched.sum(), ms(ah, 50), ms(ah, 99), ms(ah, 99.9));
        }
        r.put("per_second", series);
        System.out.printf("[load] done: sent %d, acknowledged %d, refused %d %s, unanswered %d, behind %d; "
                        + "%.0f msg/s acknowledged; latency p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms%n",
                stats.sent.sum(), stats.acked.sum(), stats.refused.sum(), stats.refusals(), outstanding,
                stats.behind.sum(), stats.acked.sum() / seconds, ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
        writeSummary(r);
        return 0;
    }

    private static int inflight(List<LoadShard> shards) {
        return Future.join(shards.stream().map(LoadShard::inflight).toList())
                .map(cf -> cf.list().stream().mapToInt(o -> (Integer) o).sum())
                .await();
    }

    private static Map<String, Object> progress(int sec, LoadStats stats, long[] last, double offered, int inflightNow) {
        long sent = stats.sent.sum();
        long acked = stats.acked.sum();
        long refused = stats.refused.sum();
        Histogram h = stats.interval();
        System.out.printf("[load] %4ds offered %s sent %,d/s acked %,d/s refused %,d inflight %,d conn %,d behind %,d p50 %.2f p99 %.2f ms%n",
                sec, offered <= 0 ? "max" : String.format("%,.0f/s", offered), sent - last[0], acked - last[1],
                refused - last[2], inflightNow, stats.connected.sum(), stats.behind.sum(), ms(h, 50), ms(h, 99));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", sec);
        m.put("sent", sent - last[0]);
        m.put("acked", acked - last[1]);
        m.put("refused", refused - last[2]);
        m.put("inflight", inflightNow);
        m.put("p99_ms", round(ms(h, 99)));
        last[0] = sent;
        last[1] = acked;
        last[2] = refused;
        return m;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", round(ms(h, 50)));
        m.put("p90", round(ms(h, 90)));
        m.put("p99", round(ms(h, 99)));
        m.put("p99.9", round(ms(h, 99.9)));
        m.put("max", round(h.getMaxValue() / 1000.0));
        return m;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private void writeSummary(Map<String, Object> r) throws Exception {
        if (summary == null) return;
        Path parent = summary.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summary.toFile(), r);
        System.out.println("[load] summary written to " + summary);
    }
}
