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
 * allocate. It answers {@link #TRUE}, {@link #FALSE} or {@link #ERROR} (CEL fails: a field never
 * reported or a parameter without a value, so the variable has no value) only when that is
 * certain to be CEL's answer; whenever CEL could convert or fail otherwise (a value of an
 * unexpected Java type, an integer too large for an exact double comparison) it answers
 * {@link #DEFER} and the caller asks the interpreter. As in CEL, {@code &&} and {@code ||} absorb
 * an error when the other side decides ({@code missing && false} is false), and every other
 * operator passes an error on. Both sides are always evaluated, so that a {@link #DEFER} anywhere
 * defers the whole expression.
 */
abstract class FastExpr {
    static final int FALSE = 0;
    static final int TRUE = 1;
    /** CEL would fail (no value for a variable). */
    static final int ERROR = 2;
    /** Not sure: ask the interpreter. */
    static final int DEFER = 3;

    /** Largest magnitude for which a long converts to a double exactly. */
    private static final long EXACT = 1L << 53;

    /** {@link #TRUE}, {@link #FALSE}, {@link #ERROR} or {@link #DEFER}. */
    abstract int test(EvalContext c);

    /** Whether the expression reads device parameters (whose values depend on the rule's defaults). */
    boolean readsParams;

    /**
     * The fast form of a checked CEL expression, or null when it is not simple enough.
     *
     * @param params CEL types of the device parameters the expression may read
     */
    static FastExpr compile(CelAbstractSyntaxTree ast, DeviceProfile profile, Map<String, CelType> params) {
        if (!SimpleType.BOOL.equals(ast.getResultType())) return null;
        try {
            Builder b = new Builder(ast, profile, params);
            FastExpr f = b.bool(ast.getExpr());
            f.readsParams = b.readsParams;
            return f;
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
        boolean readsParams;

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
            if (params.containsKey(name)) {
                readsParams = true;
                return new Slot(-1, name);
            }
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
            return v == null ? ERROR : DEFER;
        }
    }

    private static final class Not extends FastExpr {
        private final FastExpr x;

        Not(FastExpr x) { this.x = x; }

        @Override
        int test(EvalContext c) {
            int r = x.test(c);
            return r == TRUE || r == FALSE ? 1 - r : r;
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
            int a = l.test(c), b = r.test(c);
            if (a == DEFER || b == DEFER) return DEFER;
            if (a == FALSE || b == FALSE) return FALSE;
            return a == ERROR || b == ERROR ? ERROR : TRUE;
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
            int a = l.test(c), b = r.test(c);
            if (a == DEFER || b == DEFER) return DEFER;
            if (a == TRUE || b == TRUE) return TRUE;
            return a == ERROR || b == ERROR ? ERROR : FALSE;
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
            int a = l.test(c), b = r.test(c);
            if (a == DEFER || b == DEFER) return DEFER;
            if (a == ERROR || b == ERROR) return ERROR;
            return (a == b) != negate ? TRUE : FALSE;
        }
    }

    /** A value of an unexpected Java type: defer to the interpreter. */
    private static final Object OTHER = new Object();

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

        /** The string CEL would see, null when the variable has no value, or {@link #OTHER} to defer. */
        Object get(EvalContext c) {
            if (constant != null) return constant;
            if (field >= 0) {
                Object v = c.device().last[field];
                return v == null || v instanceof String ? v : OTHER;
            }
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
            Object a = l.get(c), b = r.get(c);
            if (a == OTHER || b == OTHER) return DEFER;
            if (a == null || b == null) return ERROR;
            return a.equals(b) != negate ? TRUE : FALSE;
        }
    }

    /** {@link Num#load}: the value is in the context's scratch slot. */
    static final int OK = 0;

    /**
     * A number: int (long) or double. {@link #load} puts the value in the context's scratch slots.
     */
    abstract static class Num {
        final boolean isInt;

        Num(boolean isInt) { this.isInt = isInt; }

        /** Evaluates into {@code c.fastLong} (int) or {@code c.fastDouble} (double): {@link #OK}, {@link #ERROR} or {@link #DEFER}. */
        abstract int load(EvalContext c);
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
        int load(EvalContext c) {
            if (isInt) c.fastLong = l;
            else c.fastDouble = d;
            return OK;
        }
    }

    private static final class NumVar extends Num {
        private final Slot slot;

        NumVar(Slot slot, boolean isInt) {
            super(isInt);
            this.slot = slot;
        }

        @Override
        int load(EvalContext c) {
            Object v = slot.raw(c);
            if (v == null) return ERROR;
            if (slot.field >= 0) {
                // a field holds the Java type the decoder gives its CEL type; anything else is CEL's business
                if (isInt) {
                    if (!(v instanceof Long x)) return DEFER;
                    c.fastLong = x;
                } else {
                    if (!(v instanceof Double x)) return DEFER;
                    c.fastDouble = x;
                }
                return OK;
            }
            if (!(v instanceof Number n)) return DEFER; // Params.coerce widens or narrows numbers only
            if (isInt) c.fastLong = n.longValue();
            else c.fastDouble = n.doubleValue();
            return OK;
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
        int load(EvalContext c) {
            int sx = x.load(c);
            double a = c.fastDouble;
            if (op == 'n') {
                c.fastDouble = -a;
                return sx;
            }
            int sy = y.load(c);
            if (sx != OK || sy != OK) return sx == DEFER || sy == DEFER ? DEFER : ERROR;
            double b = c.fastDouble;
            c.fastDouble = switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                default -> a / b;
            };
            return OK;
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
            int sa = l.load(c);
            long la = c.fastLong;
            double da = c.fastDouble;
            int sb = r.load(c);
            if (sa != OK || sb != OK) return sa == DEFER || sb == DEFER ? DEFER : ERROR;
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
                if (Double.isNaN(da) || Double.isNaN(db)) return DEFER;
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
