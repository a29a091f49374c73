package dev.vigil.sim.vehicle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One vehicle terminal's uplink: posts each reading with Californium's CoapClient (confirmable),
 * and keeps readings it could not deliver — coverage gap, timeout, 5.03, 4.29 — to upload them
 * later as one array (a backfill), oldest first, before anything newer. After 5.03 or 4.29 it
 * sends nothing until the response's Max-Age has passed.
 */
final class CoapUplink implements Uplink {
    /** Most readings kept while offline (a day at one reading per 5 s). */
    static final int MAX_BACKLOG = 17_280;
    /** Most readings per backfill request. */
    static final int MAX_BATCH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    private final String deviceId;
    private final CoapClient client;
    private final boolean cbor;
    private final UplinkStats stats;
    private final List<Map<String, Object>> backlog = new ArrayList<>();
    private boolean inFlight;
    private long holdUntilNanos = System.nanoTime();

    CoapUplink(String deviceId, CoapClient client, boolean cbor, UplinkStats stats) {
        this.deviceId = deviceId;
        this.client = client;
        this.cbor = cbor;
        this.stats = stats;
    }

    /** Queues a reading and, when the network is up and nothing is in flight, sends what is queued. */
    @Override
    public synchronized void report(Map<String, Object> reading, boolean networkUp) {
        stats.readings.incrementAndGet();
        backlog.add(reading);
        if (backlog.size() > MAX_BACKLOG) {
            backlog.remove(0);
            System.err.println(deviceId + ": backlog full, dropped the oldest reading");
        }
        if (networkUp && !inFlight && System.nanoTime() - holdUntilNanos >= 0) flush();
    }

    /** True while a 5.03 or 4.29's Max-Age has not passed yet (nothing is sent meanwhile). */
    synchronized boolean holding() {
        return System.nanoTime() - holdUntilNanos < 0;
    }

    /** Readings waiting to be sent. */
    synchronized int pending() {
        return backlog.size();
    }

    private void flush() {
        int n = Math.min(backlog.size(), MAX_BATCH);
        if (n == 0) return;
        Object body = n == 1 ? backlog.get(0) : new ArrayList<>(backlog.subList(0, n));
        Request request = Request.newPost();
        request.getOptions().setContentFormat(cbor ? MediaTypeRegistry.APPLICATION_CBOR : MediaTypeRegistry.APPLICATION_JSON);
        try {
            request.setPayload((cbor ? CBOR : JSON).writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a reading", e);
        }
        inFlight = true;
        stats.requests.incrementAndGet();
        if (n > 1) stats.backfills.incrementAndGet();
        client.advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                answered(n, response);
            }

            @Override
            public void onError() {
                failed();
            }
        }, request);
    }

    private synchronized void answered(int n, CoapResponse response) {
        inFlight = false;
        ResponseCode code = response.getCode();
        if (code == ResponseCode.CHANGED) {
            stats.changed.incrementAndGet();
            backlog.subList(0, n).clear();
            if (n > 1) System.out.println(deviceId + ": backfill of " + n + " readings stored");
            if (!backlog.isEmpty()) flush(); // more arrived meanwhile, or the backlog exceeded one batch
        } else if (code == ResponseCode.SERVICE_UNAVAILABLE || code == ResponseCode.TOO_MANY_REQUESTS) {
            // keep them, and send nothing before Max-Age has passed; then they go out as one backfill
            stats.retryLater.incrementAndGet();
            long seconds = response.getOptions().hasMaxAge() ? response.getOptions().getMaxAge() : 5;
            holdUntilNanos = System.nanoTime() + seconds * 1_000_000_000L;
        } else {
            stats.refused.incrementAndGet();
            System.err.println(deviceId + ": gateway refused " + n + " reading(s): " + code + " " + response.getResponseText());
            backlog.subList(0, n).clear(); // resending the same payload would be refused again
        }
    }

    private synchronized void failed() {
        inFlight = false;
        stats.errors.incrementAndGet();
    }
}
