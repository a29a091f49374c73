package dev.vigil.gateway.alerts;

import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import dev.vigil.testkit.InfluxServer;
import dev.vigil.testkit.InfluxTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Alert events and last-seen times with every character line protocol escapes, stored through
 * {@link InfluxAlertStore} into a real influxd and read back exactly (tags with backslashes were
 * once stored as slashes).
 */
@InfluxTest
class AlertStoreEscapingTest {
    private static final String DEVICE = "elv 1,x=y\\z";

    @Test
    void awkwardEventAndLastSeenComeBackExactly(InfluxServer influx) {
        InfluxConfig config = InfluxConfig.defaults().withUrl(influx.url())
                .withDatabase(influx.freshDatabase("alert_escaping"));
        AlertEvent raised = new AlertEvent(DEVICE + "/trapped=1/1700000000000", AlertEvent.Kind.RAISED, DEVICE,
                "elevator", "乌海市 某物业, 有限公司=\"好\"", "wuhai\\haibowan", "trapped=1", 3, Level.ORANGE, null,
                1_700_000_000_000L, "say \"hi\"\nC:\\dir\\", Map.of("floor", 3, "door", "open"), null, null);
        AlertEvent acked = new AlertEvent(raised.alertId(), AlertEvent.Kind.ACKNOWLEDGED, DEVICE, "elevator",
                raised.enterprise(), raised.region(), "trapped=1", 3, Level.ORANGE, null, 1_700_000_001_000L,
                "acknowledged", Map.of(), "张三", "line1\nline2, \"quoted\" \\ end\\");
        InfluxAlertStore store = new InfluxAlertStore(config, 16);
        store.write(raised);
        store.write(acked);
        store.writeLastSeen(Map.of(DEVICE, 1_700_000_000_000L, DEVICE + "/speed", 1_700_000_000_500L));
        store.close();

        InfluxAlertStore reader = new InfluxAlertStore(config, 16);
        try {
            assertEquals(List.of(raised, acked), reader.loadEvents(0));
            assertEquals(Map.of(DEVICE, 1_700_000_000_000L, DEVICE + "/speed", 1_700_000_000_500L),
                    reader.loadLastSeen());
        } finally {
            reader.close();
        }
    }
}
