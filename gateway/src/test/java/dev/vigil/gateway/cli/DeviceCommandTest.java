package dev.vigil.gateway.cli;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceCommandTest {
    static final String PROFILES = ProfilesCommandTest.PROFILES;

    @Test
    void addPrintsTheTokenOnceAndItAuthenticates(@TempDir Path tmp) throws Exception {
        Path reg = tmp.resolve("devices.yaml");
        CliRun r = CliRun.of("device", "add", "--registry", reg.toString(), "--profiles", PROFILES,
                "--id", "elv-0001", "--profile", "elevator", "--enterprise", "乌海市某物业公司", "--region", "wuhai-haibowan",
                "--param", "rated_speed=2.5");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        Matcher m = Pattern.compile("\n    ([A-Za-z0-9_-]{22})\n").matcher(r.out());
        assertTrue(m.find(), r.out());
        String token = m.group(1);
        assertTrue(r.out().startsWith("Added device elv-0001 (elevator) to " + reg + ".\n"), r.out());
        assertTrue(r.out().contains("WARNING: this token is shown only this once and is NOT stored"), r.out());
        assertFalse(Files.readString(reg).contains(token));

        DeviceRegistry registry = RegistryLoader.load(reg, ProfileLoader.loadDirectory(Path.of(PROFILES)));
        Device d = registry.byId("elv-0001");
        assertEquals(Map.of("rated_speed", 2.5, "heartbeat_seconds", 60L), d.params());
        assertEquals("乌海市某物业公司", d.enterprise());
        assertTrue(registry.authenticate(d, token));
        assertFalse(registry.authenticate(d, "AAAAAAAAAAAAAAAAAAAAAA"));
        assertSame(d, registry.byToken(token));
        assertNull(registry.byToken("AAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void tokenOnlyPrintsJustTheToken(@TempDir Path tmp) {
        Path reg = tmp.resolve("devices.yaml");
        CliRun r = CliRun.of("device", "add", "-q", "--registry", reg.toString(), "--profiles", PROFILES,
                "--id", "tx-1", "--profile", "power-transformer", "--param", "rated_current=1443.4", "--param", "cooling=OFAF");
        assertEquals(0, r.code(), r.err());
        String token = r.out().strip();
        assertTrue(token.matches("[A-Za-z0-9_-]{22}"), r.out());
        DeviceRegistry registry = RegistryLoader.load(reg, ProfileLoader.loadDirectory(Path.of(PROFILES)));
        assertEquals("tx-1", registry.byToken(token).id());
        assertEquals(Map.of("rated_current", 1443.4, "cooling", "OFAF", "rated_voltage_kv", 110.0, "report_interval_s", 300L), registry.byId("tx-1").params());
    }

    @Test
    void addRefusesBadInputWithExitOne(@TempDir Path tmp) throws Exception {
        Path reg = tmp.resolve("devices.yaml");
        String[] base = {"device", "add", "--registry", reg.toString(), "--profiles", PROFILES};
        assertEquals(0, CliRun.of(concat(base, "--id", "elv-1", "--profile", "elevator")).code());
        String before = Files.readString(reg);

        CliRun dup = CliRun.of(concat(base, "--id", "elv-1", "--profile", "elevator"));
        assertEquals(1, dup.code());
        assertEquals("vigil device add: device id 'elv-1' is already registered (line 5 of " + reg + ")\n", dup.err());

        CliRun prof = CliRun.of(concat(base, "--id", "x", "--profile", "lift"));
        assertEquals(1, prof.code());
        assertEquals("vigil device add: unknown profile 'lift': known profiles are elevator, emission-cems, hazmat-vehicle, power-transformer\n",
                prof.err());

        CliRun param = CliRun.of(concat(base, "--id", "x", "--profile", "elevator", "--param", "rated_sped=1"));
        assertEquals(1, param.code());
        assertEquals("vigil device add: --param rated_sped: profile elevator has no parameter 'rated_sped'; it declares rated_speed, heartbeat_seconds\n",
                param.err());

        CliRun type = CliRun.of(concat(base, "--id", "x", "--profile", "elevator", "--param", "rated_speed=fast"));
        assertEquals(1, type.code());
        assertEquals("vigil device add: --param rated_speed=fast: expected a number, got 'fast'\n", type.err());

        CliRun id = CliRun.of(concat(base, "--id", "bad id", "--profile", "elevator"));
        assertEquals(1, id.code());
        assertEquals("vigil device add: device id 'bad id': use 1 to 64 characters from A-Z a-z 0-9 _ . : -\n", id.err());

        CliRun missing = CliRun.of(concat(base, "--profile", "elevator"));
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("Missing required option: '--id=ID'"), missing.err());

        assertEquals(before, Files.readString(reg));
        assertTrue(dup.out().isEmpty() && prof.out().isEmpty() && type.out().isEmpty());
    }

    @Test
    void aSiteIsRegisteredForTheMapAndABadOneRefused(@TempDir Path tmp) throws Exception {
        Path reg = tmp.resolve("devices.yaml");
        String[] base = {"device", "add", "-q", "--registry", reg.toString(), "--profiles", PROFILES, "--profile", "elevator"};
        assertEquals(0, CliRun.of(concat(base, "--id", "elv-1", "--site", "39.6712, 106.8254", "--address", "人民路 1 号")).code());
        DeviceRegistry registry = RegistryLoader.load(reg, ProfileLoader.loadDirectory(Path.of(PROFILES)));
        assertEquals(new dev.vigil.profile.Site(39.6712, 106.8254, "人民路 1 号"), registry.byId("elv-1").site());
        String before = Files.readString(reg);
        CliRun far = CliRun.of(concat(base, "--id", "elv-2", "--site", "139.6,106.8"));
        assertEquals(1, far.code());
        assertEquals("vigil device add: --site 139.6,106.8: lat 139.6 is not a latitude (-90 to 90)\n", far.err());
        CliRun one = CliRun.of(concat(base, "--id", "elv-2", "--site", "39.6"));
        assertEquals("vigil device add: --site 39.6: give latitude and longitude as LAT,LON\n", one.err());
        CliRun text = CliRun.of(concat(base, "--id", "elv-2", "--site", "north,east"));
        assertEquals("vigil device add: --site north,east: not a number\n", text.err());
        CliRun address = CliRun.of(concat(base, "--id", "elv-2", "--address", "somewhere"));
        assertEquals("vigil device add: --address needs --site LAT,LON\n", address.err());
        assertEquals(before, Files.readString(reg), "nothing written for a refused site");
    }

    @Test
    void listShowsDevicesWithDefaultsFilled(@TempDir Path tmp) {
        Path reg = tmp.resolve("devices.yaml");
        String[] base = {"device", "add", "-q", "--registry", reg.toString(), "--profiles", PROFILES};
        assertEquals(0, CliRun.of(concat(base, "--id", "elv-1", "--profile", "elevator", "--enterprise", "某物业", "--region", "wuhai")).code());
        assertEquals(0, CliRun.of(concat(base, "--id", "cems-1", "--profile", "emission-cems", "--param", "so2_limit=50")).code());
        CliRun r = CliRun.of("device", "list", "--registry", reg.toString(), "--profiles", PROFILES);
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                ID      PROFILE        ENTERPRISE  REGION  TOKEN  PARAMS
                elv-1   elevator       某物业      wuhai   yes    heartbeat_seconds=60 rated_speed=1.75
                cems-1  emission-cems                      yes    nox_limit=50 o2_reference=6 particulate_limit=10 report_interval_s=60 so2_limit=50
                2 devices in %s
                """.formatted(reg), r.out());
    }

    @Test
    void addRegistersAnHj212StationWithItsPasswordHashed(@TempDir Path tmp) throws Exception {
        Path reg = tmp.resolve("devices.yaml");
        String[] base = {"device", "add", "-q", "--registry", reg.toString(), "--profiles", PROFILES};
        CliRun ok = CliRun.of(concat(base, "--id", "cems-9", "--profile", "emission-cems",
                "--hj212-mn", "010000A8900016F000169DC0", "--hj212-password", "123456"));
        assertEquals(0, ok.code(), ok.err());
        dev.vigil.profile.DeviceRegistry r = dev.vigil.profile.RegistryLoader.load(reg, Path.of(PROFILES));
        Map<?, ?> hj = (Map<?, ?>) r.byId("cems-9").connection().get("hj212");
        assertEquals("010000A8900016F000169DC0", hj.get("mn"));
        assertTrue(dev.vigil.profile.Credentials.matches(r.salt(), "123456", (String) hj.get("password_hash")));
        assertFalse(Files.readString(reg).contains("123456"));
        CliRun bad = CliRun.of(concat(base, "--id", "cems-10", "--profile", "emission-cems", "--hj212-mn", "MN-1", "--hj212-password", "x"));
        assertEquals(1, bad.code());
        assertEquals("vigil device add: --hj212-mn 'MN-1': an MN is 1 to 24 letters and digits\n", bad.err());
        CliRun noPw = CliRun.of(concat(base, "--id", "cems-11", "--profile", "emission-cems", "--hj212-mn", "ABC"));
        assertEquals("vigil device add: --hj212-mn needs --hj212-password (the station's PW)\n", noPw.err());
    }

    @Test
    void listOfABrokenOrMissingRegistryFails(@TempDir Path tmp) throws Exception {
        Path reg = tmp.resolve("devices.yaml");
        CliRun none = CliRun.of("device", "list", "--registry", reg.toString(), "--profiles", PROFILES);
        assertEquals(1, none.code());
        assertEquals(reg + ": no registry yet; add a device with `vigil device add --registry " + reg + " ...`\n", none.err());
        Files.writeString(reg, "salt: abc\ndevices:\n  - id: a\n    profile: lift\n");
        CliRun broken = CliRun.of("device", "list", "--registry", reg.toString(), "--profiles", PROFILES);
        assertEquals(1, broken.code());
        assertEquals(reg + ":4: device 'a': unknown profile 'lift': known profiles are elevator, emission-cems, hazmat-vehicle, power-transformer\n",
                broken.err());
    }

    static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
