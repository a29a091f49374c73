package dev.vigil.rules.yaml;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as written in rule files: "500ms", "20s", "10m", "4h", "1d", "1h30m", or seconds as a number. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {}

    /** Milliseconds, or -1 when the text is not a duration. */
    public static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) return -1;
        Matcher m = PART.matcher(s);
        int pos = 0;
        double total = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) return -1;
            double v = Double.parseDouble(m.group(1));
            total += v * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            pos = m.end();
        }
        return Math.round(total);
    }

    /** Short text for a duration, e.g. "20s", "1h30m". */
    public static String format(long ms) {
        if (ms == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        long h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, r = ms % 1000;
        if (h > 0) sb.append(h).append('h');
        if (m > 0) sb.append(m).append('m');
        if (s > 0) sb.append(s).append('s');
        if (r > 0) sb.append(r).append("ms");
        return sb.toString();
    }
}
