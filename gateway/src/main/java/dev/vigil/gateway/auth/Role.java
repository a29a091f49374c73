package dev.vigil.gateway.auth;

import java.util.Locale;

/**
 * What a user may do. {@link #ADMIN}: everything, including users and the audit trail;
 * {@link #REGULATOR}: alerts and data of its regions, may acknowledge; {@link #ENTERPRISE}: only
 * its own enterprise's devices, alerts and exports, may acknowledge its own alerts;
 * {@link #INSPECTOR}: read-only history, replay and export within its regions.
 */
public enum Role {
    ADMIN("管理员"), REGULATOR("监管部门"), ENTERPRISE("企业"), INSPECTOR("检查人员");

    private final String labelZh;

    Role(String labelZh) {
        this.labelZh = labelZh;
    }

    /** The name used in files, JSON and on the command line: admin, regulator, enterprise, inspector. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String labelZh() {
        return labelZh;
    }

    /** True when this role may acknowledge alerts (within its scope). */
    public boolean mayAcknowledge() {
        return this != INSPECTOR;
    }

    /** The role named {@code s} (case-insensitive), or null. */
    public static Role parse(String s) {
        if (s == null) return null;
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(s.strip())) return r;
        }
        return null;
    }
}
