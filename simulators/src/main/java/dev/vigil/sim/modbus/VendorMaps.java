package dev.vigil.sim.modbus;

import dev.vigil.profile.modbus.DataType;
import dev.vigil.profile.modbus.RegisterOrder;
import dev.vigil.profile.modbus.RegisterSpec;
import dev.vigil.profile.modbus.RegisterTable;

import java.util.List;
import java.util.Map;

/**
 * The register layouts the simulated devices expose, as a vendor's manual would list them; the
 * profiles. modbus sections (the modbus: key of profiles/emission-cems.yaml and power-transformer.yaml) describe the same layouts.
 */
public final class VendorMaps {
    private VendorMaps() {}

    /** Analyser status register values: 0 running, 1 maintenance, 2 fault, 3 calibration (5 = zero/span calibration). */
    public static final int STATUS_RUNNING = 0, STATUS_MAINTENANCE = 1, STATUS_FAULT = 2, STATUS_CALIBRATION = 3;

    /** CEMS analyser: ten FLOAT32 ABCD values from holding register 0, status in holding register 20. */
    public static final List<RegisterSpec> CEMS = List.of(
            f32("so2", 0), f32("nox", 2), f32("particulate", 4), f32("o2", 6), f32("flue_velocity", 8),
            f32("flue_temperature", 10), f32("flue_pressure", 12), f32("humidity", 14), f32("flow", 16),
            new RegisterSpec("data_flag", RegisterTable.HOLDING_REGISTER, 20, DataType.UINT16, RegisterOrder.ABCD,
                    0, -1, 1, 0, Map.of(0L, "N", 1L, "M", 2L, "D", 3L, "C", 5L, "C"), null, "cems vendor map"));

    /**
     * Transformer monitor: temperatures, load and TEV as scaled int16 input registers (0.1 units),
     * dissolved gases as FLOAT32 CDAB (word-swapped) holding registers from 10.
     */
    public static final List<RegisterSpec> TRANSFORMER = List.of(
            scaled("top_oil_temperature", 0, DataType.INT16), scaled("winding_temperature", 1, DataType.INT16),
            scaled("load_current", 2, DataType.UINT16), scaled("partial_discharge_tev", 3, DataType.INT16),
            cdab("h2", 10), cdab("c2h2", 12), cdab("total_hydrocarbons", 14));

    private static RegisterSpec f32(String field, int address) {
        return new RegisterSpec(field, RegisterTable.HOLDING_REGISTER, address, DataType.FLOAT32, RegisterOrder.ABCD,
                0, -1, 1, 0, Map.of(), null, "cems vendor map");
    }

    private static RegisterSpec scaled(String field, int address, DataType type) {
        return new RegisterSpec(field, RegisterTable.INPUT_REGISTER, address, type, RegisterOrder.ABCD,
                0, -1, 0.1, 0, Map.of(), null, "transformer vendor map");
    }

    private static RegisterSpec cdab(String field, int address) {
        return new RegisterSpec(field, RegisterTable.HOLDING_REGISTER, address, DataType.FLOAT32, RegisterOrder.CDAB,
                0, -1, 1, 0, Map.of(), null, "transformer vendor map");
    }

    /** The raw register value for a field value (inverse of scale and offset; rounded for integer types). */
    static Object raw(RegisterSpec spec, double value) {
        double raw = (value - spec.offset()) / spec.scale();
        return spec.type().integral() ? (Object) Math.round(raw) : (Object) raw;
    }
}
