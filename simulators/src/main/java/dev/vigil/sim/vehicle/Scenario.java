package dev.vigil.sim.vehicle;

import java.util.Arrays;
import java.util.Locale;

/** What the designated vehicle does wrong (or suffers) during a run; every other vehicle drives normally. */
enum Scenario {
    /** Loads at the depot, drives the approved roads, unloads at customers, opens the lock only there. */
    NORMAL,
    /** Stops at the roadside on its way and opens the e-lock outside any authorised zone (red alert). */
    LOCK_EN_ROUTE,
    /** Cruises at 92–98 km/h on the expressway, where hazmat vehicles may do 80. */
    SPEEDING,
    /** Drives for hours with only short stops (no rest of 20 min), on a clock started hours back and run fast. */
    FATIGUE,
    /** Loses its GNSS fix for 6 minutes: gnss_fix false, no position. */
    GNSS_LOSS,
    /** Takes a short cut through Haibowan's city centre, a restricted area. */
    RESTRICTED_ZONE,
    /** The terminal goes silent for 35 minutes with the ignition on, then comes back without backfill. */
    OFFLINE,
    /** Drives through 3 minutes without mobile coverage, buffers its readings and uploads them as one backfill. */
    COVERAGE_GAP;

    /** The command-line name, e.g. "lock-en-route". */
    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Scenario parse(String name) {
        for (Scenario s : values()) if (s.cliName().equals(name)) return s;
        throw new IllegalArgumentException("unknown scenario '" + name + "': use one of "
                + Arrays.stream(values()).map(Scenario::cliName).toList());
    }
}
