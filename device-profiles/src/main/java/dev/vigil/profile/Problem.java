package dev.vigil.profile;

import java.nio.file.Path;

/**
 * One problem found in a profile or registry file, located by file and line and printed as
 * {@code file:line: message} (the form editors and CI logs link to).
 *
 * @param file    the file, as the user named it
 * @param line    1-based line number, or 0 when the problem concerns the whole file
 * @param message what is wrong and what would be accepted
 */
public record Problem(Path file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
