package dev.vigil.gateway.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.impl.MqttServerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Lets devices log in with a user name and no password (ThingsBoard's access-token convention).
 *
 * <p>Vert.x's MQTT server only reports credentials when both user name and password are present
 * (vertx-mqtt 5.0), so a ThingsBoard device that sends its token as the user name alone would look
 * anonymous. This adds a Netty handler right after the MQTT decoder that gives such a CONNECT an
 * empty password, which {@link MqttAuthenticator} then treats as a token-only login. It reaches
 * into the server's NetServer by reflection; if a future Vert.x changes that, the server still
 * works and only user-name-only logins are refused (a warning says so).
 *
 * <p>The same hook puts Netty's {@link FlushConsolidationHandler} in front of each connection, so
 * that the PUBACKs of readings stored in one batch are flushed with one system call.
 */
final class UsernameOnlyConnect extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UsernameOnlyConnect.class);

    private UsernameOnlyConnect() {}

    /** An MQTT server whose connections carry the patch. */
    static MqttServer createServer(Vertx vertx, MqttServerOptions options) {
        MqttServer server = MqttServer.create(vertx, options);
        try {
            Field f = MqttServerImpl.class.getDeclaredField("server");
            f.setAccessible(true);
            NetServer real = (NetServer) f.get(server);
            f.set(server, patched(real));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("MQTT log-ins with a user name and no password (ThingsBoard style) are not available: {}", e.toString());
        }
        return server;
    }

    @SuppressWarnings("unchecked")
    private static NetServer patched(NetServer real) {
        return (NetServer) Proxy.newProxyInstance(UsernameOnlyConnect.class.getClassLoader(), new Class<?>[]{NetServer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("connectHandler") && args != null && args.length == 1) {
                        Handler<NetSocket> h = (Handler<NetSocket>) args[0];
                        args = new Object[]{(Handler<NetSocket>) so -> {
                            h.handle(so);
                            ChannelPipeline p = ((NetSocketInternal) so).channelHandlerContext().pipeline();
                            if (p.get("mqttDecoder") != null) p.addAfter("mqttDecoder", "vigilUsernameOnly", new UsernameOnlyConnect());
                            // PUBACKs completed together (one storage batch) leave in one write, not one syscall each
                            p.addFirst("vigilFlushConsolidation", new FlushConsolidationHandler(256, true));
                        }};
                    }
                    try {
                        Object r = method.invoke(real, args);
                        return r == real ? proxy : r;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttConnectMessage m && m.variableHeader().hasUserName() && !m.variableHeader().hasPassword()) {
            MqttConnectVariableHeader h = m.variableHeader();
            MqttConnectPayload p = m.payload();
            msg = new MqttConnectMessage(m.fixedHeader(),
                    new MqttConnectVariableHeader(h.name(), h.version(), true, true, h.isWillRetain(), h.willQos(),
                            h.isWillFlag(), h.isCleanSession(), h.keepAliveTimeSeconds(), h.properties()),
                    new MqttConnectPayload(p.clientIdentifier(), p.willProperties(), p.willTopic(), p.willMessageInBytes(),
                            p.userName(), new byte[0]));
        }
        ctx.fireChannelRead(msg);
        if (msg instanceof MqttConnectMessage) ctx.pipeline().remove(this);
    }
}
