package dev.vigil.rules.eval;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;

import java.util.Map;

/**
 * Compiles the CEL expressions of one rule against its profile: every field is a variable of its
 * type (number → double, integer → int, boolean → bool, enum/string → string), device parameters
 * are variables too, and {@code in_zone(selector)} tests the device's position against zones.
 * CEL is side-effect free and bounded; comprehensions are limited.
 */
final class CelCompiler {
    static final String IN_ZONE_OVERLOAD = "vigil_in_zone_string";

    private final Cel cel;
    private final DeviceProfile profile;
    private final Map<String, CelType> params;
    /** Compiled expressions that read fields only, by result type and source: shared by the rules of the profile. */
    private final Map<String, CelExpr> shared = new java.util.concurrent.ConcurrentHashMap<>();

    /** Thrown with the CEL checker's messages when an expression does not compile. */
    static final class CompileError extends Exception {
        CompileError(String message) { super(message, null, false, false); }
    }

    CelCompiler(DeviceProfile profile, Map<String, CelType> params) {
        this.profile = profile;
        this.params = params;
        var b = CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true)
                        .comprehensionMaxIterations(1000).build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("in_zone",
                        CelOverloadDecl.newGlobalOverload(IN_ZONE_OVERLOAD, SimpleType.BOOL, SimpleType.STRING)));
        for (FieldSpec f : profile.fields()) b.addVar(f.name(), type(f));
        for (Map.Entry<String, CelType> p : params.entrySet()) {
            if (profile.field(p.getKey()) == null) b.addVar(p.getKey(), p.getValue());
        }
        this.cel = b.build();
    }

    static CelType type(FieldSpec f) {
        return switch (f.type()) {
            case NUMBER -> SimpleType.DOUBLE;
            case INTEGER -> SimpleType.INT;
            case BOOLEAN -> SimpleType.BOOL;
            case ENUM, STRING -> SimpleType.STRING;
        };
    }

    static CelType typeOf(Object v) {
        if (v instanceof Boolean) return SimpleType.BOOL;
        if (v instanceof Number) return SimpleType.DOUBLE;
        return SimpleType.STRING;
    }

    /**
     * Compiles an expression that must yield {@code expected} (BOOL or DOUBLE; an int result is
     * accepted where a double is expected).
     */
    CelExpr compile(String source, CelType expected) throws CompileError {
        String key = expected.name() + '\u0000' + source;
        CelExpr known = shared.get(key);
        if (known != null) return known;
        CelExpr e = compileNew(source, expected);
        if (e.fieldsOnly()) shared.putIfAbsent(key, e);
        return e;
    }

    private CelExpr compileNew(String source, CelType expected) throws CompileError {
        CelValidationResult r = cel.compile(source);
        if (r.hasError()) {
            StringBuilder sb = new StringBuilder();
            for (CelIssue i : r.getErrors()) {
                if (sb.length() > 0) sb.append("; ");
                sb.append(i.getMessage().replace(" (in container '')", ""));
                if (i.getSourceLocation().getColumn() >= 0) sb.append(" (column ").append(i.getSourceLocation().getColumn() + 1).append(')');
            }
            throw new CompileError(sb.toString());
        }
        try {
            CelAbstractSyntaxTree ast = r.getAst();
            CelType got = ast.getResultType();
            boolean ok = got.equals(expected) || got.equals(SimpleType.DYN)
                    || (expected.equals(SimpleType.DOUBLE) && got.equals(SimpleType.INT));
            if (!ok) throw new CompileError("expression gives " + got.name() + ", expected " + expected.name());
            FastExpr fast = expected.equals(SimpleType.BOOL) ? FastExpr.compile(ast, profile, params) : null;
            return new CelExpr(source, cel.createProgram(ast), fast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new CompileError(e.getMessage());
        }
    }
}
