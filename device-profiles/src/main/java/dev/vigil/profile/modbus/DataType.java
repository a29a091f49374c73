package dev.vigil.profile.modbus;

import java.util.Locale;

/** How the raw bits or registers of one register-map entry encode a value. */
public enum DataType {
    /** One coil or discrete input, or one bit of a register. */
    BIT(0),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    INT64(4),
    FLOAT32(2),
    FLOAT64(4),
    /** Characters, two per register; the length is given in registers. */
    STRING(0);

    private final int words;

    DataType(int words) { this.words = words; }

    /** Registers taken by a value of this type (0 for bit and string, whose size is given otherwise). */
    public int words() { return words; }

    /** True for the types read as whole numbers. */
    public boolean integral() {
        return this == INT16 || this == UINT16 || this == INT32 || this == UINT32 || this == INT64;
    }

    /** The name used in profile YAML, e.g. "float32". */
    public String yamlName() { return name().toLowerCase(Locale.ROOT); }

    /** The type with this YAML name (case-insensitive), or null. */
    public static DataType fromYaml(String s) {
        for (DataType t : values()) if (t.name().equalsIgnoreCase(s)) return t;
        return null;
    }
}
