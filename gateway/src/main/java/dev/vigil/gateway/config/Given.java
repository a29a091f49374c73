package dev.vigil.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one source said for one key, and where: a line of the file, or an environment variable.
 *
 * @param value  the value as read (typed by YAML in the file, text from the environment)
 * @param source file name, or null for the environment
 * @param line   line in the file (1-based), or 0
 * @param envVar the environment variable, or null for the file
 */
record Given(JsonNode value, String source, int line, String envVar) {

    static Given inFile(JsonNode value, String source, int line) {
        return new Given(value, source, line, null);
    }

    static Given inEnv(JsonNode value, String envVar) {
        return new Given(value, null, 0, envVar);
    }

    boolean fromEnv() {
        return envVar != null;
    }

    /** {@code file:line} or the variable's name. */
    String where() {
        return fromEnv() ? envVar : source + ":" + line;
    }
}
