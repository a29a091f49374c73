package dev.vigil.sim.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures alert latency: remembers when each overspeed reading was published (by device and
 * reading time) and, listening to the gateway's live alert stream (Server-Sent Events, one JSON
 * alert event per {@code data:} line), records publish → "raised" event for the readings that
 * raised an alert.
 */
final class AlertWatcher {
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    final LongAdder events = new LongAdder();
    final LongAdder matched = new LongAdder();
    /** Stream events by kind and rule ("raised overspeed", "case_transition -"), to see what else the stream carried. */
    final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    /** Called by a device as it publishes an overspeed reading. */
    void published(String device, long readingTime) {
        published.put(device + "|" + readingTime, System.nanoTime());
    }

    /** Held for the whole run: Vert.x closes a client that is no longer referenced. */
    private HttpClient client;

    /** Opens the stream; the future completes once the gateway answered with 200. */
    Future<Void> open(Vertx vertx, String url, String token) {
        client = vertx.createHttpClient();
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                        .putHeader("Accept", "text/event-stream")
                        .putHeader("Authorization", token == null ? "" : "Bearer " + token))
                .compose(req -> req.send())
                .compose(resp -> {
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture("alert stream " + url + " answered HTTP " + resp.statusCode());
                    }
                    RecordParser parser = RecordParser.newDelimited("\n", line -> onLine(line.toString()));
                    resp.handler(parser);
                    return Future.succeededFuture();
                });
    }

    private void onLine(String line) {
        if (!line.startsWith("data:")) return;
        JsonObject e = new JsonObject(line.substring(5).trim());
        events.increment();
        byKind.computeIfAbsent(e.getString("kind") + " " + e.getString("rule", "-"), k -> new LongAdder()).increment();
        if (!"raised".equals(e.getString("kind"))) return;
        Long sent = published.remove(e.getString("device") + "|" + e.getLong("time"));
        if (sent == null) return;
        matched.increment();
        recorder.recordValue(Math.min((System.nanoTime() - sent) / 1_000, TimeUnit.SECONDS.toMicros(60)));
    }

    private final Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);

    /** The alert latencies recorded since the last call (a second of the run), also added to the run's total. */
    synchronized Histogram interval() {
        Histogram h = recorder.getIntervalHistogram();
        total.add(h);
        return h;
    }

    /** Every alert latency of the run. */
    synchronized Histogram latencies() {
        interval();
        return total.copy();
    }
}
