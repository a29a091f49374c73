package dev.vigil.sim.load;

import dev.vigil.lineprotocol.LineProtocolWriter;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline: the load generator's readings as line protocol, posted in batches straight to
 * InfluxDB's {@code /write} by a few threads, to measure what InfluxDB itself takes on this machine.
 */
final class RawInfluxLoad {
    private final String writeUrl;
    private final int batch;
    private final int writers;
    private final String enterprise;
    private final String region;
    private final int overspeedEvery;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RawInfluxLoad(String url, String db, int batch, int writers, String enterprise, String region, int overspeedEvery) {
        this.writeUrl = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/write?precision=ms&db="
                + URLEncoder.encode(db, StandardCharsets.UTF_8);
        this.batch = batch;
        this.writers = writers;
        this.enterprise = enterprise;
        this.region = region;
        this.overspeedEvery = overspeedEvery;
    }

    /** Posts for {@code seconds} (rate 0 = as fast as InfluxDB answers) and returns the figures. */
    Map<String, Object> run(List<TokenFile.Credential> devices, double rate, int seconds) throws Exception {
        long[] seqs = new long[devices.size()];
        AtomicLong cursor = new AtomicLong();
        LongAdder points = new LongAdder();
        LongAdder failures = new LongAdder();
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                LineProtocolWriter lines = new LineProtocolWriter(batch * 200);
                while (System.nanoTime() < end) {
                    long first = cursor.getAndAdd(batch);
                    if (rate > 0) pace(first, rate, start);
                    lines.clear();
                    for (long i = first; i < first + batch; i++) {
                        int d = (int) (i % devices.size());
                        long seq;
                        synchronized (seqs) {
                            seq = seqs[d]++;
                        }
                        Readings.line(lines, devices.get(d).id(), enterprise, region, seq, Readings.ts(seq), overspeedEvery);
                    }
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(writeUrl))
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(lines.array(), 0, lines.length())).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 204) points.add(batch);
                        else failures.increment();
                    } catch (Exception e) {
                        failures.increment();
                    }
                    synchronized (latency) {
                        latency.recordValue(Math.min((System.nanoTime() - t0) / 1000, TimeUnit.SECONDS.toMicros(60)));
                    }
                }
            }, "raw-influx-" + w);
            threads.add(t);
            t.start();
        }
        long lastPoints = 0;
        for (int sec = 1; threads.stream().anyMatch(Thread::isAlive); sec++) {
            long wake = start + TimeUnit.SECONDS.toNanos(sec);
            long sleep = wake - System.nanoTime();
            if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
            long p = points.sum();
            System.out.printf("[raw-influx] %4ds %,d points/s (%,d failed writes)%n", sec, p - lastPoints, failures.sum());
            lastPoints = p;
        }
        double took = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "raw-influx");
        r.put("url", writeUrl);
        r.put("devices", devices.size());
        r.put("batch", batch);
        r.put("writers", writers);
        r.put("offered_rate", rate <= 0 ? "open-loop" : rate);
        r.put("seconds", LoadCommand.round(took));
        r.put("points", points.sum());
        r.put("failed_writes", failures.sum());
        r.put("points_per_s", Math.round(points.sum() / took));
        r.put("write_latency_ms", LoadCommand.percentiles(latency));
        System.out.printf("[raw-influx] done: %,d points in %.1f s = %,.0f points/s, %d failed writes%n",
                points.sum(), took, points.sum() / took, failures.sum());
        return r;
    }

    private static void pace(long first, double rate, long start) {
        long due = start + (long) (first / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
