package dev.vigil.profile.modbus;

import dev.vigil.profile.DeviceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A bad register map is refused with file:line and what would be accepted. */
class RegisterMapErrorsTest {

    @TempDir
    Path dir;

    private static final String FIELDS = """
            fields:
              - {name: so2, type: number}
              - {name: count, type: integer}
              - {name: data_flag, type: enum, values: [N, F, M, S, D, C, T, B]}
              - {name: model, type: string}
              - {name: running, type: boolean}
            """;

    private String error(String modbus) throws IOException {
        Path f = dir.resolve("cems.yaml");
        Files.writeString(f, FIELDS + modbus);
        DeviceProfile p = TestProfiles.fromFile(f);
        return assertThrows(ModbusMapException.class, () -> RegisterMap.parse(p, PlanOptions.defaults())).getMessage();
    }

    private String file() {
        return dir.resolve("cems.yaml").toString();
    }

    @Test
    void unknownType() throws IOException {
        assertEquals(file()
                + ":11: modbus.registers[0] (so2): unknown type 'float'; expected bit, int16, uint16, int32, uint32, int64, "
                + "float32, float64 or string",
                error("""
                        modbus:
                          registers:
                            - field: so2
                              address: 0
                              type: float
                        """));
    }

    @Test
    void unknownField() throws IOException {
        assertEquals(file() + ":9: modbus.registers[0] (nox): profile cems.yaml has no field 'nox'",
                error("""
                        modbus:
                          registers:
                            - field: nox
                              address: 0
                              type: float32
                        """));
    }

    @Test
    void enumValueNotInField() throws IOException {
        assertEquals(file() + ":13: modbus.registers[1] (data_flag): enum value 'X' for 4 is not one of [N, F, M, S, D, C, T, B]",
                error("""
                        modbus:
                          registers:
                            - {field: so2, address: 0, type: float32}
                            - field: data_flag
                              address: 20
                              type: uint16
                              enum: {0: N, 4: X}
                        """));
    }

    @Test
    void enumFieldWithoutEnumeration() throws IOException {
        assertEquals(file() + ":9: modbus.registers[0] (data_flag): enum field 'data_flag' needs 'enum', a map of raw value to one of [N, F, M, S, D, C, T, B]",
                error("""
                        modbus:
                          registers:
                            - {field: data_flag, address: 20, type: uint16}
                        """));
    }

    @Test
    void bitTableWithWordType() throws IOException {
        assertEquals(file() + ":9: modbus.registers[0] (running): a coil holds one bit; type must be bit, not uint16",
                error("""
                        modbus:
                          registers:
                            - {field: running, table: coil, address: 0, type: uint16}
                        """));
    }

    @Test
    void stringNeedsLengthAndStringField() throws IOException {
        assertEquals(file() + ":9: modbus.registers[0] (model): a string needs 'length' in registers (1 to 125)",
                error("""
                        modbus:
                          registers:
                            - {field: model, address: 0, type: string}
                        """));
        assertEquals(file() + ":9: modbus.registers[0] (so2): type string cannot fill number field 'so2'",
                error("""
                        modbus:
                          registers:
                            - {field: so2, address: 0, type: string, length: 4}
                        """));
    }

    @Test
    void addressOutOfRangeAndDuplicateField() throws IOException {
        assertEquals(file() + ":9: modbus.registers[0] (so2): 'address' must be a whole number from 0 to 65535, got 70000",
                error("""
                        modbus:
                          registers:
                            - {field: so2, address: 70000, type: float32}
                        """));
        assertEquals(file() + ":10: modbus.registers[1] (so2): field 'so2' is mapped twice",
                error("""
                        modbus:
                          registers:
                            - {field: so2, address: 0, type: float32}
                            - {field: so2, address: 2, type: float32}
                        """));
    }

    @Test
    void unknownKeyAndBadOrder() throws IOException {
        assertEquals(file()
                + ":9: modbus.registers[0]: unknown key 'adress'; accepted: [field, table, address, type, order, length, bit, "
                + "scale, offset, enum, enum_default]",
                error("""
                        modbus:
                          registers:
                            - {field: so2, adress: 0, type: float32}
                        """));
        assertEquals(file() + ":12: modbus.registers[0] (so2): unknown order 'BE'; expected ABCD, CDAB, BADC or DCBA",
                error("""
                        modbus:
                          registers:
                            - field: so2
                              address: 0
                              type: float32
                              order: BE
                        """));
    }

    @Test
    void profileWithoutSource() {
        DeviceProfile p = TestProfiles.fromText("inline", FIELDS + """
                modbus:
                  registers:
                    - {field: count, address: 0, type: float32, scale: 0}
                """);
        assertEquals("profile inline: modbus.registers[0] (count): scale must not be 0",
                assertThrows(ModbusMapException.class, () -> RegisterMap.parse(p, PlanOptions.defaults())).getMessage());
    }
}
