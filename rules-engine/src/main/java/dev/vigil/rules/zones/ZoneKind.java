package dev.vigil.rules.zones;

/** What a zone means to the geofence rules. */
public enum ZoneKind {
    /** An authorised loading / unloading site (装卸区): the e-lock may open here. */
    AUTHORISED,
    /** A restricted area (city centre, water source, long tunnel): hazmat vehicles keep out. */
    RESTRICTED,
    /** An approved route corridor: a line with a width; leaving it is a route deviation. */
    CORRIDOR
}
