package dev.vigil.rules.eval;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.vigil.profile.DeviceProfile;

import java.util.List;
import java.util.Map;

/**
 * Direct Java evaluation of the simple CEL expressions rules are mostly made of: fields and
 * parameters compared with constants or with each other ({@code ==, !=, <, <=, >, >=}), double
 * arithmetic ({@code 1.2 * rated_speed}), boolean fields and {@code &&, ||, !} of those. The CEL
 * checker's types decide at compile time whether an expression qualifies; anything else (functions,
 * macros, {@code in}, ternaries, integer arithmetic, string ordering) returns null from
 * {@link #compile} and stays with the CEL interpreter.
 *
 * <p>Evaluation reads the device's latest values by their precompiled field index and does not
 * allocate. It answers {@link #TRUE} or {@link #FALSE} only when the result is certain to be what
 * CEL gives; whenever CEL could fail or convert (a field never reported, a value of an unexpected
 * Java type, an integer too large for an exact double comparison) it answers {@link #DEFER} and the
 * caller asks the interpreter. {@code &&} and {@code ||} go left to right as CEL-Java's interpreter
 * does: {@code false && x} is false and {@code true || x} is true without looking at x; an
 * uncertain left side defers the whole expression (CEL may absorb an error there, or not).
 */
abstract class FastExpr {
    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int DEFER = 2;

    /** Largest magnitude for which a long converts to a double exactly. */
    private static final long EXACT = 1L << 53;

    /** {@link #TRUE}, {@link #FALSE} or {@link #DEFER}. */
    abstract int test(EvalContext c);

    /**
     * The fast form of a checked CEL expression, or null when it is not simple enough.
     *
     * @param params CEL types of the device parameters the expression may read
     */
    static FastExpr compile(CelAbstractSyntaxTree ast, DeviceProfile profile, Map<String, CelType> params) {
        if (!SimpleType.BOOL.equals(ast.getResultType())) return null;
        try {
            return new Builder(ast, profile, params).bool(ast.getExpr());
        } catch (NotSimple e) {
            return null;
        }
    }

    /** Thrown while building when a sub-expression has no fast form. */
    private static final class NotSimple extends Exception {
        NotSimple() { super(null, null, false, false); }
    }

    private static final class Builder {
        private final CelAbstractSyntaxTree ast;
        private final DeviceProfile profile;
        private final Map<String, CelType> params;

        Builder(CelAbstractSyntaxTree ast, DeviceProfile profile, Map<String, CelType> params) {
            this.ast = ast;
            this.profile = profile;
            this.params = params;
        }

        private CelType type(dev.cel.common.ast.CelExpr e) throws NotSimple {
            return ast.getType(e.id()).orElseThrow(NotSimple::new);
        }

        FastExpr bool(dev.cel.common.ast.CelExpr e) throws NotSimple {
            if (!SimpleType.BOOL.equals(type(e))) throw new NotSimple();
            switch (e.getKind()) {
                case CONSTANT -> {
                    CelConstant k = e.constant();
                    if (k.getKind() != CelConstant.Kind.BOOLEAN_VALUE) throw new NotSimple();
                    return k.booleanValue() ? Const.T : Const.F;
                }
                case IDENT -> {
                    return new BoolVar(slot(e.ident().name()));
                }
                case CALL -> {
                    var call = e.call();
                    if (call.target().isPresent()) throw new NotSimple();
                    List<dev.cel.common.ast.CelExpr> a = call.args();
                    String f = call.function();
                    if (f.equals("!_") && a.size() == 1) return new Not(bool(a.get(0)));
                    if (a.size() != 2) throw new NotSimple();
                    switch (f) {
                        case "_&&_": return new And(bool(a.get(0)), bool(a.get(1)));
                        case "_||_": return new Or(bool(a.get(0)), bool(a.get(1)));
                        default: return compare(f, a.get(0), a.get(1));
                    }
                }
                default -> throw new NotSimple();
            }
        }

        private FastExpr compare(String f, dev.cel.common.ast.CelExpr l, dev.cel.common.ast.CelExpr r) throws NotSimple {
            int op = switch (f) {
                case "_==_" -> Cmp.EQ;
                case "_!=_" -> Cmp.NE;
                case "_<_" -> Cmp.LT;
                case "_<=_" -> Cmp.LE;
                case "_>_" -> Cmp.GT;
                case "_>=_" -> Cmp.GE;
                default -> throw new NotSimple();
            };
            CelType lt = type(l), rt = type(r);
            if (numeric(lt) && numeric(rt)) return new Cmp(op, num(l), num(r));
            boolean eq = op == Cmp.EQ || op == Cmp.NE;
            if (eq && SimpleType.STRING.equals(lt) && SimpleType.STRING.equals(rt)) return new StrEq(op == Cmp.NE, str(l), str(r));
            if (eq && SimpleType.BOOL.equals(lt) && SimpleType.BOOL.equals(rt)) return new BoolEq(op == Cmp.NE, bool(l), bool(r));
            throw new NotSimple();
        }

        private static boolean numeric(CelType t) {
            return SimpleType.DOUBLE.equals(t) || SimpleType.INT.equals(t);
        }

        Num num(dev.cel.common.ast.CelExpr e) throws NotSimple {
            CelType t = type(e);
            boolean isInt = SimpleType.INT.equals(t);
            if (!isInt && !SimpleType.DOUBLE.equals(t)) throw new NotSimple();
            switch (e.getKind()) {
                case CONSTANT -> {
                    CelConstant k = e.constant();
                    if (k.getKind() == CelConstant.Kind.INT64_VALUE && isInt) return new NumConst(k.int64Value());
                    if (k.getKind() == CelConstant.Kind.DOUBLE_VALUE && !isInt) return new NumConst(k.doubleValue());
                    throw new NotSimple();
                }
                case IDENT -> {
                    return new NumVar(slot(e.ident().name()), isInt);
                }
                case CALL -> {
                    var call = e.call();
                    // only double arithmetic: IEEE in CEL as in Java (integer arithmetic has overflow errors)
                    if (isInt || call.target().isPresent()) throw new NotSimple();
                    List<dev.cel.common.ast.CelExpr> a = call.args();
                    if (call.function().equals("-_") && a.size() == 1) return new Arith('n', num(a.get(0)), null);
                    if (a.size() != 2) throw new NotSimple();
                    char op = switch (call.function()) {
                        case "_+_" -> '+';
                        case "_-_" -> '-';
                        case "_*_" -> '*';
                        case "_/_" -> '/';
                        default -> throw new NotSimple();
                    };
                    Num x = num(a.get(0)), y = num(a.get(1));
                    if (x.isInt || y.isInt) throw new NotSimple();
                    return new Arith(op, x, y);
                }
                default -> throw new NotSimple();
            }
        }

        private Str str(dev.cel.common.ast.CelExpr e) throws NotSimple {
            switch (e.getKind()) {
                case CONSTANT -> {
                    CelConstant k = e.constant();
                    if (k.getKind() != CelConstant.Kind.STRING_VALUE) throw new NotSimple();
                    return new Str(-1, null, k.stringValue());
                }
                case IDENT -> {
                    Slot s = slot(e.ident().name());
                    return new Str(s.field, s.param, null);
                }
                default -> throw new NotSimple();
            }
        }

        /** A field (by index) or a device parameter, as the CEL resolver of {@link EvalContext} looks it up. */
        private Slot slot(String name) throws NotSimple {
            int i = profile.index(name);
            if (i >= 0) return new Slot(i, null);
            if (params.containsKey(name)) return new Slot(-1, name);
            throw new NotSimple();
        }
    }

    /** Where a variable's value comes from: a field index, else a parameter name. */
    private record Slot(int field, String param) {
        /** The value CEL would see, or null when it has none (CEL fails). Parameters are raw: callers convert as {@link Params#coerce}. */
        Object raw(EvalContext c) {
            return field >= 0 ? c.device().last[field] : c.rawParam(param);
        }
    }

    private static final class Const extends FastExpr {
        static final Const T = new Const(TRUE);
        static final Const F = new Const(FALSE);
        private final int v;

        private Const(int v) { this.v = v; }

        @Override
        int test(EvalContext c) { return v; }
    }

    private static final class BoolVar extends FastExpr {
        private final Slot slot;

        BoolVar(Slot slot) { this.slot = slot; }

        @Override
        int test(EvalContext c) {
            Object v = slot.raw(c);
            if (v instanceof Boolean b) return b ? TRUE : FALSE;
            return DEFER;
        }
    }

    private static final class Not extends FastExpr {
        private final FastExpr x;

        Not(FastExpr x) { this.x = x; }

        @Override
        int test(EvalContext c) {
            int r = x.test(c);
            return r == DEFER ? DEFER : 1 - r;
        }
    }

    private static final class And extends FastExpr {
        private final FastExpr l;
        private final FastExpr r;

        And(FastExpr l, FastExpr r) {
            this.l = l;
            this.r = r;
        }

        @Override
        int test(EvalContext c) {
            int a = l.test(c);
            return a == TRUE ? r.test(c) : a;
        }
    }

    private static final class Or extends FastExpr {
        private final FastExpr l;
        private final FastExpr r;

        Or(FastExpr l, FastExpr r) {
            this.l = l;
            this.r = r;
        }

        @Override
        int test(EvalContext c) {
            int a = l.test(c);
            return a == FALSE ? r.test(c) : a;
        }
    }

    private static final class BoolEq extends FastExpr {
        private final boolean negate;
        private final FastExpr l;
        private final FastExpr r;

        BoolEq(boolean negate, FastExpr l, FastExpr r) {
            this.negate = negate;
            this.l = l;
            this.r = r;
        }

        @Override
        int test(EvalContext c) {
            int a = l.test(c);
            if (a == DEFER) return DEFER;
            int b = r.test(c);
            if (b == DEFER) return DEFER;
            return (a == b) != negate ? TRUE : FALSE;
        }
    }

    /** A string field, parameter or constant. */
    private static final class Str {
        private final int field;
        private final String param;
        private final String constant;

        Str(int field, String param, String constant) {
            this.field = field;
            this.param = param;
            this.constant = constant;
        }

        /** The string CEL would see, or null to defer. */
        String get(EvalContext c) {
            if (constant != null) return constant;
            if (field >= 0) return c.device().last[field] instanceof String s ? s : null;
            Object v = c.rawParam(param);
            return v == null ? null : String.valueOf(v); // Params.coerce turns a non-string into its text
        }
    }

    private static final class StrEq extends FastExpr {
        private final boolean negate;
        private final Str l;
        private final Str r;

        StrEq(boolean negate, Str l, Str r) {
            this.negate = negate;
            this.l = l;
            this.r = r;
        }

        @Override
        int test(EvalContext c) {
            String a = l.get(c);
            if (a == null) return DEFER;
            String b = r.get(c);
            if (b == null) return DEFER;
            return a.equals(b) != negate ? TRUE : FALSE;
        }
    }

    /**
     * A number: int (long) or double. {@link #load} puts the value in the context's scratch slots
     * and returns false to defer.
     */
    abstract static class Num {
        final boolean isInt;

        Num(boolean isInt) { this.isInt = isInt; }

        /** Evaluates into {@code c.fastLong} (int) or {@code c.fastDouble} (double); false to defer. */
        abstract boolean load(EvalContext c);
    }

    private static final class NumConst extends Num {
        private final long l;
        private final double d;

        NumConst(long l) {
            super(true);
            this.l = l;
            this.d = 0;
        }

        NumConst(double d) {
            super(false);
            this.l = 0;
            this.d = d;
        }

        @Override
        boolean load(EvalContext c) {
            if (isInt) c.fastLong = l;
            else c.fastDouble = d;
            return true;
        }
    }

    private static final class NumVar extends Num {
        private final Slot slot;

        NumVar(Slot slot, boolean isInt) {
            super(isInt);
            this.slot = slot;
        }

        @Override
        boolean load(EvalContext c) {
            Object v = slot.raw(c);
            if (slot.field >= 0) {
                // a field holds the Java type the decoder gives its CEL type; anything else is CEL's business
                if (isInt) {
                    if (!(v instanceof Long x)) return false;
                    c.fastLong = x;
                } else {
                    if (!(v instanceof Double x)) return false;
                    c.fastDouble = x;
                }
                return true;
            }
            if (!(v instanceof Number n)) return false; // Params.coerce widens or narrows numbers only
            if (isInt) c.fastLong = n.longValue();
            else c.fastDouble = n.doubleValue();
            return true;
        }
    }

    private static final class Arith extends Num {
        private final char op;
        private final Num x;
        private final Num y;

        Arith(char op, Num x, Num y) {
            super(false);
            this.op = op;
            this.x = x;
            this.y = y;
        }

        @Override
        boolean load(EvalContext c) {
            if (!x.load(c)) return false;
            double a = c.fastDouble;
            if (op == 'n') {
                c.fastDouble = -a;
                return true;
            }
            if (!y.load(c)) return false;
            double b = c.fastDouble;
            c.fastDouble = switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                default -> a / b;
            };
            return true;
        }
    }

    private static final class Cmp extends FastExpr {
        static final int EQ = 0;
        static final int NE = 1;
        static final int LT = 2;
        static final int LE = 3;
        static final int GT = 4;
        static final int GE = 5;
        private final int op;
        private final Num l;
        private final Num r;

        Cmp(int op, Num l, Num r) {
            this.op = op;
            this.l = l;
            this.r = r;
        }

        @Override
        int test(EvalContext c) {
            if (!l.load(c)) return DEFER;
            long la = c.fastLong;
            double da = c.fastDouble;
            if (!r.load(c)) return DEFER;
            long lb = c.fastLong;
            double db = c.fastDouble;
            boolean out;
            if (l.isInt && r.isInt) {
                int k = Long.compare(la, lb);
                out = holds(k);
            } else {
                if (l.isInt) {
                    if (la > EXACT || la < -EXACT) return DEFER;
                    da = la;
                }
                if (r.isInt) {
                    if (lb > EXACT || lb < -EXACT) return DEFER;
                    db = lb;
                }
                out = switch (op) {
                    case EQ -> da == db;
                    case NE -> da != db;
                    case LT -> da < db;
                    case LE -> da <= db;
                    case GT -> da > db;
                    default -> da >= db;
                };
            }
            return out ? TRUE : FALSE;
        }

        private boolean holds(int k) {
            return switch (op) {
                case EQ -> k == 0;
                case NE -> k != 0;
                case LT -> k < 0;
                case LE -> k <= 0;
                case GT -> k > 0;
                default -> k >= 0;
            };
        }
    }
}
