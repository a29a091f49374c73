package dev.vigil.profile.modbus;

import java.util.Locale;

/** The four Modbus data tables a register map can read, with the read function and per-read limit of each. */
public enum RegisterTable {
    /** Read/write single bits, function 01. */
    COIL(1, 2000, true),
    /** Read-only single bits, function 02. */
    DISCRETE_INPUT(2, 2000, true),
    /** Read-only 16-bit registers, function 04. */
    INPUT_REGISTER(4, 125, false),
    /** Read/write 16-bit registers, function 03. */
    HOLDING_REGISTER(3, 125, false);

    private final int function;
    private final int maxPerRead;
    private final boolean bits;

    RegisterTable(int function, int maxPerRead, boolean bits) {
        this.function = function;
        this.maxPerRead = maxPerRead;
        this.bits = bits;
    }

    /** The Modbus function code that reads this table. */
    public int function() { return function; }

    /** Most items one read may cover (Modbus application protocol limits: 2000 bits, 125 registers). */
    public int maxPerRead() { return maxPerRead; }

    /** True for the single-bit tables (coils, discrete inputs). */
    public boolean bits() { return bits; }

    /** The name used in profile YAML, e.g. "holding_register". */
    public String yamlName() { return name().toLowerCase(Locale.ROOT); }

    /** The table with this YAML name, or null. */
    public static RegisterTable fromYaml(String s) {
        for (RegisterTable t : values()) if (t.yamlName().equals(s)) return t;
        return null;
    }
}
