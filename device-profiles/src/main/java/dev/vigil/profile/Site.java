package dev.vigil.profile;

/**
 * Where a fixed device stands (an elevator's building, a stack, a substation): WGS-84 latitude and
 * longitude in degrees, and an optional address, so the console can draw it on the map.
 *
 * @param lat     latitude, -90 to 90
 * @param lon     longitude, -180 to 180
 * @param address address or site name as people know it, or empty
 */
public record Site(double lat, double lon, String address) {

    public Site {
        if (!(lat >= -90 && lat <= 90)) throw new IllegalArgumentException("lat " + lat + " is not a latitude (-90 to 90)");
        if (!(lon >= -180 && lon <= 180)) throw new IllegalArgumentException("lon " + lon + " is not a longitude (-180 to 180)");
        address = address == null ? "" : address;
    }
}
