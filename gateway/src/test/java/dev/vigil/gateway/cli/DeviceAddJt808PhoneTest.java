package dev.vigil.gateway.cli;

import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code vigil device add --jt808-phone}: the phone lands in the registry as text, and duplicates or non-digits are refused. */
class DeviceAddJt808PhoneTest {

    private static CliRun add(Path reg, String id, String phone) {
        return CliRun.of("device", "add", "-q", "--registry", reg.toString(), "--profiles", DeviceCommandTest.PROFILES,
                "--id", id, "--profile", "hazmat-vehicle", "--jt808-phone", phone);
    }

    @Test
    void phoneIsStoredWithItsLeadingZeroAndDuplicatesAreRefused(@TempDir Path tmp) {
        Path reg = tmp.resolve("devices.yaml");
        CliRun r = add(reg, "veh-808-1", "013912345678");
        assertEquals(0, r.code(), r.err());
        var registry = RegistryLoader.load(reg, ProfileLoader.loadDirectory(Path.of(DeviceCommandTest.PROFILES)));
        assertEquals(Map.of("jt808", Map.of("phone", "013912345678")), registry.byId("veh-808-1").connection());

        CliRun dup = add(reg, "veh-808-2", "13912345678");
        assertEquals(1, dup.code());
        assertEquals("vigil device add: --jt808-phone 13912345678: already registered for device veh-808-1\n", dup.err());

        CliRun bad = add(reg, "veh-808-3", "139-1234");
        assertEquals(1, bad.code());
        assertEquals("vigil device add: --jt808-phone 139-1234: a terminal phone number is 1-20 digits (BCD in the message header)\n",
                bad.err());
    }
}
