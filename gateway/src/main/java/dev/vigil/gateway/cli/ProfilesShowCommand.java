package dev.vigil.gateway.cli;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.ParameterSpec;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil profiles show NAME}: prints a profile's fields and parameters as a table. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a profile's fields and device parameters: type, unit, valid range or values, labels.",
                "查看设备模型的字段与设备参数：类型、单位、有效范围、中英文名称。"})
public final class ProfilesShowCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Profile name, e.g. elevator")
    String name;

    @Option(names = "--profiles", paramLabel = "DIR", defaultValue = "device-profiles/profiles",
            description = "Profile directory (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProfileLoader.Result r = ProfileLoader.check(List.of(dir));
        DeviceProfile p = r.profiles().get(name);
        if (p == null) {
            for (Problem pr : r.problems()) err.println(pr);
            err.println("unknown profile '" + name + "': known profiles are " + String.join(", ", r.profiles().keySet())
                    + (r.ok() ? "" : " (some files have problems, listed above)"));
            err.flush();
            return 1;
        }
        out.printf("%s v%d — %s / %s  (%s)%n%n", p.name(), p.version(), p.labelZh(), p.labelEn(), p.source());
        boolean codes = p.fields().stream().anyMatch(f -> f.code() != null);
        TextTable t = codes ? new TextTable("FIELD", "TYPE", "UNIT", "RANGE / VALUES", "CODE", "中文", "ENGLISH")
                : new TextTable("FIELD", "TYPE", "UNIT", "RANGE / VALUES", "中文", "ENGLISH");
        for (FieldSpec f : p.fields()) {
            if (codes) t.row(f.name(), f.type().yamlName(), f.unit(), range(f), f.code() == null ? "" : f.code(), f.labelZh(), f.labelEn());
            else t.row(f.name(), f.type().yamlName(), f.unit(), range(f), f.labelZh(), f.labelEn());
        }
        t.print(out);
        Map<String, ParameterSpec> params = ParameterSpec.of(p);
        if (!params.isEmpty()) {
            out.println();
            out.println("Device parameters (设备参数; set per device in the registry, \"params:\"):");
            TextTable pt = new TextTable("PARAMETER", "TYPE", "UNIT", "DEFAULT", "RANGE / VALUES", "中文", "ENGLISH");
            for (ParameterSpec ps : params.values()) {
                FieldSpec f = ps.spec();
                pt.row(f.name(), f.type().yamlName(), f.unit(), ps.defaultValue() == null ? "(none)" : number(ps.defaultValue()),
                        range(f), f.labelZh(), f.labelEn());
            }
            pt.print(out);
        }
        if (p.sections().containsKey("rules")) {
            out.println();
            Object rules = p.sections().get("rules");
            int n = rules instanceof List<?> l ? l.size() : rules instanceof Map<?, ?> m ? m.size() : 0;
            out.println("Default rules (默认预警规则): " + n + " — see `vigil rules check`");
        }
        out.flush();
        return 0;
    }

    /** A value for display: whole doubles without ".0". */
    static String number(Object v) {
        return v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : String.valueOf(v);
    }

    static String range(FieldSpec f) {
        return switch (f.type()) {
            case NUMBER, INTEGER -> f.min() == null && f.max() == null ? "any" : f.rangeText();
            case ENUM -> String.join(" | ", f.values());
            case BOOLEAN -> "true | false";
            case STRING -> "text ≤ " + f.maxLength() + " chars";
        };
    }
}
