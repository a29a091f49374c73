package dev.vigil.profile.modbus;

import java.util.List;

/**
 * One Modbus read of a plan: a contiguous range of one table and the register-map entries it
 * covers (gaps between them are read and ignored).
 *
 * @param table     the table read
 * @param start     first address read
 * @param count     number of bits or registers read
 * @param registers the entries inside [start, start + count), by address
 */
public record ReadRequest(RegisterTable table, int start, int count, List<RegisterSpec> registers) {

    public ReadRequest {
        registers = List.copyOf(registers);
    }

    /** A request for exactly one entry, used to find which entry a refused merged read trips on. */
    public static ReadRequest single(RegisterSpec spec) {
        return new ReadRequest(spec.table(), spec.address(), spec.count(), List.of(spec));
    }

    @Override
    public String toString() {
        return table.yamlName() + " " + start + "+" + count;
    }
}
