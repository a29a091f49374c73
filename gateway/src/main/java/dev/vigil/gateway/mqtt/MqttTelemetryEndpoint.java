package dev.vigil.gateway.mqtt;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.gateway.security.AuthGuardLog;
import dev.vigil.gateway.security.ServerTls;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The gateway's own MQTT endpoint (MQTT 3.1.1 and 5, plain and over TLS): devices connect with their
 * id and token (or, over TLS, with a client certificate whose CN is their id),
 * publish telemetry to their own topic at QoS 0 or 1, and get the PUBACK only once storage has
 * accepted the reading; refusals carry an MQTT 5 reason code and reason string.
 */
public final class MqttTelemetryEndpoint extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetryEndpoint.class);
    private static final int MQTT_5 = 5;

    private final GatewayConfig.Mqtt config;
    private final int maxPayloadBytes;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final ConcurrentMap<String, Session> sessions;
    private final AuthGuard guard;
    private MqttServer server;
    private MqttServer tlsServer;

    /**
     * @param sessions connected devices, shared by every instance of the endpoint (a second
     *                 connection of the same device takes the session over)
     */
    public MqttTelemetryEndpoint(GatewayConfig.Mqtt config, int maxPayloadBytes, Supplier<DeviceRegistry> registry,
                                 TelemetryPipeline pipeline, ConcurrentMap<String, Session> sessions, AuthGuard guard) {
        this.guard = guard;
        this.config = config;
        this.maxPayloadBytes = maxPayloadBytes;
        this.registry = registry;
        this.pipeline = pipeline;
        this.sessions = sessions;
    }

    /** A fresh map for {@code sessions}. */
    public static ConcurrentMap<String, Session> newSessionMap() {
        return new ConcurrentHashMap<>();
    }

    /** One connected device. */
    public static final class Session {
        final MqttEndpoint endpoint;
        final Context context;
        final Device device;
        Future<Void> ackChain = Future.succeededFuture();

        Session(MqttEndpoint endpoint, Context context, Device device) {
            this.endpoint = endpoint;
            this.context = context;
            this.device = device;
        }
    }

    @Override
    public Future<?> start() {
        server = createServer(baseOptions().setPort(config.port()));
        Future<?> plain = server.listen().onSuccess(s -> LOG.info("MQTT endpoint listening on {}:{}", config.host(), s.actualPort()));
        if (!config.tls()) return plain;
        return plain.compose(v -> {
            MqttServerOptions tls = ServerTls.apply(baseOptions().setPort(config.tlsPort()), config.certFile(), config.keyFile(),
                    config.clientCaFile(), config.clientAuth());
            try {
                tlsServer = createServer(tls);
            } catch (RuntimeException e) { // Vert.x checks the PEM files when the server is made
                return Future.failedFuture(tlsProblem(e));
            }
            return tlsServer.listen()
                    .recover(t -> Future.failedFuture(tlsProblem(t)))
                    .onSuccess(s -> LOG.info("MQTT over TLS listening on {}:{} (client certificates: {})", config.host(),
                            s.actualPort(), config.clientAuth()));
        });
    }

    private MqttServerOptions baseOptions() {
        // Leave room above the payload limit so an oversized payload is refused with a reason
        // instead of the decoder dropping the connection.
        int maxMessage = maxPayloadBytes + 64 * 1024;
        return new MqttServerOptions()
                .setHost(config.host())
                .setMaxMessageSize(maxMessage)
                .setTimeoutOnConnect(30);
    }

    private MqttServer createServer(MqttServerOptions options) {
        MqttServer s = UsernameOnlyConnect.createServer(vertx, options);
        s.endpointHandler(this::onConnect);
        s.exceptionHandler(t -> LOG.debug("MQTT connection error: {}", t.toString()));
        return s;
    }

    /** A TLS start-up failure that names the configured files (a bad PEM file, a key that does not match). */
    private Exception tlsProblem(Throwable t) {
        if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
            return new IllegalStateException("MQTT over TLS cannot bind " + config.host() + ":" + config.tlsPort() + " (mqtt.tls_port): "
                    + t.getMessage(), t);
        }
        String files = "mqtt.cert_file " + config.certFile() + ", mqtt.key_file " + config.keyFile()
                + (config.clientCaFile() == null ? "" : ", mqtt.client_ca_file " + config.clientCaFile());
        return new IllegalStateException("MQTT over TLS cannot start with " + files + ": " + t.getMessage(), t);
    }

    @Override
    public Future<?> stop() {
        Future<?> tls = tlsServer == null ? Future.succeededFuture() : tlsServer.close();
        return tls.eventually(() -> server == null ? Future.succeededFuture() : server.close());
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /** The port of MQTT over TLS actually bound, or -1 when TLS is off. */
    public int actualTlsPort() {
        return tlsServer == null ? -1 : tlsServer.actualPort();
    }

    private void onConnect(MqttEndpoint endpoint) {
        boolean v5 = endpoint.protocolVersion() == MQTT_5;
        String address = endpoint.remoteAddress() == null ? "unknown" : endpoint.remoteAddress().host();
        long blocked = guard.blockedFor(address);
        if (blocked > 0) {
            String why = "address " + address + " is refused for " + ((blocked + 999) / 1000) + " s after repeated failed log-ins";
            pipeline.refused("mqtt", address, new Rejection(Rejection.Reason.AUTH_BLOCKED, why));
            if (v5) {
                endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED, MqttReasons.reasonString(why));
            } else {
                endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            }
            return;
        }
        ServerTls.PeerCertificate cert = endpoint.isSsl() ? ServerTls.peerCertificate(endpoint.sslSession()) : null;
        MqttAuthenticator.Result auth = cert != null
                ? MqttAuthenticator.authenticate(registry.get(), cert, endpoint.auth(), endpoint.clientIdentifier())
                : MqttAuthenticator.authenticate(registry.get(), endpoint.auth());
        if (!auth.ok()) {
            if (guard.failed(address)) AuthGuardLog.blocked("mqtt", address, guard);
            String who = endpoint.remoteAddress() + " (client id '" + endpoint.clientIdentifier() + "'"
                    + (cert == null ? "" : ", certificate CN '" + cert.commonName() + "', subject " + cert.subject()) + ")";
            pipeline.refused("mqtt", who, new Rejection(auth.notAuthorized() ? Rejection.Reason.NOT_AUTHORIZED : Rejection.Reason.BAD_CREDENTIALS,
                    "connection refused: " + auth.refusal()));
            if (v5) {
                endpoint.reject(auth.notAuthorized() ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD, MqttReasons.reasonString(auth.refusal()));
            } else {
                endpoint.reject(auth.notAuthorized() ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED
                        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            }
            return;
        }
        Device device = auth.device();
        Session session = new Session(endpoint, vertx.getOrCreateContext(), device);
        Session previous = sessions.put(device.id(), session);
        if (previous != null) takeOver(previous);

        endpoint.publishAutoAck(false);
        endpoint.publishHandler(m -> onPublish(session, m, v5));
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(s -> onSubscribe(endpoint, s, v5));
        endpoint.unsubscribeHandler(u -> endpoint.unsubscribeAcknowledge(u.messageId()));
        endpoint.closeHandler(v -> sessions.remove(device.id(), session));
        endpoint.exceptionHandler(t -> LOG.debug("MQTT error on device {}: {}", device.id(), t.toString()));

        if (v5) {
            MqttProperties p = new MqttProperties();
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), config.receiveMaximum()));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), maxPayloadBytes + 64 * 1024));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
            endpoint.accept(false, p);
        } else {
            endpoint.accept(false);
        }
        LOG.debug("device {} connected over MQTT {}{} from {}", device.id(), v5 ? "5" : "3.1.1",
                cert != null ? " over TLS with its certificate" : endpoint.isSsl() ? " over TLS" : "", endpoint.remoteAddress());
    }

    private void takeOver(Session old) {
        old.context.runOnContext(v -> {
            if (!old.endpoint.isConnected()) return;
            LOG.info("device {} connected again; closing its previous connection", old.device.id());
            if (old.endpoint.protocolVersion() == MQTT_5) {
                // sends DISCONNECT 0x8E and closes the connection itself: closing it again would throw
                old.endpoint.disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER,
                        MqttReasons.reasonString("another connection of device " + old.device.id() + " took the session over"));
            } else {
                old.endpoint.close(); // MQTT 3.1.1 has no server DISCONNECT: closing is the takeover
            }
        });
    }

    private void onPublish(Session session, MqttPublishMessage m, boolean v5) {
        long now = System.currentTimeMillis();
        String deviceId = session.device.id();
        Future<Void> result;
        try {
            MqttTopics.checkPublish(deviceId, m.topicName());
            result = pipeline.accept(new RawMessage("mqtt", deviceId, m.payload().getBytes(), formatOf(m), now));
        } catch (Rejection r) {
            pipeline.refused("mqtt", deviceId, r);
            result = Future.failedFuture(r);
        }
        if (m.qosLevel() == MqttQoS.AT_MOST_ONCE) return;
        Future<Void> outcome = result;
        // Acknowledge in the order the messages arrived, whatever order storage completes them in.
        session.ackChain = session.ackChain.transform(ignored -> outcome.transform(ar -> {
            acknowledge(session, m, ar.succeeded() ? null : ar.cause(), v5);
            return Future.<Void>succeededFuture();
        }));
    }

    private static RawMessage.Format formatOf(MqttPublishMessage m) {
        MqttProperties.MqttProperty<?> ct = m.properties() == null ? null
                : m.properties().getProperty(MqttProperties.MqttPropertyType.CONTENT_TYPE.value());
        return ct != null && "application/cbor".equals(ct.value()) ? RawMessage.Format.CBOR : RawMessage.Format.JSON;
    }

    private void acknowledge(Session session, MqttPublishMessage m, Throwable failure, boolean v5) {
        MqttEndpoint endpoint = session.endpoint;
        if (!endpoint.isConnected()) return;
        int id = m.messageId();
        if (failure == null) {
            if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) endpoint.publishReceived(id);
            else endpoint.publishAcknowledge(id);
            return;
        }
        Rejection r = failure instanceof Rejection rej ? rej
                : new Rejection(Rejection.Reason.STORAGE_FAILED, "internal error: " + failure.getMessage());
        if (v5) {
            MqttPubAckReasonCode code = MqttReasons.pubAck(r.reason());
            if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) {
                endpoint.publishReceived(id, io.vertx.mqtt.messages.codes.MqttPubRecReasonCode.valueOf(code.value()),
                        MqttReasons.reasonString(r.getMessage()));
            } else {
                endpoint.publishAcknowledge(id, code, MqttReasons.reasonString(r.getMessage()));
            }
        } else if (r.reason() == Rejection.Reason.STORAGE_FAILED || r.reason() == Rejection.Reason.OVERLOADED) {
            // MQTT 3.1.1 has no negative acknowledgement: never acknowledge what was not stored.
            LOG.warn("closing the MQTT 3.1.1 connection of device {} (it has no negative acknowledgement): {}",
                    session.device.id(), r.getMessage());
            endpoint.close();
        } else {
            // Refused for good (bad payload or topic): acknowledge so the device does not resend it forever.
            if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) endpoint.publishReceived(id);
            else endpoint.publishAcknowledge(id);
        }
    }

    private static void onSubscribe(MqttEndpoint endpoint, MqttSubscribeMessage s, boolean v5) {
        List<MqttSubAckReasonCode> codes = new ArrayList<>();
        s.topicSubscriptions().forEach(t -> codes.add(MqttSubAckReasonCode.NOT_AUTHORIZED));
        if (v5) {
            endpoint.subscribeAcknowledge(s.messageId(), codes,
                    MqttReasons.reasonString("this endpoint takes telemetry only; subscriptions are not offered"));
        } else {
            List<MqttQoS> failures = new ArrayList<>();
            s.topicSubscriptions().forEach(t -> failures.add(MqttQoS.FAILURE));
            endpoint.subscribeAcknowledge(s.messageId(), failures);
        }
    }
}
