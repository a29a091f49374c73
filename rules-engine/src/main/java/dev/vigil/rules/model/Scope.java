package dev.vigil.rules.model;

import dev.vigil.profile.Device;

/**
 * Which devices a rule applies to: all devices of a profile, narrowed by enterprise, region or one
 * device. A null part matches anything.
 */
public record Scope(String profile, String enterprise, String region, String device) {

    /** True when the device falls in this scope. */
    public boolean matches(Device d) {
        return (profile == null || profile.equals(d.profile()))
                && (enterprise == null || enterprise.equals(d.enterprise()))
                && (region == null || region.equals(d.region()))
                && (device == null || device.equals(d.id()));
    }

    /**
     * How narrow the scope is; among rules with the same id, the matching one with the highest
     * specificity wins (device over enterprise over region over profile default).
     */
    public int specificity() {
        return (device != null ? 100 : 0) + (enterprise != null ? 10 : 0) + (region != null ? 1 : 0);
    }

    /** Short text for messages, e.g. "profile=elevator enterprise=acme". */
    public String describe() {
        StringBuilder sb = new StringBuilder("profile=").append(profile);
        if (enterprise != null) sb.append(" enterprise=").append(enterprise);
        if (region != null) sb.append(" region=").append(region);
        if (device != null) sb.append(" device=").append(device);
        return sb.toString();
    }
}
