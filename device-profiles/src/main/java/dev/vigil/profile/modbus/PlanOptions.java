package dev.vigil.profile.modbus;

/**
 * How eagerly the read planner merges neighbouring entries: the largest run of unmapped items it
 * reads through rather than starting a new request.
 *
 * @param maxGapRegisters largest gap, in registers, inside one register read (0 = only adjacent)
 * @param maxGapBits      largest gap, in bits, inside one coil or discrete-input read
 */
public record PlanOptions(int maxGapRegisters, int maxGapBits) {

    public PlanOptions {
        if (maxGapRegisters < 0 || maxGapBits < 0) throw new IllegalArgumentException("gaps must be >= 0");
    }

    /** Read through up to 10 unmapped registers or 80 unmapped bits. */
    public static PlanOptions defaults() {
        return new PlanOptions(10, 80);
    }

    int gapFor(RegisterTable t) {
        return t.bits() ? maxGapBits : maxGapRegisters;
    }
}
