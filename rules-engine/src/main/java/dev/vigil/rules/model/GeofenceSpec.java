package dev.vigil.rules.model;

/**
 * The position test of a geofence rule.
 *
 * @param inside   true: the condition holds inside any selected zone; false: outside all of them
 * @param zones    which zones
 * @param latField field holding latitude (WGS-84 degrees)
 * @param lonField field holding longitude
 */
public record GeofenceSpec(boolean inside, ZoneSelector zones, String latField, String lonField) {
}
