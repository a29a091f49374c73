package dev.vigil.gateway.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the Prometheus text format into "name{labels}" → value, for assertions. */
final class PrometheusText {
    private PrometheusText() {}

    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** The sample's value; fails naming the sample and the similar ones when it is missing. */
    static double value(Map<String, Double> samples, String key) {
        Double v = samples.get(key);
        if (v == null) {
            String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            StringBuilder similar = new StringBuilder();
            samples.keySet().stream().filter(k -> k.startsWith(name)).forEach(k -> similar.append("\n  ").append(k));
            throw new AssertionError("no sample " + key + "; samples of " + name + ":" + similar);
        }
        return v;
    }
}
