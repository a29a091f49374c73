package dev.vigil.rules;

/**
 * The four early-warning levels of China's emergency-response law, lowest first:
 * blue 蓝 (一般), yellow 黄 (较重), orange 橙 (严重), red 红 (特别严重).
 */
public enum Level {
    BLUE("蓝色预警", "blue"),
    YELLOW("黄色预警", "yellow"),
    ORANGE("橙色预警", "orange"),
    RED("红色预警", "red");

    private final String labelZh;
    private final String labelEn;

    Level(String labelZh, String labelEn) {
        this.labelZh = labelZh;
        this.labelEn = labelEn;
    }

    public String labelZh() { return labelZh; }

    /** Lower-case English name, as written in rule files and the API. */
    public String labelEn() { return labelEn; }

    /** Parses "blue", "yellow", "orange", "red" (any case), or null if it is none of them. */
    public static Level parse(String s) {
        if (s == null) return null;
        for (Level l : values()) if (l.labelEn.equalsIgnoreCase(s.trim())) return l;
        return null;
    }
}
