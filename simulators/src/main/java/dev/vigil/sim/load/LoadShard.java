package dev.vigil.sim.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;

import java.util.ArrayList;
import java.util.List;

/**
 * The virtual devices on one event loop: connects them a few at a time, then paces their publishes
 * from a 1 ms timer, at a fixed share of the offered rate or (rate 0) as fast as each device's
 * in-flight window allows.
 */
final class LoadShard {
    private final Context context;
    private final List<MqttLoadClient> clients = new ArrayList<>();
    private final List<NetClient> netClients = new ArrayList<>();
    private final LoadStats stats;
    private final java.util.Set<MqttLoadClient> touched = new java.util.LinkedHashSet<>();
    private long timer = -1;
    private int next;

    LoadShard(Context context, LoadStats stats) {
        this.context = context;
        this.stats = stats;
    }

    void add(MqttLoadClient client, NetClient via) {
        clients.add(client);
        netClients.add(via);
    }

    int size() {
        return clients.size();
    }

    /** Connects every device, {@code concurrency} at a time; completes when all have succeeded or failed. */
    Future<Void> connectAll(String host, int port, int concurrency) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            int[] cursor = {0};
            int[] finished = {0};
            if (clients.isEmpty()) {
                done.complete();
                return;
            }
            Runnable[] launch = new Runnable[1];
            launch[0] = () -> {
                int i = cursor[0]++;
                if (i >= clients.size()) return;
                clients.get(i).connect(netClients.get(i), host, port).onComplete(ar -> {
                    if (ar.failed()) stats.connectError(String.valueOf(ar.cause().getMessage()));
                    if (++finished[0] == clients.size()) done.complete();
                    else launch[0].run();
                });
            };
            for (int k = 0; k < Math.min(concurrency, clients.size()); k++) launch[0].run();
        });
        return done.future();
    }

    /**
     * Publishes until {@code endNanos}: {@code rate} messages per second over this shard's devices
     * (0 = open loop); offered publishes that find no device with room are counted as behind.
     */
    void start(double rate, MqttQoS qos, int overspeedEvery, long endNanos) {
        context.runOnContext(v -> {
            long t0 = System.nanoTime();
            long[] issued = {0};
            timer = context.owner().setPeriodic(1, id -> {
                long now = System.nanoTime();
                if (now >= endNanos) {
                    context.owner().cancelTimer(id);
                    return;
                }
                if (rate <= 0) {
                    openLoop(qos, overspeedEvery);
                    return;
                }
                long due = (long) (rate * (now - t0) / 1e9) - issued[0];
                long sentNow = paced(due, qos, overspeedEvery);
                issued[0] += due;
                if (sentNow < due) stats.behind.add(due - sentNow);
            });
        });
    }

    private long paced(long due, MqttQoS qos, int overspeedEvery) {
        long sent = 0;
        int n = clients.size();
        int misses = 0;
        int maxMisses = Math.min(n, 4096);
        while (sent < due && misses < maxMisses) {
            MqttLoadClient c = clients.get(next);
            next = next + 1 == n ? 0 : next + 1;
            if (c.canPublish()) {
                c.publish(qos, overspeedEvery);
                touched.add(c);
                sent++;
                misses = 0;
            } else {
                misses++;
            }
        }
        flushTouched();
        return sent;
    }

    private void flushTouched() {
        for (MqttLoadClient c : touched) c.flush();
        touched.clear();
    }

    private void openLoop(MqttQoS qos, int overspeedEvery) {
        for (MqttLoadClient c : clients) {
            int burst = 0;
            while (burst++ < 64 && c.canPublish()) c.publish(qos, overspeedEvery);
            c.flush();
        }
    }

    /** Messages published and not yet acknowledged on this shard (read from its context). */
    Future<Integer> inflight() {
        Promise<Integer> p = Promise.promise();
        context.runOnContext(v -> p.complete(clients.stream().mapToInt(MqttLoadClient::inflight).sum()));
        return p.future();
    }

    Future<Void> close() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            if (timer >= 0) context.owner().cancelTimer(timer);
            List<Future<Void>> all = new ArrayList<>();
            for (MqttLoadClient c : clients) all.add(c.close());
            Future.join(all).onComplete(ar -> p.complete());
        });
        return p.future();
    }
}
