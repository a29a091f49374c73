package dev.vigil.rules.eval;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * One compiled CEL expression of a rule. Evaluation reads the device's latest values and
 * parameters through the {@link EvalContext}; an error (e.g. a field never reported) gives null.
 * A simple boolean expression (comparisons of fields, parameters and constants, and/or/not) also
 * has a {@link FastExpr} form that {@link #test} runs as direct Java without allocating; it falls
 * back to the interpreter whenever the fast form cannot be sure of CEL's answer.
 */
public final class CelExpr {
    private final String source;
    private final CelRuntime.Program program;
    private final FastExpr fast;

    CelExpr(String source, CelRuntime.Program program, FastExpr fast) {
        this.source = source;
        this.program = program;
        this.fast = fast;
    }

    /** Whether the expression has a direct Java form (simple comparisons), used unless the context is interpret-only. */
    public boolean direct() { return fast != null; }

    /**
     * Whether the expression depends on nothing but the device's field values (a direct form that
     * reads no parameter): one object may then serve every rule of the profile that has the same
     * source, and its result is the same for all of them on one reading.
     */
    boolean fieldsOnly() { return fast != null && !fast.readsParams; }

    /** The expression text as written. */
    public String source() { return source; }

    /** The result, or null when evaluation failed. */
    Object eval(EvalContext ctx) {
        try {
            return program.eval(ctx, ctx.functions());
        } catch (CelEvaluationException | RuntimeException e) {
            return null;
        }
    }

    /** TRUE, FALSE, or null when the expression could not be evaluated or is not a boolean. */
    Boolean test(EvalContext ctx) {
        if (fast != null && !ctx.interpretOnly()) {
            int r = fast.test(ctx);
            if (r == FastExpr.TRUE) return Boolean.TRUE;
            if (r == FastExpr.FALSE) return Boolean.FALSE;
            if (r == FastExpr.ERROR) return null;
        }
        return interpret(ctx);
    }

    /** The fast form's answer ({@link FastExpr#DEFER} without one), for tests. */
    int fast(EvalContext ctx) {
        return fast == null ? FastExpr.DEFER : fast.test(ctx);
    }

    /** {@link #test} by the CEL interpreter only (for tests comparing both paths). */
    Boolean interpret(EvalContext ctx) {
        Object v = eval(ctx);
        return v instanceof Boolean b ? b : null;
    }

    /** A number, or NaN when it could not be evaluated. */
    double number(EvalContext ctx) {
        Object v = eval(ctx);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
