package dev.vigil.gateway.cli;

import dev.vigil.gateway.cluster.ClusterConfig;
import dev.vigil.gateway.cluster.TopicCheck;
import dev.vigil.gateway.config.ConfigLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil cluster}: cluster mode's maintenance commands. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Cluster mode on Apache Kafka (see README \"Cluster mode\").", "基于 Kafka 的集群模式。"},
        subcommands = {ClusterCommand.Check.class})
public final class ClusterCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: vigil cluster check [-c FILE] [--create] (see --help)");
    }

    /** {@code vigil cluster check}: do the topics exist with the configured settings? */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check that the cluster's topics exist with the configured partitions, replication and clean-up policy;"
                    + " say how to create what is missing (or create it with --create). Exit code 0: all good, 1: something to fix.",
                    "检查集群所需的 Kafka 主题（分区数、副本数、清理策略），并给出创建命令。"})
    public static final class Check implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = {"-c", "--config"}, description = "configuration file (default: ${DEFAULT-VALUE})", defaultValue = "config/vigil.yaml")
        Path config;

        @Option(names = "--bootstrap-servers", description = "Kafka brokers (default: cluster.bootstrap_servers of the configuration)")
        String bootstrap;

        @Option(names = "--create", description = "create the topics that do not exist, with the configured settings")
        boolean create;

        @Override
        public Integer call() throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            java.io.PrintWriter err = spec.commandLine().getErr();
            ClusterConfig c;
            try {
                c = ConfigLoader.load(Files.exists(config) ? config : null).cluster();
            } catch (ConfigLoader.ConfigException e) {
                e.problems().forEach(p -> err.println("error: " + p));
                return 2;
            }
            if (bootstrap != null) c = new ClusterConfig(c.enabled(), bootstrap, c.nodeId(), c.groupPrefix(), c.telemetryTopic(), c.stateTopic(),
                    c.alertsTopic(), c.partitions(), c.replication(), c.sessionTimeoutMs(), c.checkpointMs(), c.produceTimeoutMs());
            if (!c.enabled()) out.println("note: cluster.enabled is false in " + config + "; checking the topics it names anyway");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
                if (create) {
                    List<String> made = TopicCheck.createMissing(admin, c);
                    out.println(made.isEmpty() ? "created nothing: every topic exists" : "created " + String.join(", ", made));
                }
                boolean ok = true;
                for (TopicCheck.Finding f : TopicCheck.check(admin, c)) {
                    out.println((f.ok() ? "ok     " : "FIX    ") + f.message());
                    ok &= f.ok();
                }
                if (!ok && !create) out.println("run `vigil cluster check --create` to create the missing topics with these settings");
                out.flush();
                return ok ? 0 : 1;
            } catch (IllegalStateException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }
    }
}
