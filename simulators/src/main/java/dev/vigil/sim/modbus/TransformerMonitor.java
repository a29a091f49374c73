package dev.vigil.sim.modbus;

import dev.vigil.profile.modbus.RegisterSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated oil-immersed power transformer monitor (typical values from DOMAIN.md): top-oil and
 * winding temperature, load current, partial discharge TEV and dissolved gases. The exceedance
 * scenario ramps top oil from ~60 °C past 85 to 100 °C; partial-discharge ramps TEV past 20 and 35 dBmV.
 */
public final class TransformerMonitor implements SimulatedUnit {
    private final String id;
    private final int unit;
    private final Random random;
    private final SimProcessImage image;
    private final Map<String, Signal> signals = new LinkedHashMap<>();

    public TransformerMonitor(String id, int unit, Scenario scenario, long rampMillis, long seed) {
        this.id = id;
        this.unit = unit;
        this.random = new Random(seed);
        this.image = new SimProcessImage(unit, 32, 0);
        Signal topOil = new Signal(60, 0.8, -40, 150);
        if (scenario == Scenario.EXCEEDANCE) topOil.ramp(100, rampMillis);
        if (scenario == Scenario.STUCK) topOil.stuck();
        Signal tev = new Signal(8, 1.5, 0, 80);
        if (scenario == Scenario.PARTIAL_DISCHARGE) tev.ramp(42, rampMillis);
        signals.put("top_oil_temperature", topOil);
        signals.put("load_current", new Signal(1800, 60, 0, 6000));
        signals.put("partial_discharge_tev", tev);
        signals.put("h2", new Signal(40, 3, 0, 2000));
        signals.put("c2h2", new Signal(0.3, 0.05, 0, 100));
        signals.put("total_hydrocarbons", new Signal(55, 4, 0, 2000));
        update(0);
    }

    @Override public String id() { return id; }
    @Override public int unit() { return unit; }
    @Override public List<RegisterSpec> registers() { return VendorMaps.TRANSFORMER; }
    @Override public SimProcessImage image() { return image; }

    @Override
    public void update(long elapsedMillis) {
        Map<String, Double> v = new LinkedHashMap<>();
        signals.forEach((k, s) -> v.put(k, s.value(elapsedMillis, random)));
        // hot spot runs ~15 K above top oil at rated load, scaling with load
        double hotSpot = v.get("top_oil_temperature") + 15 * Math.pow(v.get("load_current") / 2400.0, 1.6);
        v.put("winding_temperature", Math.round(hotSpot * 10) / 10.0);
        set(v);
    }

    /** Writes fixed values (field → value), for tests that expect exact readings. */
    public void set(Map<String, Double> values) {
        synchronized (image) {
            for (RegisterSpec r : VendorMaps.TRANSFORMER) {
                if (values.containsKey(r.field())) image.write(r, VendorMaps.raw(r, values.get(r.field())));
            }
        }
    }
}
