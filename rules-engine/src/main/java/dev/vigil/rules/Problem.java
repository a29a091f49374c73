package dev.vigil.rules;

/**
 * One problem found in a rule or profile file, printed as {@code file:line: message}.
 *
 * @param file    the file as the user named it
 * @param line    1-based line, or 0 when the problem is about the whole file
 * @param message what is wrong and what would be accepted
 */
public record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
