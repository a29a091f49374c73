package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.Telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random reading streams for the shipped profiles: values that often repeat (so durations,
 * counts and flat lines complete) and often cross thresholds, gaps from seconds to hours, ticks,
 * out-of-order readings, live readings with and without clock drift, positions in and out of the
 * Wuhai zones, and HJ 212 hourly averages for CEMS.
 */
final class RandomStreams {
    private static final double[][] PLACES = {{106.79, 39.62}, {106.86, 39.86}, {106.8602, 39.859}, {106.905, 39.765}, {106.75, 39.70}};

    private RandomStreams() {}

    static List<DeviceStateTest.Step> steps(Random rnd, List<Device> devices, Map<String, DeviceProfile> profiles, int n) {
        List<DeviceStateTest.Step> out = new ArrayList<>();
        Map<String, Object[]> last = new HashMap<>();
        long now = FuzzSamples.T0;
        for (int k = 0; k < n; k++) {
            int g = rnd.nextInt(100);
            now += g < 70 ? 1_000L * (1 + rnd.nextInt(30)) : g < 90 ? 1_000L * (30 + rnd.nextInt(270))
                    : g < 98 ? 60_000L * (5 + rnd.nextInt(35)) : 60_000L * (60 + rnd.nextInt(120));
            if (rnd.nextInt(100) < 15) {
                long t = now;
                out.add(e -> e.onTick(t));
                continue;
            }
            Device d = devices.get(rnd.nextInt(devices.size()));
            DeviceProfile p = profiles.get(d.profile());
            Object[] prev = last.computeIfAbsent(d.id(), x -> new Object[p.fields().size()]);
            Object[] values = new Object[p.fields().size()];
            double[] place = PLACES[rnd.nextInt(PLACES.length)];
            for (int i = 0; i < values.length; i++) {
                FieldSpec f = p.fields().get(i);
                if (f.name().equals("period")) continue;
                if (rnd.nextInt(100) < 15) continue; // absent from this reading
                Object v = prev[i] != null && rnd.nextInt(100) < 65 ? prev[i] : value(rnd, f, place);
                values[i] = v;
                prev[i] = v;
            }
            long t = now - (rnd.nextInt(100) < 3 ? 1_000L * rnd.nextInt(120) : 0);
            int period = p.index("period");
            if (period >= 0 && rnd.nextInt(100) < 10) {
                values[period] = "hour";
                t = Math.floorDiv(t, 3_600_000L) * 3_600_000L;
            }
            Telemetry r = new Telemetry(d, p, t, values, "random");
            if (values[Math.max(period, 0)] == null || period < 0) {
                int c = rnd.nextInt(100);
                if (c < 50) r = r.arrived(t + rnd.nextInt(5_000));
                else if (c < 56) r = r.arrived(t + (rnd.nextBoolean() ? 1 : -1) * 60_000L * (2 + rnd.nextInt(30)));
            }
            Telemetry reading = r;
            out.add(e -> e.onTelemetry(reading));
        }
        return out;
    }

    private static Object value(Random rnd, FieldSpec f, double[] place) {
        if (f.name().equals("lon")) return place[0] + (rnd.nextDouble() - 0.5) * 0.002;
        if (f.name().equals("lat")) return place[1] + (rnd.nextDouble() - 0.5) * 0.002;
        double lo = f.min() == null ? 0 : f.min();
        double hi = f.max() == null ? 200 : Math.min(f.max(), lo + 1000);
        double x = lo + rnd.nextDouble() * (hi - lo);
        return switch (f.type()) {
            case NUMBER -> Math.round(x * 10) / 10.0;
            case INTEGER -> (long) x;
            case BOOLEAN -> rnd.nextBoolean();
            case ENUM -> f.values().get(rnd.nextInt(f.values().size()));
            case STRING -> "s" + rnd.nextInt(3);
        };
    }
}
