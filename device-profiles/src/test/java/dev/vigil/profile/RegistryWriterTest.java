package dev.vigil.profile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryWriterTest {
    static Map<String, DeviceProfile> profiles;

    @BeforeAll
    static void loadProfiles() {
        profiles = ProfileLoader.loadDirectory(ShippedProfilesTest.DIR);
    }

    static Device device(String id, String profile, Map<String, Object> params) {
        return new Device(id, profile, "乌海市某物业公司", "wuhai-haibowan", params, null, null);
    }

    @Test
    void createsTheFileAndTheTokenAuthenticates(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("config").resolve("devices.yaml");
        String token = RegistryWriter.add(f, device("elv-0001", "elevator", Map.of("rated_speed", 2.5)), profiles);
        assertEquals(22, token.length());
        String text = Files.readString(f);
        assertFalse(text.contains(token), "the plaintext token must not be stored");

        DeviceRegistry r = RegistryLoader.load(f, profiles);
        assertEquals(32, r.salt().length());
        Device d = r.byId("elv-0001");
        assertEquals(Map.of("rated_speed", 2.5, "heartbeat_seconds", 60L), d.params());
        assertEquals("乌海市某物业公司", d.enterprise());
        assertTrue(r.authenticate(d, token));
        assertFalse(r.authenticate(d, token.substring(1) + "x"));
        assertFalse(r.authenticate(d, null));
        assertSame(d, r.byToken(token));
        assertNull(r.byToken("wrong-token"));
    }

    @Test
    void appendsKeepingCommentsAndIndentation(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        String original = """
                # Our site registry (keep this comment)
                salt: 00112233445566778899aabbccddeeff
                devices:
                # devices in column 0, as some people write them
                - id: old-1
                  profile: elevator   # the lobby lift
                """;
        Files.writeString(f, original);
        Map<String, Object> modbus = new java.util.LinkedHashMap<>();
        modbus.put("host", "10.0.0.5");
        modbus.put("port", 502);
        String t1 = RegistryWriter.add(f, device("cems-1", "emission-cems", Map.of("so2_limit", 50.0)), profiles);
        String t2 = RegistryWriter.add(f, new Device("tx-1", "power-transformer", "", "", Map.of("cooling", "OFAF"), null,
                Map.of("modbus", modbus)), profiles);
        assertNotEquals(t1, t2);
        String text = Files.readString(f);
        assertTrue(text.startsWith(original), text);
        String hash1 = Credentials.hash("00112233445566778899aabbccddeeff", t1);
        String hash2 = Credentials.hash("00112233445566778899aabbccddeeff", t2);
        assertEquals(original
                + "- id: cems-1\n"
                + "  profile: emission-cems\n"
                + "  enterprise: 乌海市某物业公司\n"
                + "  region: wuhai-haibowan\n"
                + "  params: {so2_limit: 50.0}\n"
                + "  token_hash: " + hash1 + "\n"
                + "- id: tx-1\n"
                + "  profile: power-transformer\n"
                + "  params: {cooling: OFAF}\n"
                + "  token_hash: " + hash2 + "\n"
                + "  connection: {modbus: {host: 10.0.0.5, port: 502}}\n", text);
        DeviceRegistry r = RegistryLoader.load(f, profiles);
        assertEquals(List.of("old-1", "cems-1", "tx-1"), r.devices().stream().map(Device::id).toList());
        assertSame(r.byId("cems-1"), r.byToken(t1));
        assertSame(r.byId("tx-1"), r.byToken(t2));
        assertEquals(Map.of("modbus", Map.of("host", "10.0.0.5", "port", 502)), r.byId("tx-1").connection());
    }

    @Test
    void quotesValuesThatWouldChangeType(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        RegistryWriter.add(f, new Device("123", "elevator", "true", "a: b # c", Map.of(), null, null), profiles);
        Device d = RegistryLoader.load(f, profiles).byId("123");
        assertEquals("true", d.enterprise());
        assertEquals("a: b # c", d.region());
    }

    @Test
    void refusesInvalidDevicesWithoutTouchingTheFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        RegistryWriter.add(f, device("elv-1", "elevator", Map.of()), profiles);
        String before = Files.readString(f);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> RegistryWriter.add(f, device("elv-1", "elevator", Map.of()), profiles));
        assertEquals("device id 'elv-1' is already registered (line 5 of " + f + ")", dup.getMessage());
        IllegalArgumentException prof = assertThrows(IllegalArgumentException.class,
                () -> RegistryWriter.add(f, device("x-1", "lift", Map.of()), profiles));
        assertEquals("device 'x-1': unknown profile 'lift': known profiles are elevator, emission-cems, hazmat-vehicle, power-transformer",
                prof.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> RegistryWriter.add(f, device("has space", "elevator", Map.of()), profiles));
        assertEquals("device id 'has space': use 1 to 64 characters from A-Z a-z 0-9 _ . : -", id.getMessage());
        IllegalArgumentException param = assertThrows(IllegalArgumentException.class,
                () -> RegistryWriter.add(f, device("elv-2", "elevator", Map.of("rated_speed", 99.0)), profiles));
        assertEquals("device 'elv-2': parameter 'rated_speed': number 99.0 is outside the valid range [0.1, 20] m/s", param.getMessage());
        assertEquals(before, Files.readString(f));
    }

    @Test
    void refusesToAppendToAFlowListOrABrokenFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        Files.writeString(f, "salt: abc\ndevices: []\n");
        ProfileException e = assertThrows(ProfileException.class,
                () -> RegistryWriter.add(f, device("elv-1", "elevator", Map.of()), profiles));
        assertTrue(e.getMessage().startsWith(f + ":3: cannot append a device here (YAML syntax error:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("keep 'devices:' as the last key of the file, as a block list of '- id: ...' entries"), e.getMessage());
        Files.writeString(f, "salt: abc\ndevices:\n  - id: a\n    profile: lift\n");
        ProfileException broken = assertThrows(ProfileException.class,
                () -> RegistryWriter.add(f, device("elv-1", "elevator", Map.of()), profiles));
        assertEquals(List.of(f + ":4: device 'a': unknown profile 'lift': known profiles are elevator, emission-cems, hazmat-vehicle, power-transformer"),
                broken.problems().stream().map(Problem::toString).toList());
        assertEquals("salt: abc\ndevices:\n  - id: a\n    profile: lift\n", Files.readString(f));
    }

    @Test
    void addAllRegistersAFleetInOneWrite(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("devices.yaml");
        RegistryWriter.add(f, device("first", "elevator", Map.of()), profiles);
        List<Device> fleet = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) fleet.add(device(String.format("elv-%05d", i), "elevator", Map.of("rated_speed", 1.0 + i % 3)));
        Map<String, String> tokens = RegistryWriter.addAll(f, fleet, profiles);
        assertEquals(300, tokens.size());
        assertEquals("elv-00000", tokens.keySet().iterator().next());
        DeviceRegistry r = RegistryLoader.load(f, profiles);
        assertEquals(301, r.devices().size());
        assertSame(r.byId("elv-00299"), r.byToken(tokens.get("elv-00299")));
        assertEquals(3.0, r.byId("elv-00299").params().get("rated_speed"));

        String before = Files.readString(f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryWriter.addAll(f,
                List.of(device("new-1", "elevator", Map.of()), device("new-1", "elevator", Map.of()), device("elv-00005", "elevator", Map.of())),
                profiles));
        assertEquals("duplicate device id 'new-1' (first at line 1810)\n"
                + "device id 'elv-00005' is already registered (line 40 of " + f + ")", e.getMessage());
        assertEquals(before, Files.readString(f));
    }

    @Test
    void parameterTextIsConvertedToTheDeclaredType() {
        Map<String, ParameterSpec> specs = ParameterSpec.of(profiles.get("elevator"));
        assertEquals(1.5, specs.get("rated_speed").parse("1.5"));
        assertEquals(30L, specs.get("heartbeat_seconds").parse("30"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> specs.get("rated_speed").parse("fast"));
        assertEquals("expected a number, got 'fast'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> specs.get("heartbeat_seconds").parse("0"));
        assertEquals("number 0 is outside the valid range [1, 3600] s", e.getMessage());
        assertEquals("OFAF", ParameterSpec.of(profiles.get("power-transformer")).get("cooling").parse("OFAF"));
    }
}
