package dev.vigil.sim.elevator;

import java.util.Locale;

/**
 * What an elevator monitoring terminal reports at one moment, with the field names of the
 * elevator profile (floor, direction, in_door_zone, door, occupied, speed, running, service_mode,
 * power, safety_circuit, fault_code).
 */
public record ElevatorReading(int floor, String direction, boolean inDoorZone, String door, boolean occupied,
                              double speed, boolean running, String serviceMode, String power,
                              String safetyCircuit, int faultCode) {

    /** True when a field differs from {@code other}, the speed by at least 0.1 m/s. */
    public boolean differsFrom(ElevatorReading other) {
        return other == null || floor != other.floor || !direction.equals(other.direction)
                || inDoorZone != other.inDoorZone || !door.equals(other.door) || occupied != other.occupied
                || running != other.running || !serviceMode.equals(other.serviceMode) || !power.equals(other.power)
                || !safetyCircuit.equals(other.safetyCircuit) || faultCode != other.faultCode
                || Math.abs(speed - other.speed) >= 0.1;
    }

    /** The telemetry payload: {@code {"ts": <ms>, "floor": 3, "direction": "up", ...}}. */
    public String toJson(long ts) {
        return "{\"ts\":" + ts
                + ",\"floor\":" + floor
                + ",\"direction\":\"" + direction + '"'
                + ",\"in_door_zone\":" + inDoorZone
                + ",\"door\":\"" + door + '"'
                + ",\"occupied\":" + occupied
                + ",\"speed\":" + String.format(Locale.ROOT, "%.2f", speed)
                + ",\"running\":" + running
                + ",\"service_mode\":\"" + serviceMode + '"'
                + ",\"power\":\"" + power + '"'
                + ",\"safety_circuit\":\"" + safetyCircuit + '"'
                + ",\"fault_code\":" + faultCode
                + '}';
    }
}
