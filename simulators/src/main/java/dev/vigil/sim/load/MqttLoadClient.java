package dev.vigil.sim.load;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;

import java.nio.charset.StandardCharsets;

/**
 * One virtual device: an MQTT 5 connection made of a Vert.x socket and Netty's MQTT codec (no
 * thread of its own, unlike Paho), which publishes on its event loop and matches each PUBACK,
 * reason code included, to the publish it answers. Not thread-safe: used from its own context only.
 */
final class MqttLoadClient {
    private final String deviceId;
    private final String token;
    private final String topic;
    private final LoadStats stats;
    private final int maxInflight;
    private final long[] sentAt;
    private final int mask;
    private NetSocketInternal socket;
    private int nextId = 1;
    private int inflight;
    private long seq;
    private boolean open;
    private boolean dirty;
    private AlertWatcher alerts;

    MqttLoadClient(String deviceId, String token, int maxInflight, LoadStats stats) {
        this.deviceId = deviceId;
        this.token = token;
        this.topic = "devices/" + deviceId + "/telemetry";
        this.stats = stats;
        this.maxInflight = Math.max(1, maxInflight);
        int size = Integer.highestOneBit(Math.max(2, this.maxInflight * 2) - 1) << 1;
        this.sentAt = new long[size];
        this.mask = size - 1;
    }

    /** Connects and logs in; the future fails with the CONNACK reason code or the socket error. */
    Future<Void> connect(NetClient client, String host, int port) {
        Promise<Void> connack = Promise.promise();
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                connack.fail(ar.cause());
                return;
            }
            socket = (NetSocketInternal) ar.result();
            ChannelPipeline p = socket.channelHandlerContext().pipeline();
            p.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
            p.addBefore("handler", "mqttDecoder", new MqttDecoder(64 * 1024));
            socket.messageHandler(m -> onMessage((MqttMessage) m, connack));
            socket.closeHandler(v -> onClose(connack));
            socket.writeMessage(MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_5)
                    .clientId(deviceId)
                    .cleanSession(true)
                    .keepAlive(0)
                    .hasUser(true).username(deviceId)
                    .hasPassword(true).password(token.getBytes(StandardCharsets.UTF_8))
                    .build());
        });
        return connack.future();
    }

    private void onMessage(MqttMessage m, Promise<Void> connack) {
        MqttMessageType type = m.fixedHeader().messageType();
        if (type == MqttMessageType.PUBACK) {
            Object vh = m.variableHeader();
            int id = ((MqttMessageIdVariableHeader) vh).messageId();
            int code = vh instanceof MqttPubReplyMessageVariableHeader r ? r.reasonCode() & 0xFF : 0;
            inflight--;
            stats.ack(sentAt[id & mask], code);
        } else if (type == MqttMessageType.CONNACK) {
            int code = ((MqttConnAckMessage) m).variableHeader().connectReturnCode().byteValue() & 0xFF;
            if (code == 0) {
                open = true;
                stats.connected.increment();
                connack.tryComplete();
            } else {
                connack.tryFail(String.format("CONNACK reason code 0x%02X", code));
                socket.close();
            }
        }
    }

    private void onClose(Promise<Void> connack) {
        if (open) stats.connected.decrement();
        open = false;
        stats.lost.add(inflight);
        inflight = 0;
        connack.tryFail("connection closed before CONNACK");
    }

    boolean canPublish() {
        return open && inflight < maxInflight && socket.channelHandlerContext().channel().isWritable();
    }

    boolean isOpen() {
        return open;
    }

    private long lastStamp;

    /** Starts the device's reading numbers at {@code first}: its overspeeds then fall at another phase than its neighbours'. */
    void startAt(long first) {
        seq = first;
    }

    /** Publishes the device's next reading at the QoS given. */
    void publish(MqttQoS qos, int overspeedEvery) {
        long n = seq++;
        // stamped like a device with a good clock: now, and 1 ms after its previous reading when sent within the same ms
        long ts = lastStamp = Math.max(System.currentTimeMillis(), lastStamp + 1);
        byte[] payload = Readings.json(n, ts, overspeedEvery);
        AlertWatcher w = alerts;
        if (w != null && Readings.overspeed(n, overspeedEvery)) w.published(deviceId, ts);
        int id = 0;
        if (qos != MqttQoS.AT_MOST_ONCE) {
            id = nextId;
            nextId = nextId == 65535 ? 1 : nextId + 1;
            sentAt[id & mask] = System.nanoTime();
            inflight++;
        }
        MqttPublishMessage msg = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
                new MqttPublishVariableHeader(topic, id), Unpooled.wrappedBuffer(payload));
        // written now, flushed once per timer tick by the shard: one syscall for a burst
        socket.channelHandlerContext().write(msg, socket.channelHandlerContext().voidPromise());
        dirty = true;
        stats.sent.increment();
    }

    /** Tells {@code watcher} when this device publishes an overspeed reading. */
    void watchAlerts(AlertWatcher watcher) {
        this.alerts = watcher;
    }

    /** Flushes what {@link #publish} wrote since the last flush. */
    void flush() {
        if (dirty) {
            dirty = false;
            socket.channelHandlerContext().flush();
        }
    }

    Future<Void> close() {
        if (socket == null) return Future.succeededFuture();
        if (open) {
            socket.writeMessage(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false,
                    MqttQoS.AT_MOST_ONCE, false, 0)));
        }
        return socket.close();
    }

    int inflight() {
        return inflight;
    }
}
