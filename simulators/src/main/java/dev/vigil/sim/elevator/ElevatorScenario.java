package dev.vigil.sim.elevator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The faults the elevator simulator can inject, each named as on the command line, with the fault
 * code a monitoring terminal would report for its cause (platform codes of the elevator table in
 * the domain notes; 0 where a terminal reports none).
 */
public enum ElevatorScenario {
    /** Stops level at a landing with a passenger; the door does not open (door open fault, 3). */
    TRAPPED("trapped", 3),
    /** Stops between floors with a passenger after the safety circuit opens (code 1). */
    TRAPPED_BETWEEN("trapped-between", 1),
    /** Stops empty outside the door zone (code 4). */
    STOP_OUTSIDE_ZONE("stop-outside-zone", 4),
    /** Runs at 1.3 × rated speed, then at 1.5 × after 15 s (the terminal reports only the speed). */
    OVERSPEED("overspeed", 0),
    /** Leaves a landing with the door open and keeps shuttling end to end that way (moving with door open, 5). */
    DOOR_OPEN_RUNNING("door-open-running", 5);

    private final String cliName;
    private final int faultCode;

    ElevatorScenario(String cliName, int faultCode) {
        this.cliName = cliName;
        this.faultCode = faultCode;
    }

    /** The name used on the command line, e.g. "trapped-between". */
    public String cliName() { return cliName; }

    /** The fault code reported while the fault shows. */
    public int faultCode() { return faultCode; }

    /** The scenario with this command-line name; the error lists the accepted names. */
    public static ElevatorScenario byName(String name) {
        for (ElevatorScenario s : values()) if (s.cliName.equals(name)) return s;
        throw new IllegalArgumentException("unknown scenario '" + name + "'; use one of " + names());
    }

    /** The command-line names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(ElevatorScenario::cliName).collect(Collectors.joining(", "));
    }
}
