package dev.vigil.sim.modbus;

import dev.vigil.profile.modbus.RegisterSpec;

import java.util.List;

/** One simulated Modbus device (a unit id) whose values are written into its process image on each update. */
public interface SimulatedUnit {

    /** The device id the gateway registry should use for it. */
    String id();

    /** Its unit id on its port. */
    int unit();

    /** Its registers, as the profile's modbus section describes them. */
    List<RegisterSpec> registers();

    /** The process image the j2mod slave serves. */
    SimProcessImage image();

    /** Recomputes the values for {@code elapsedMillis} after the simulation start and writes them. */
    void update(long elapsedMillis);
}
