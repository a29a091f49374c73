package dev.vigil.gateway.cli;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Problem;
import dev.vigil.rules.RuleSetLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil rules check FILE...}: validates rule files (and the profiles' own default rules)
 * and prints each problem as {@code file:line: message}; exit code 1 when there are problems.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate rule files against the device profiles; print problems as file:line: message.",
                "Files: rule files (rules: + scope:), <profile>.rules.yaml lists, or profile files."})
public final class RulesCheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "rule files to check (the profiles' rules are always checked)")
    List<Path> files = List.of();

    @Option(names = "--profiles", defaultValue = "device-profiles/profiles", description = "profiles directory (default: ${DEFAULT-VALUE})")
    Path profilesDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ProfileLoader.Result pr = ProfileLoader.check(List.of(profilesDir));
        if (!pr.ok()) {
            pr.problems().forEach(err::println);
            return 2;
        }
        Map<String, DeviceProfile> profiles = pr.profiles();
        RuleSetLoader.Result r = new RuleSetLoader(profiles).load(files);
        if (!r.ok()) {
            for (Problem p : r.problems()) out.println(p);
            out.println(r.problems().size() + (r.problems().size() == 1 ? " problem" : " problems"));
            out.flush();
            return 1;
        }
        out.println("ok: " + r.ruleSet().size() + " rules for " + profiles.size() + " profiles"
                + (files.isEmpty() ? "" : " (" + files.size() + (files.size() == 1 ? " file" : " files") + " checked)"));
        out.flush();
        return 0;
    }
}
