package dev.vigil.gateway.cli;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil profiles check [DIR|FILE...]}: validates profile files and lists every problem. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate profile files and print every problem as file:line: message.",
                "校验设备模型文件，逐条列出问题（文件:行号: 说明）。",
                "Exit status 0 when all profiles are valid, 1 when any has a problem."})
public final class ProfilesCheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR|FILE", arity = "0..*",
            description = "Profile directories (each *.yaml except *.rules.yaml) or files; default: ${DEFAULT-VALUE}",
            defaultValue = "device-profiles/profiles")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProfileLoader.Result r = ProfileLoader.check(paths);
        for (DeviceProfile p : r.profiles().values()) {
            out.printf("OK  %s v%d (%d fields)%n", p.name(), p.version(), p.fields().size());
        }
        out.flush();
        for (Problem p : r.problems()) err.println(p);
        if (!r.ok()) {
            long files = r.problems().stream().map(Problem::file).distinct().count();
            err.printf("%d problem%s in %d file%s%n", r.problems().size(), r.problems().size() == 1 ? "" : "s",
                    files, files == 1 ? "" : "s");
        }
        err.flush();
        return r.ok() ? 0 : 1;
    }
}
