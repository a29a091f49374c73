package dev.vigil.profile.modbus;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A profile's Modbus register map with its read plan, computed once per profile and kept in a
 * cache; the poller asks {@link #of} on every device start, never plans per poll.
 *
 * <p>The profile section looks like:
 * <pre>
 * modbus:
 *   max_gap_registers: 10          # optional, overrides the gateway default
 *   registers:
 *     - field: so2                 # a profile field
 *       table: holding_register    # coil | discrete_input | input_register | holding_register (default)
 *       address: 0                 # protocol address, 0-based
 *       type: float32              # bit int16 uint16 int32 uint32 int64 float32 float64 string
 *       order: ABCD                # ABCD (default) | CDAB | BADC | DCBA
 *     - field: data_flag
 *       address: 20
 *       type: uint16
 *       enum: {0: N, 1: M, 2: D, 3: C, 5: C}
 *       enum_default: D            # optional; otherwise an unmapped code is a per-register error
 *     - field: flue_pressure
 *       table: input_register
 *       address: 3
 *       type: int16
 *       scale: 0.01                # value = raw * scale + offset
 *       offset: 0
 * </pre>
 */
public final class RegisterMap {
    private static final Map<DeviceProfile, Map<PlanOptions, RegisterMap>> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final DeviceProfile profile;
    private final List<RegisterSpec> registers;
    private final List<ReadRequest> plan;
    private final PlanOptions options;

    RegisterMap(DeviceProfile profile, List<RegisterSpec> registers, List<ReadRequest> plan, PlanOptions options) {
        this.profile = profile;
        this.registers = List.copyOf(registers);
        this.plan = plan;
        this.options = options;
    }

    /**
     * The register map of a profile, parsed and planned on first use and cached per profile.
     *
     * @param defaults gap defaults; the profile's own max_gap_* keys take precedence
     * @throws ModbusMapException when the profile has no valid modbus section
     */
    public static RegisterMap of(DeviceProfile profile, PlanOptions defaults) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(profile, p -> new java.util.HashMap<>())
                    .computeIfAbsent(defaults, d -> new RegisterMapParser(profile).parse(d));
        }
    }

    /** Parses without caching (for checks and tests). */
    public static RegisterMap parse(DeviceProfile profile, PlanOptions defaults) {
        return new RegisterMapParser(profile).parse(defaults);
    }

    /** True when the profile has a modbus section. */
    public static boolean declaredBy(DeviceProfile profile) {
        return profile.sections().containsKey("modbus");
    }

    public DeviceProfile profile() { return profile; }

    /** Entries in declaration order. */
    public List<RegisterSpec> registers() { return registers; }

    /** The reads that cover every entry. */
    public List<ReadRequest> plan() { return plan; }

    /** The gap options the plan was made with. */
    public PlanOptions options() { return options; }

    /**
     * Decodes the entries of one completed read into {@code values} (aligned with the profile's
     * fields). Entries that cannot be decoded are left null and added to {@code errors}.
     *
     * @param data the items read: unsigned 16-bit registers, or 0/1 per bit, from {@code request.start()}
     */
    public void decode(ReadRequest request, int[] data, Object[] values, List<RegisterDecodeException> errors) {
        if (data.length < request.count()) {
            throw new IllegalArgumentException(request + ": got " + data.length + " items, expected " + request.count());
        }
        for (RegisterSpec spec : request.registers()) {
            int idx = profile.index(spec.field());
            FieldSpec field = profile.fields().get(idx);
            try {
                values[idx] = FieldValues.toField(spec, field, RegisterCodec.decode(spec, data, spec.address() - request.start()));
            } catch (RegisterDecodeException e) {
                errors.add(e);
            }
        }
    }
}
