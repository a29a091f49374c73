package dev.vigil.profile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegistryLoaderTest {
    static final Path DIR = Path.of("src", "test", "resources", "registry");
    static Map<String, DeviceProfile> profiles;

    @BeforeAll
    static void loadProfiles() {
        profiles = ProfileLoader.loadDirectory(ShippedProfilesTest.DIR);
    }

    @Test
    void loadsDevicesAndFillsParameterDefaults() {
        DeviceRegistry r = RegistryLoader.load(DIR.resolve("good.yaml"), profiles);
        assertEquals("0123456789abcdef0123456789abcdef", r.salt());
        assertEquals(List.of("elv-0001", "cems.stack-1", "veh:MengL-12345", "tx_01"), r.devices().stream().map(Device::id).toList());

        Device elv = r.byId("elv-0001");
        assertEquals("elevator", elv.profile());
        assertEquals("乌海市某物业公司", elv.enterprise());
        assertEquals("wuhai-haibowan", elv.region());
        assertEquals(Map.of("rated_speed", 2.0, "heartbeat_seconds", 60L), elv.params());
        assertEquals("sha256:0000000000000000000000000000000000000000000000000000000000000001", elv.tokenHash());
        assertSame(profiles.get("elevator"), r.profileOf(elv));

        Device cems = r.byId("cems.stack-1");
        assertEquals(Map.of("so2_limit", 50.0, "nox_limit", 100.0, "particulate_limit", 10.0, "o2_reference", 6.0, "report_interval_s", 60L), cems.params());
        assertEquals(Map.of("modbus", Map.of("host", "127.0.0.1", "port", 5020, "unit", 1, "interval_ms", 1000)), cems.connection());
        assertNull(cems.tokenHash());

        Device veh = r.byId("veh:MengL-12345");
        assertEquals("", veh.enterprise());
        assertEquals(Map.of("heartbeat_seconds", 30L, "speed_limit", 80.0), veh.params());

        // rated_current has no default: present only because the device sets it
        assertEquals(Map.of("rated_current", 1443.4, "cooling", "OFAF", "rated_voltage_kv", 110.0, "report_interval_s", 300L), r.byId("tx_01").params());
    }

    @Test
    void loadsWithAProfileDirectory() {
        DeviceRegistry r = RegistryLoader.load(DIR.resolve("good.yaml"), ShippedProfilesTest.DIR);
        assertEquals(4, r.devices().size());
        assertEquals(List.of("elevator", "emission-cems", "hazmat-vehicle", "power-transformer"),
                r.profiles().keySet().stream().sorted().toList());
        ProfileException e = assertThrows(ProfileException.class,
                () -> RegistryLoader.load(DIR.resolve("good.yaml"), BrokenProfilesTest.DIR));
        assertEquals(BrokenProfilesTest.DIR.resolve("bad-indent.yaml") + ":7: YAML syntax error: expected <block end>, but found"
                + " '<block mapping start>' (while parsing a block mapping that starts at line 5)", e.problems().get(0).toString());
    }

    @Test
    void reportsEveryProblemWithItsLine() throws Exception {
        ProfileException e = assertThrows(ProfileException.class, () -> RegistryLoader.load(DIR.resolve("broken.yaml"), profiles));
        List<String> expected = Files.readAllLines(DIR.resolve("broken.expected"), StandardCharsets.UTF_8);
        assertEquals(expected, e.problems().stream().map(Problem::toString).toList());
        assertEquals(12, expected.size());
    }

    @Test
    void missingSaltSyntaxErrorAndMissingFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        assertEquals(List.of(f + ":1: missing 'salt': expected salt: <random hex> (vigil device add writes one into a new registry)"),
                problems(f, "devices: []\n"));
        assertEquals(List.of(f
                + ":4: YAML syntax error: expected <block end>, but found '<block mapping start>' (while parsing a block "
                + "collection that starts at line 3)"),
                problems(f, "salt: abc\ndevices:\n  - id: a\n   profile: elevator\n"));
        assertEquals(List.of(f + ": empty file: expected salt: <random hex> and devices: [a list of devices]"), problems(f, ""));
        assertEquals(List.of(), problems(f, "salt: abc\n"));
        Path missing = tmp.resolve("nope.yaml");
        ProfileException e = assertThrows(ProfileException.class, () -> RegistryLoader.load(missing, profiles));
        assertEquals(List.of(missing + ": cannot read: no such file"), e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void paramTypesAreChecked(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        assertEquals(List.of(
                f + ":5: device 'e1': parameter 'rated_speed': expected number, got text '1.75'",
                f + ":5: device 'e1': parameter 'heartbeat_seconds': expected a whole number, got number 1.5",
                f + ":8: device 't1': parameter 'cooling': expected one of ONAN, ONAF, OFAF, got text 'fan'"),
                problems(f, """
                        salt: abc
                        devices:
                          - id: e1
                            profile: elevator
                            params: {rated_speed: "1.75", heartbeat_seconds: 1.5}
                          - id: t1
                            profile: power-transformer
                            params: {cooling: fan}
                        """));
    }

    @Test
    void sitesAreReadCheckedAndWrittenBack(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        Files.writeString(f, """
                salt: abc
                devices:
                  - id: e1
                    profile: elevator
                    site: {lat: 39.6712, lon: 106.8254, address: 海勃湾区人民路 1 号}
                  - id: e2
                    profile: elevator
                """);
        DeviceRegistry r = RegistryLoader.load(f, profiles);
        assertEquals(new Site(39.6712, 106.8254, "海勃湾区人民路 1 号"), r.byId("e1").site());
        assertNull(r.byId("e2").site());

        Path g = tmp.resolve("written.yaml");
        RegistryWriter.add(g, new Device("e3", "elevator", "", "", Map.of(), null, null, new Site(39.5, 106.75, "")), profiles);
        assertEquals(new Site(39.5, 106.75, ""), RegistryLoader.load(g, profiles).byId("e3").site());

        assertEquals(List.of(
                f + ":5: device 'e1': site: lat: 139.0 is outside -90 to 90",
                f + ":6: device 'e1': site: unknown key 'alt': expected lat, lon, address",
                f + ":9: device 'e2': site: lon must be a finite number, got text 'east'",
                f + ":12: device 'e3': site: lon is missing: a site needs lat and lon in degrees (WGS-84)"),
                problems(f, """
                        salt: abc
                        devices:
                          - id: e1
                            profile: elevator
                            site: {lat: 139, lon: 106.8,
                                   alt: 1100}
                          - id: e2
                            profile: elevator
                            site: {lat: 39.6, lon: east}
                          - id: e3
                            profile: elevator
                            site: {lat: 39.6}
                        """));
    }

    private static List<String> problems(Path f, String text) throws Exception {
        Files.writeString(f, text);
        try {
            RegistryLoader.load(f, profiles);
            return List.of();
        } catch (ProfileException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }
}
