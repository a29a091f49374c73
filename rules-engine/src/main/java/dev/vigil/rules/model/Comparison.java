package dev.vigil.rules.model;

/**
 * One threshold condition: a value compared with a number, a range, or (for == and != on
 * boolean / enum fields) a literal. Evaluating it never allocates.
 *
 * @param op      operator
 * @param a       threshold, or range low end for between / outside
 * @param b       range high end for between / outside, else NaN
 * @param literal the value compared by == / != when it is not a number (String or Boolean), else null
 */
public record Comparison(Op op, double a, double b, Object literal) {

    /** True when the number satisfies the condition. */
    public boolean test(double x) {
        switch (op) {
            case GT: return x > a;
            case GE: return x >= a;
            case LT: return x < a;
            case LE: return x <= a;
            case EQ: return x == a;
            case NE: return x != a;
            case BETWEEN: return x >= a && x <= b;
            case OUTSIDE: return x < a || x > b;
            default: return false;
        }
    }

    /** True when the value (Number, String or Boolean) satisfies the condition. */
    public boolean test(Object v) {
        if (literal == null) return v instanceof Number n && test(n.doubleValue());
        boolean eq = literal.equals(v);
        return op == Op.EQ ? eq : op == Op.NE && !eq;
    }

    /**
     * The condition widened by a hysteresis band, used while an alert is open at this level so a
     * value must fall back past threshold − band (for > and >=) before the level is left.
     */
    public Comparison relaxed(double band) {
        if (band <= 0 || Double.isNaN(band) || literal != null) return this;
        return switch (op) {
            case GT, GE -> new Comparison(op, a - band, b, null);
            case LT, LE -> new Comparison(op, a + band, b, null);
            case BETWEEN -> new Comparison(op, a - band, b + band, null);
            case OUTSIDE -> new Comparison(op, a + band, b - band, null);
            default -> this;
        };
    }

    /** As written in a rule file, for messages: "> 35", "between 10 and 20", "== closed". */
    public String describe() {
        if (literal != null) return op.symbol() + " " + literal;
        if (op.ranged()) return op.symbol() + " " + fmt(a) + " and " + fmt(b);
        return op.symbol() + " " + fmt(a);
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
