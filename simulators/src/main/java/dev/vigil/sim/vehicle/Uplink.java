package dev.vigil.sim.vehicle;

import java.util.Map;

/** A vehicle terminal's way to the gateway (CoAP or JT/T 808): takes each reading as the fleet produces it. */
interface Uplink {
    /** Sends (or, while the network is down, buffers) one reading of the hazmat-vehicle profile. */
    void report(Map<String, Object> reading, boolean networkUp);
}
