package dev.vigil.sim.vehicle;

import java.util.List;

/**
 * The simulated fleet: on each tick, advances every vehicle to the simulation clock's time and
 * reports its reading through its uplink (unless the terminal is off).
 */
final class VehicleFleet {
    /** One vehicle and its terminal's uplink. */
    record Member(VehicleModel model, Uplink uplink) {}

    private final List<Member> members;
    private final SimClock clock;
    private long lastSim = Long.MIN_VALUE;

    VehicleFleet(List<Member> members, SimClock clock) {
        this.members = List.copyOf(members);
        this.clock = clock;
    }

    List<Member> members() {
        return members;
    }

    /** Moves the fleet to the clock's time at {@code wallNow} and sends one reading per vehicle. */
    void tick(long wallNow) {
        long sim = clock.simNow(wallNow);
        double dt = lastSim == Long.MIN_VALUE ? 0 : (sim - lastSim) / 1000.0;
        lastSim = sim;
        for (Member m : members) {
            m.model().advance(dt);
            if (m.model().terminalOn()) m.uplink().report(m.model().reading(sim), m.model().networkUp());
        }
    }
}
