package dev.vigil.gateway.cluster;

import dev.vigil.gateway.spool.Devices;
import dev.vigil.testkit.InfluxServer;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.KafkaBroker;
import dev.vigil.testkit.QueryResult;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka goes away under a cluster gateway (its own broker, SIGKILLed): devices are refused in
 * their protocols' terms (PUBACK 0x83, CoAP 5.03) instead of being acknowledged, and once the
 * broker is back the gateway takes readings again and every reading it acknowledged is stored.
 */
@Tag("cluster")
@InfluxTest
class ClusterKafkaOutageTest {
    @TempDir
    Path dir;
    private KafkaBroker kafka;
    private ClusterSite site;
    private MqttAsyncClient mqtt;
    private CoapClient coap;

    @AfterEach
    void tearDown() throws Exception {
        if (mqtt != null) {
            try {
                mqtt.disconnectForcibly(1000);
                mqtt.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        if (coap != null) coap.shutdown();
        if (site != null) site.closeAll();
        if (kafka != null) kafka.close();
    }

    @Test
    void withKafkaDownDevicesAreRefusedNotAcknowledgedAndNothingAcknowledgedIsLost(InfluxServer influx) throws Exception {
        kafka = KafkaBroker.start();
        site = new ClusterSite(dir, kafka, influx, "c6", Map.of("elv-6", "elevator", "elv-7", "elevator"), Map.of(), null);
        ClusterGateway g = site.gateway("gw-a").start();
        mqtt = Devices.mqtt(g.mqttUri(), "elv-6", site.tokens.get("elv-6"));
        coap = Devices.coap("coap://127.0.0.1:" + g.coapPort + "/api/v1/" + site.tokens.get("elv-7") + "/telemetry");
        Set<Long> acked = new HashSet<>();
        Set<Long> refused = new HashSet<>();
        long ts = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < 5; i++, ts++) {
            assertEquals(0, Devices.publish(mqtt, "elv-6", Devices.elevator(ts)));
            acked.add(ts);
        }
        kafka.kill();
        // Kafka does not acknowledge: after cluster.produce_timeout_ms the device is refused, in its protocol's terms
        long refusedTs = ++ts;
        assertEquals(0x83, Devices.publish(mqtt, "elv-6", Devices.elevator(refusedTs)), "PUBACK while Kafka is down");
        refused.add(refusedTs);
        CoapResponse down = Devices.post(coap, Devices.elevator(++ts));
        assertNotNull(down, "a CoAP answer while Kafka is down");
        assertEquals(CoAP.ResponseCode.SERVICE_UNAVAILABLE, down.getCode());
        assertTrue(down.getOptions().hasMaxAge(), "5.03 says when to try again (Max-Age)");
        kafka.restart();
        // the device sends again until the gateway takes it (a real device retries the same way)
        List<Long> retried = new ArrayList<>();
        long[] next = {ts + 1};
        await("the gateway takes readings again").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long t = next[0]++;
            int code = Devices.publish(mqtt, "elv-6", Devices.elevator(t));
            (code == 0 ? acked : refused).add(t);
            retried.add(t);
            return code == 0;
        });
        for (int i = 0; i < 5; i++) {
            long t = next[0]++;
            assertEquals(0, Devices.publish(mqtt, "elv-6", Devices.elevator(t)));
            acked.add(t);
        }
        CoapResponse up = Devices.post(coap, Devices.elevator(next[0]++));
        assertNotNull(up);
        assertEquals(CoAP.ResponseCode.CHANGED, up.getCode());
        // every acknowledged reading is in InfluxDB; a refused one may be there too (Kafka may have written it before it died)
        await("every acknowledged reading stored").atMost(Duration.ofSeconds(60)).until(() -> stored().containsAll(acked));
        Set<Long> stored = stored();
        Set<Long> allowed = new HashSet<>(acked);
        allowed.addAll(refused);
        assertTrue(allowed.containsAll(stored), "only readings that were sent are stored: " + stored);
        System.out.printf("kafka outage: %d acknowledged, %d refused, %d attempts until the gateway took readings again%n",
                acked.size(), refused.size(), retried.size());
    }

    private Set<Long> stored() {
        Set<Long> out = new HashSet<>();
        QueryResult r = site.query("SELECT floor FROM elevator WHERE device = 'elv-6'");
        if (r.series().isEmpty()) return out;
        for (List<Object> row : r.series().get(0).values()) out.add(((Number) row.get(0)).longValue());
        return out;
    }
}
