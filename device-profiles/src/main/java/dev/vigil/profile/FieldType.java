package dev.vigil.profile;

/** The value types a profile field can declare; each maps to one InfluxDB field type. */
public enum FieldType {
    /** A floating-point number (stored as an InfluxDB float). */
    NUMBER,
    /** A whole number (stored as an InfluxDB integer). */
    INTEGER,
    /** true / false. */
    BOOLEAN,
    /** One of a fixed list of strings. */
    ENUM,
    /** Free text, bounded in length. */
    STRING;

    /** The lower-case name used in profile YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
