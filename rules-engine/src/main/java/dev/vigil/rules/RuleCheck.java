package dev.vigil.rules;

import dev.vigil.profile.Problem;

import dev.vigil.profile.DeviceProfile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Validates rule files against the profiles, for {@code vigil rules check FILE...}. */
public final class RuleCheck {

    private RuleCheck() {}

    /**
     * Every problem in the given files and in the profiles' own {@code rules:} sections, as
     * {@code file:line: message}; empty when all rules load and compile.
     */
    public static List<Problem> check(List<Path> files, Map<String, DeviceProfile> profiles) {
        return new RuleSetLoader(profiles).load(files).problems();
    }
}
