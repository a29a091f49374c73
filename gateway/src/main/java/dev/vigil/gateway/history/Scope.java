package dev.vigil.gateway.history;

import dev.vigil.profile.Device;

import java.util.Set;

/**
 * What one caller may see: every device, the devices of some regions, or the devices of one
 * enterprise. Applied once, by {@link QueryPlanner}, before any InfluxQL is built.
 *
 * @param regions    regions the caller may see, or null for no region restriction
 * @param enterprise the one enterprise the caller may see, or null for no enterprise restriction
 */
public record Scope(Set<String> regions, String enterprise) {
    private static final Scope ALL = new Scope(null, null);

    public Scope {
        regions = regions == null ? null : Set.copyOf(regions);
    }

    /** Everything (admins). */
    public static Scope all() {
        return ALL;
    }

    /** The devices of these regions. */
    public static Scope regions(Set<String> regions) {
        return new Scope(regions, null);
    }

    /** The devices of one enterprise. */
    public static Scope enterprise(String enterprise) {
        return new Scope(null, enterprise);
    }

    /** True when the caller may see this device. */
    public boolean allows(Device d) {
        return allows(d.enterprise(), d.region());
    }

    /** True when the caller may see what belongs to this enterprise and region (an alert, an event). */
    public boolean allows(String ofEnterprise, String ofRegion) {
        return (regions == null || regions.contains(ofRegion)) && (enterprise == null || enterprise.equals(ofEnterprise));
    }

    /** True when nothing is restricted. */
    public boolean unrestricted() {
        return regions == null && enterprise == null;
    }
}
