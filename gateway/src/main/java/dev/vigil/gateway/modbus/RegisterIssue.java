package dev.vigil.gateway.modbus;

import dev.vigil.profile.modbus.RegisterTable;

/**
 * A register that could not be read or decoded in the last poll of a device.
 *
 * @param field   the profile field it fills
 * @param table   its table
 * @param address its address
 * @param problem what went wrong, e.g. "Modbus exception 2 (illegal data address)"
 */
public record RegisterIssue(String field, RegisterTable table, int address, String problem) {

    @Override
    public String toString() {
        return field + " (" + table.yamlName() + " " + address + "): " + problem;
    }
}
