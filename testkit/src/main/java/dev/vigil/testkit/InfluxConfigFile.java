package dev.vigil.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Renders the influxd 1.x configuration used by {@link InfluxServer} from the project's one
 * template, {@code config/influxd.conf.template} (packaged with this module; {@code ./vigil} and
 * {@code bench/lib.sh} render the same file with {@code scripts/influxd-conf.sh}).
 */
final class InfluxConfigFile {
    /** Where the template sits on the class path. */
    static final String TEMPLATE = "/dev/vigil/testkit/influxd.conf.template";
    /** The log level of the tests' influxd. */
    static final String LOG_LEVEL = "info";

    private InfluxConfigFile() {
    }

    static String render(Path dir, int httpPort, int rpcPort, boolean auth) {
        return template()
                .replace("@DIR@", tomlPath(dir))
                .replace("@HTTP_PORT@", Integer.toString(httpPort))
                .replace("@RPC_PORT@", Integer.toString(rpcPort))
                .replace("@AUTH_ENABLED@", Boolean.toString(auth))
                .replace("@LOG_LEVEL@", LOG_LEVEL);
    }

    static String template() {
        try (InputStream in = InfluxConfigFile.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("influxd config template " + TEMPLATE + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE, e);
        }
    }

    private static String tomlPath(Path dir) {
        return dir.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
