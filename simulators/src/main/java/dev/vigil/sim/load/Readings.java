package dev.vigil.sim.load;

import dev.vigil.lineprotocol.LineProtocolWriter;

import java.nio.charset.StandardCharsets;

/**
 * The elevator readings the load generator sends: as the JSON an elevator terminal publishes, and
 * as the InfluxDB line protocol the gateway would store for it (for the raw-InfluxDB baseline).
 * The readings are physically consistent (the car moves with its door closed; while it stands the
 * door opens and closes), so the default rules raise nothing on their own; every
 * {@code overspeedEvery}-th reading of a device runs at 3 m/s, above the default rated speed's
 * overspeed threshold, so the rules have exactly that to raise.
 */
final class Readings {
    private static final String[] DOORS = {"closed", "open", "closing", "opening"};
    private static final String[] DIRECTIONS = {"stop", "up", "down"};

    /**
     * For the raw-InfluxDB baseline, reading {@code seq} of a device is stamped {@code BASE + seq} ms:
     * one hour back, so the stamps stay unique per device at any rate (InfluxDB would merge two points
     * of one series with one time). The MQTT devices stamp their readings with the time they send
     * them instead (unique per device too): stamps an hour old made every alert's case overdue at
     * once (15 escalation events per alert) and measured that flood, not the alert path.
     */
    static final long BASE = (System.currentTimeMillis() / 1000 - 3600) * 1000;

    private Readings() {}

    static long ts(long seq) {
        return BASE + seq;
    }

    static boolean overspeed(long seq, int overspeedEvery) {
        return overspeedEvery > 0 && seq % overspeedEvery == overspeedEvery - 1;
    }

    private static String direction(long seq, int overspeedEvery) {
        return overspeed(seq, overspeedEvery) ? "up" : DIRECTIONS[(int) (seq % 3)];
    }

    private static boolean moving(long seq, int overspeedEvery) {
        return !"stop".equals(direction(seq, overspeedEvery));
    }

    private static double speed(long seq, int overspeedEvery) {
        if (overspeed(seq, overspeedEvery)) return 3.0;
        return moving(seq, overspeedEvery) ? 1.0 + (seq % 7) / 10.0 : 0.0;
    }

    /** Closed while the car moves; while it stands, the door goes through its cycle. */
    private static String door(long seq, int overspeedEvery) {
        return moving(seq, overspeedEvery) ? "closed" : DOORS[(int) (seq / 3 % 4)];
    }

    /** The JSON payload of reading {@code seq} of a device, taken at {@code ts}. */
    static byte[] json(long seq, long ts, int overspeedEvery) {
        String s = "{\"ts\":" + ts + ",\"floor\":" + (seq % 30) + ",\"direction\":\"" + direction(seq, overspeedEvery)
                + "\",\"door\":\"" + door(seq, overspeedEvery) + "\",\"occupied\":" + (seq % 2 == 0)
                + ",\"speed\":" + speed(seq, overspeedEvery) + ",\"running\":true}";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The same reading as one line of line protocol (millisecond precision), appended to the writer's buffer. */
    static void line(LineProtocolWriter w, String device, String enterprise, String region, long seq, long ts,
                     int overspeedEvery) {
        w.measurement("elevator").tag("device", device).tag("enterprise", enterprise).tag("region", region)
                .integerField("floor", seq % 30)
                .stringField("direction", direction(seq, overspeedEvery))
                .stringField("door", door(seq, overspeedEvery))
                .booleanField("occupied", seq % 2 == 0)
                .floatField("speed", speed(seq, overspeedEvery))
                .booleanField("running", true)
                .end(ts);
    }
}
