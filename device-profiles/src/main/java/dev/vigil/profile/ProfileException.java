package dev.vigil.profile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when profile or registry files have problems; carries every problem found, not just the
 * first, so a user can fix them all in one pass.
 */
public final class ProfileException extends RuntimeException {
    private final List<Problem> problems;

    public ProfileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file and line order as they were found. */
    public List<Problem> problems() {
        return problems;
    }
}
