package dev.vigil.testkit;

import java.nio.file.Path;

/** Renders the influxd 1.x configuration file used by {@link InfluxServer}. */
final class InfluxConfigFile {

    private InfluxConfigFile() {
    }

    static String render(Path dir, int httpPort, int rpcPort, boolean auth) {
        return """
                reporting-disabled = true
                bind-address = "127.0.0.1:%2$d"

                [meta]
                  dir = "%1$s/meta"
                  logging-enabled = false

                [data]
                  dir = "%1$s/data"
                  wal-dir = "%1$s/wal"
                  query-log-enabled = false
                  wal-fsync-delay = "0s"

                [monitor]
                  store-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%3$d"
                  auth-enabled = %4$s
                  log-enabled = false

                [logging]
                  level = "info"
                  suppress-logo = true

                [continuous_queries]
                  enabled = false

                [subscriber]
                  enabled = false
                """.formatted(tomlPath(dir), rpcPort, httpPort, auth);
    }

    private static String tomlPath(Path dir) {
        return dir.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
