package dev.vigil.sim.modbus;

import dev.vigil.profile.modbus.RegisterSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated CEMS emission analyser at an ultra-low-emission coal unit's outlet (typical values
 * from DOMAIN.md) with its status register; the exceedance scenario ramps SO₂ from ~18 past the
 * 28 mg/m³ pre-warning level (80 % of 35) and past the 35 mg/m³ limit up to 50.
 */
public final class CemsAnalyser implements SimulatedUnit {
    /** SO₂ ramp target of the exceedance scenario, mg/m³. */
    public static final double SO2_RAMP_TARGET = 50.0;

    private final String id;
    private final int unit;
    private final Scenario scenario;
    private final Random random;
    private final SimProcessImage image;
    private final Map<String, Signal> signals = new LinkedHashMap<>();

    /**
     * @param rampMillis how long the exceedance ramp takes from the base value to its target
     */
    public CemsAnalyser(String id, int unit, Scenario scenario, long rampMillis, long seed) {
        this.id = id;
        this.unit = unit;
        this.scenario = scenario;
        this.random = new Random(seed);
        this.image = new SimProcessImage(unit, 32, 0);
        Signal so2 = new Signal(18, 1.5, 0, 500);
        if (scenario == Scenario.EXCEEDANCE) so2.ramp(SO2_RAMP_TARGET, rampMillis);
        if (scenario == Scenario.STUCK) so2.stuck();
        signals.put("so2", so2);
        signals.put("nox", new Signal(32, 2.5, 0, 500));
        signals.put("particulate", new Signal(2.5, 0.4, 0, 100));
        signals.put("o2", new Signal(6.5, 0.3, 0, 21));
        signals.put("flue_velocity", new Signal(14, 0.8, 0, 40));
        signals.put("flue_temperature", new Signal(50, 1.0, 0, 200));
        signals.put("flue_pressure", new Signal(-0.3, 0.1, -5, 5));
        signals.put("humidity", new Signal(11, 0.6, 0, 40));
        update(0);
    }

    @Override public String id() { return id; }
    @Override public int unit() { return unit; }
    @Override public List<RegisterSpec> registers() { return VendorMaps.CEMS; }
    @Override public SimProcessImage image() { return image; }

    @Override
    public void update(long elapsedMillis) {
        Map<String, Double> v = new LinkedHashMap<>();
        signals.forEach((k, s) -> v.put(k, s.value(elapsedMillis, random)));
        v.put("flow", Math.round(v.get("flue_velocity") * 19.6 * 100) / 100.0); // 5 m diameter stack
        synchronized (image) {
            for (RegisterSpec r : VendorMaps.CEMS) {
                if (r.field().equals("data_flag")) {
                    image.write(r, (long) status());
                } else {
                    image.write(r, VendorMaps.raw(r, v.get(r.field())));
                }
            }
        }
    }

    private int status() {
        return switch (scenario) {
            case CALIBRATION -> VendorMaps.STATUS_CALIBRATION;
            case MAINTENANCE -> VendorMaps.STATUS_MAINTENANCE;
            case FAULT -> VendorMaps.STATUS_FAULT;
            default -> VendorMaps.STATUS_RUNNING;
        };
    }

    /** Writes fixed values (field → value) and status, for tests that expect exact readings. */
    public void set(Map<String, Double> values, int status) {
        synchronized (image) {
            for (RegisterSpec r : VendorMaps.CEMS) {
                if (r.field().equals("data_flag")) image.write(r, (long) status);
                else if (values.containsKey(r.field())) image.write(r, VendorMaps.raw(r, values.get(r.field())));
            }
        }
    }
}
