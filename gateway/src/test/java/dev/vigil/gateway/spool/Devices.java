package dev.vigil.gateway.spool;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Real device clients for the fault tests: Paho MQTT 5 (QoS 1) and Californium CoAP, one elevator reading each. */
public final class Devices {
    private Devices() {}

    /** An elevator payload whose {@code ts} identifies the reading. */
    public static String elevator(long ts) {
        return "{\"ts\": " + ts + ", \"floor\": " + (ts % 50) + ", \"door\": \"closed\", \"running\": true}";
    }

    public static MqttAsyncClient mqtt(String uri, String id, String token) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, id + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(token.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code (0 = acknowledged), or -1 without PUBACK. */
    public static int publish(MqttAsyncClient c, String device, String payload) {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t;
        try {
            t = c.publish("devices/" + device + "/telemetry", m);
            t.waitForCompletion(10_000);
        } catch (MqttException e) {
            return e.getReasonCode() >= 0x80 ? e.getReasonCode() : -1;
        }
        return t.getReasonCodes() == null || t.getReasonCodes().length == 0 ? 0 : t.getReasonCodes()[0];
    }

    public static CoapClient coap(String uri) {
        Configuration c = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        c.set(CoapConfig.MAX_RETRANSMIT, 2);
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(c)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        CoapClient client = new CoapClient(uri);
        client.setEndpoint(ep);
        client.setTimeout(10_000L);
        return client;
    }

    /** POSTs one reading; the response, or null without one. */
    public static CoapResponse post(CoapClient c, String payload) {
        try {
            return c.post(payload, MediaTypeRegistry.APPLICATION_JSON);
        } catch (Exception e) {
            return null;
        }
    }
}
