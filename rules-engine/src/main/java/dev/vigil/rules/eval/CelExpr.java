package dev.vigil.rules.eval;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * One compiled CEL expression of a rule. Evaluation reads the device's latest values and
 * parameters through the {@link EvalContext}; an error (e.g. a field never reported) gives null.
 */
public final class CelExpr {
    private final String source;
    private final CelRuntime.Program program;

    CelExpr(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

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
        Object v = eval(ctx);
        return v instanceof Boolean b ? b : null;
    }

    /** A number, or NaN when it could not be evaluated. */
    double number(EvalContext ctx) {
        Object v = eval(ctx);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
