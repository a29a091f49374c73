package dev.vigil.sim.hj212;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The measurements of a simulated CEMS station (typical ultra-low-emission values) by HJ 212-2017
 * pollutant code, and the samples of the current minute and hour for their Avg / Min / Max.
 */
final class StationValues {
    /** Code, base value, noise sigma. */
    private static final Object[][] CODES = {
            {"a21026", 18.0, 1.5}, {"a21002", 32.0, 2.5}, {"a34013", 2.5, 0.4}, {"a19001", 6.5, 0.3},
            {"a01011", 14.0, 0.8}, {"a01012", 50.0, 1.0}, {"a01013", -0.3, 0.1}, {"a01014", 11.0, 0.6},
    };

    private final Random random;
    private final double so2Target;
    private final long rampMillis;
    private final Map<String, List<Double>> minute = new LinkedHashMap<>();
    private final Map<String, List<Double>> hour = new LinkedHashMap<>();

    /**
     * @param so2Target  SO₂ the exceedance scenario ramps to (NaN for none)
     * @param rampMillis how long the ramp takes
     */
    StationValues(long seed, double so2Target, long rampMillis) {
        this.random = new Random(seed);
        this.so2Target = so2Target;
        this.rampMillis = Math.max(1, rampMillis);
    }

    /** One real-time sample of every code, remembered for the minute and hour aggregates. */
    Map<String, Double> sample(long elapsedMillis) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Object[] c : CODES) {
            double base = (double) c[1];
            if (c[0].equals("a21026") && !Double.isNaN(so2Target)) {
                base += (so2Target - base) * Math.min(1.0, (double) elapsedMillis / rampMillis);
            }
            double v = Math.round((base + random.nextGaussian() * (double) c[2]) * 100) / 100.0;
            if (!c[0].equals("a01013")) v = Math.max(0, v);
            out.put((String) c[0], v);
        }
        out.put("a00000", Math.round(out.get("a01011") * 19.6 * 100) / 100.0); // 5 m diameter stack
        out.forEach((k, v) -> {
            minute.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            hour.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        });
        return out;
    }

    /** Avg, Min, Max of each code over the minute (and forgets it). */
    Map<String, double[]> takeMinute() {
        return take(minute);
    }

    /** Avg, Min, Max of each code over the hour (and forgets it). */
    Map<String, double[]> takeHour() {
        return take(hour);
    }

    private static Map<String, double[]> take(Map<String, List<Double>> samples) {
        Map<String, double[]> out = new LinkedHashMap<>();
        samples.forEach((k, l) -> {
            if (l.isEmpty()) return;
            double sum = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (double v : l) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            out.put(k, new double[] {Math.round(sum / l.size() * 1000) / 1000.0, min, max});
        });
        samples.clear();
        return out;
    }
}
