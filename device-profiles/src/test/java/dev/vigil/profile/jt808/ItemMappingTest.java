package dev.vigil.profile.jt808;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The profile's {@code jt808:} item mapping: decoding, the default, and file:line errors. */
class ItemMappingTest {
    private static final Path FILE = Path.of("truck.yaml");
    private static final String HEAD = """
            name: truck
            version: 1
            labels: {zh: 卡车, en: Truck}
            fields:
              lock: {type: enum, values: [locked, unlocked, tampered], labels: {zh: 锁, en: Lock}}
              mileage: {type: number, unit: km, labels: {zh: 里程, en: Mileage}}
              fuel: {type: number, unit: L, labels: {zh: 油量, en: Fuel}}
            """;

    private static List<String> problems(String jt808) {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.parse(FILE, HEAD + jt808));
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void shippedVehicleProfileMapsMileageAndLock() {
        DeviceProfile p = ProfileLoader.loadFile(Path.of("profiles", "hazmat-vehicle.yaml"));
        ItemMapping m = ItemMapping.of(p);
        Map<String, Object> v = m.decode(Map.of(0x01, HexFormat.of().parseHex("0000000b"), 0xE1, new byte[] {2}, 0x02, new byte[] {0, 5}));
        assertEquals(Map.of("mileage", 1.1, "lock", "tampered"), v);
        assertEquals(Map.of(), m.decode(Map.of(0xE1, new byte[] {9})), "a code the mapping does not list is left out");
    }

    @Test
    void vendorItemAtAnOffsetWithAWord() {
        DeviceProfile p = ProfileLoader.parse(FILE, HEAD + """
                jt808:
                  items:
                    - {id: 0xF3, field: lock, offset: 2, values: {0x10: locked, 0x11: unlocked}}
                    - {id: 0x02, field: fuel, type: word, scale: 0.1}
                """);
        Map<String, Object> v = ItemMapping.of(p).decode(Map.of(0xF3, new byte[] {0, 0, 0x11}, 0x02, new byte[] {0x01, 0x2c}));
        assertEquals(Map.of("lock", "unlocked", "fuel", 30.0), v);
    }

    @Test
    void defaultAppliesWithoutASection() {
        DeviceProfile p = ProfileLoader.parse(FILE, HEAD);
        assertEquals(ItemMapping.DEFAULT, ItemMapping.of(p));
    }

    @Test
    void errorsNameFileLineAndWhatIsAccepted() {
        assertEquals(List.of(
                "truck.yaml:10: jt808.items[0].field: the profile has no field 'locks'; it has lock, mileage, fuel",
                "truck.yaml:11: jt808.items[1].id: 256 is not an item id 0x00-0xFF",
                "truck.yaml:11: jt808.items[1].type: 'qword' is not byte, word or dword",
                "truck.yaml:12: jt808.items[2].values.1: 'open' is not a value of enum field 'lock'; accepted: [locked, unlocked, tampered]",
                "truck.yaml:13: jt808.items[3].field: 'lock' is filled by an earlier item already",
                "truck.yaml:13: jt808.items[3]: field 'lock' is enum, so the item needs 'values' mapping raw values to [locked, unlocked, tampered]"),
                problems("""
                        jt808:
                          items:
                            - {id: 0xE1, field: locks}
                            - {id: 256, field: mileage, type: qword}
                            - {id: 0xE2, field: lock, values: {0: locked, 1: open}}
                            - {id: 0xE3, field: lock}
                        """));
    }
}
