package dev.vigil.gateway.cluster;

import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxServer;
import dev.vigil.testkit.KafkaBroker;
import dev.vigil.testkit.QueryResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateways of one test share: the registry (written with the real {@link RegistryWriter}),
 * rule and zone directories, the users file, one InfluxDB database and a fresh set of topics and
 * consumer groups on the broker (created the way {@code vigil cluster check --create} creates them).
 */
final class ClusterSite {
    static final Path PROFILES = Path.of("..", "device-profiles", "profiles").toAbsolutePath().normalize();
    static final int PARTITIONS = 6;

    final Path dir;
    final KafkaBroker kafka;
    final InfluxServer influx;
    final String database;
    final Map<String, String> tokens = new LinkedHashMap<>();
    final List<ClusterGateway> gateways = new ArrayList<>();
    final Path registry;
    final Path rules;
    final Path zones;
    final Path users;
    /** The cluster section every gateway of the site runs with. */
    final ClusterConfig clusterConfig;
    /** The {@code cases:} section of the gateways (off unless a test turns it on). */
    String cases = "{enabled: false}";

    /**
     * @param devices id → profile; a Modbus device's connection is given in {@code modbus} (id → "port:unit")
     * @param ruleFile a rule file for the rules directory (overrides for the test's timing), or null
     */
    ClusterSite(Path dir, KafkaBroker kafka, InfluxServer influx, String name, Map<String, String> devices, Map<String, String> modbus,
                String ruleFile) throws Exception {
        this.dir = dir;
        this.kafka = kafka;
        this.influx = influx;
        this.database = influx.freshDatabase("cluster_" + name);
        this.registry = dir.resolve("devices.yaml");
        this.rules = Files.createDirectories(dir.resolve("rules"));
        this.zones = Files.createDirectories(dir.resolve("zones"));
        this.users = TestGateway.writeAdminUsers(dir.resolve("users.yaml"));
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(PROFILES);
        for (Map.Entry<String, String> e : devices.entrySet()) {
            Map<String, Object> connection = null;
            String m = modbus.get(e.getKey());
            if (m != null) {
                String[] pu = m.split(":");
                connection = Map.of("modbus", Map.of("host", "127.0.0.1", "port", Integer.parseInt(pu[0]),
                        "unit", Integer.parseInt(pu[1]), "interval_ms", 500, "timeout_ms", 400));
            }
            Device d = new Device(e.getKey(), e.getValue(), "Test Co.", "wuhai-haibowan", Map.of(), null, connection);
            tokens.put(e.getKey(), RegistryWriter.add(registry, d, profiles));
        }
        if (ruleFile != null) Files.writeString(rules.resolve("test.yaml"), ruleFile);
        ClusterConfig named = new ClusterConfig(true, kafka.bootstrapServers(), "", name, name + ".telemetry", name + ".state",
                name + ".alerts", PARTITIONS, 1, 6000, 500, 3000);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicCheck.createMissing(admin, named);
            for (TopicCheck.Finding f : TopicCheck.check(admin, named)) {
                if (!f.ok()) throw new AssertionError("topic not as expected after --create: " + f.message());
            }
        }
        clusterConfig = named;
    }


    /** A gateway of this site (not started). */
    ClusterGateway gateway(String node) throws Exception {
        ClusterGateway g = new ClusterGateway(this, node);
        gateways.add(g);
        return g;
    }

    /** The gateway that evaluates (and polls) the device now, or null. */
    ClusterGateway owner(String device) {
        int p = Partitions.of(device, PARTITIONS);
        for (ClusterGateway g : gateways) if (g.alive() && g.ownedPartitions().contains(p)) return g;
        return null;
    }

    QueryResult query(String influxql) {
        return influx.query(database, influxql);
    }

    /** Alert events stored for a device and rule: kind → count. */
    Map<String, Integer> storedEvents(String device, String rule) {
        Map<String, Integer> out = new LinkedHashMap<>();
        QueryResult r = query("SELECT \"kind\", alert_id FROM alert_events WHERE \"device\" = '" + device + "' AND \"rule\" = '" + rule + "'");
        for (QueryResult.Series s : r.series()) {
            int k = s.columns().indexOf("kind");
            for (List<Object> row : s.values()) out.merge(String.valueOf(row.get(k)), 1, Integer::sum);
        }
        return out;
    }

    void closeAll() {
        for (ClusterGateway g : gateways) {
            try {
                g.close();
            } catch (Exception ignored) {
                // best effort at the end of a test
            }
        }
    }
}
