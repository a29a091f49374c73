package dev.vigil.rules.yaml;

/** A problem at a line of a YAML file, thrown while reading one rule and caught per rule. */
public final class YamlError extends RuntimeException {
    private final int line;

    public YamlError(int line, String message) {
        super(message, null, false, false);
        this.line = line;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() { return line; }
}
