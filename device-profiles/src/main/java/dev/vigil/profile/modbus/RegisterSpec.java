package dev.vigil.profile.modbus;

import java.util.Map;

/**
 * One entry of a profile's Modbus register map: which profile field it fills, where the value
 * lives (table, address, bit), how it is encoded, and how the raw value becomes the field's value.
 *
 * @param field       the profile field this register fills
 * @param table       the Modbus table it is read from
 * @param address     zero-based address of the first bit or register (protocol address, not 4xxxx)
 * @param type        encoding of the value
 * @param order       byte and word order of multi-byte values
 * @param length      registers taken by a string (0 for other types)
 * @param bit         for type bit on a register table: the bit number 0 (least significant) to 15;
 *                    -1 otherwise
 * @param scale       factor applied to numeric raw values (value = raw × scale + offset)
 * @param offset      added after scaling
 * @param enumeration raw integer → enum value, for enum fields (empty otherwise)
 * @param enumDefault enum value for raw values missing from {@code enumeration}, or null to treat
 *                    them as errors
 * @param where       where the entry was defined, for messages ("emission-cems.yaml:41")
 */
public record RegisterSpec(String field, RegisterTable table, int address, DataType type,
                           RegisterOrder order, int length, int bit, double scale, double offset,
                           Map<Long, String> enumeration, String enumDefault, String where) {

    public RegisterSpec {
        enumeration = enumeration == null ? Map.of() : Map.copyOf(enumeration);
    }

    /** Items (bits or registers) this entry occupies in its table. */
    public int count() {
        if (table.bits()) return 1;
        return switch (type) {
            case BIT -> 1;
            case STRING -> length;
            default -> type.words();
        };
    }

    /** The address just past this entry. */
    public int end() {
        return address + count();
    }
}
