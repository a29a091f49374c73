package dev.vigil.rules.model;

/** Comparison operators of threshold-style conditions. */
public enum Op {
    GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!="), BETWEEN("between"), OUTSIDE("outside");

    private final String symbol;

    Op(String symbol) { this.symbol = symbol; }

    /** As written in rule files. */
    public String symbol() { return symbol; }

    /** True for the operators that take a two-number range. */
    public boolean ranged() { return this == BETWEEN || this == OUTSIDE; }

    /** The operator written this way, or null. */
    public static Op parse(String s) {
        for (Op o : values()) if (o.symbol.equals(s)) return o;
        return null;
    }
}
