package dev.vigil.gateway.health;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterStatusTest {

    @Test
    void readyOnlyWhenEveryReportedAdapterIsUp() {
        AdapterStatus s = new AdapterStatus();
        assertTrue(s.allUp(), "no adapter reported: nothing is down");
        s.starting("coap", "binding udp 5683");
        s.up("mqtt", "listening on 0.0.0.0:1883");
        assertFalse(s.allUp());
        s.up("coap", "started on udp 5683");
        assertTrue(s.allUp());
        s.down("modbus", "poller stopped: unit 3 unreachable");
        assertFalse(s.allUp());
        assertEquals(List.of("coap", "modbus", "mqtt"), List.copyOf(s.snapshot().keySet()));
        assertEquals(AdapterStatus.State.DOWN, s.get("modbus").state());
        assertEquals("poller stopped: unit 3 unreachable", s.get("modbus").detail());
        s.remove("modbus");
        assertTrue(s.allUp());
    }

    @Test
    void repeatingTheSameReportKeepsItsSinceTime() throws Exception {
        AdapterStatus s = new AdapterStatus();
        s.down("bridge", "connection lost");
        long since = s.get("bridge").sinceMillis();
        Awaitility.await("the clock to move on").atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > since);
        s.down("bridge", "connection lost");
        assertEquals(since, s.get("bridge").sinceMillis());
        s.down("bridge", "reconnecting");
        assertEquals("reconnecting", s.get("bridge").detail());
    }
}
