package dev.vigil.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way the gateway's configuration is read: the YAML file, then the environment over it
 * ({@code VIGIL_<SECTION>_<KEY>}, {@code VIGIL_<KEY>} for top-level keys, and the aliases declared
 * with {@link Setting#env()} such as {@code INFLUX_URL} and {@code VIGIL_PSK_SECRET}), then the
 * declared defaults, bound into {@link GatewayConfig} and its section records. A wrong type, an
 * unknown or renamed key, an unknown {@code VIGIL_*} variable or a value a record refuses is
 * reported naming the key and its source ({@code file:line} or the variable), all problems at once.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** The configuration cannot be used; the message holds one line per problem. */
    public static final class ConfigException extends RuntimeException {
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = problems;
        }

        /** Every problem found, one per entry: file lines in order, then variables. */
        public List<String> problems() {
            return problems;
        }
    }

    /** Loads {@code file} (or only the defaults when it is null) under the process environment. */
    public static GatewayConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Loads {@code file} (or only the defaults when it is null) under the environment {@code env}. */
    public static GatewayConfig load(Path file, Map<String, String> env) {
        String yaml = null;
        if (file != null) {
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
            }
        }
        return load(file == null ? null : file.toString(), yaml, env);
    }

    /** Loads YAML text (named {@code source} in messages; no text = defaults only) under {@code env}. */
    public static GatewayConfig load(String source, String yaml, Map<String, String> env) {
        ConfigKeys keys = ConfigKeys.GATEWAY;
        Problems problems = new Problems();
        Map<String, Given> given = new LinkedHashMap<>();
        if (yaml != null) ConfigSources.readYaml(source, yaml, keys, given, problems);
        ConfigSources.readEnv(env, keys, given, problems);
        GatewayConfig config = new ConfigBinder(keys, given, problems).bind();
        if (!problems.isEmpty()) throw new ConfigException(problems.sorted());
        return config;
    }

    /** YAML text alone, without the environment (tests, and sections written in code). */
    public static GatewayConfig fromYaml(String yaml) {
        return load("yaml", yaml, Map.of());
    }

    private static final class Defaults {
        static final GatewayConfig VALUE = load(null, null, Map.of());
    }

    /** Every key at its declared default. */
    static GatewayConfig defaults() {
        return Defaults.VALUE;
    }
}
