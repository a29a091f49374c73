package dev.vigil.profile.modbus;

import dev.vigil.profile.DeviceProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Read planning: merging neighbours, the 125-register and 2000-bit limits, the largest gap, caching per profile. */
class ReadPlanTest {

    private static RegisterSpec reg(String field, RegisterTable t, int address, DataType type) {
        return new RegisterSpec(field, t, address, type, RegisterOrder.ABCD, 0, -1, 1, 0, Map.of(), null, "test");
    }

    private static String describe(List<ReadRequest> plan) {
        return plan.toString();
    }

    @Test
    void adjacentRegistersBecomeOneRead() {
        List<RegisterSpec> specs = new ArrayList<>();
        for (int i = 0; i < 10; i++) specs.add(reg("f" + i, RegisterTable.HOLDING_REGISTER, i * 2, DataType.FLOAT32));
        specs.add(reg("status", RegisterTable.HOLDING_REGISTER, 20, DataType.UINT16));
        List<ReadRequest> plan = ReadPlanner.plan(specs, new PlanOptions(0, 0));
        assertEquals("[holding_register 0+21]", describe(plan));
        assertEquals(11, plan.get(0).registers().size());
    }

    @Test
    void tablesAreNeverMixed() {
        List<RegisterSpec> specs = List.of(
                reg("a", RegisterTable.INPUT_REGISTER, 0, DataType.UINT16),
                reg("b", RegisterTable.HOLDING_REGISTER, 1, DataType.UINT16),
                reg("c", RegisterTable.COIL, 0, DataType.BIT),
                reg("d", RegisterTable.DISCRETE_INPUT, 0, DataType.BIT));
        assertEquals("[coil 0+1, discrete_input 0+1, input_register 0+1, holding_register 1+1]",
                describe(ReadPlanner.plan(specs, PlanOptions.defaults())));
    }

    @Test
    void gapUpToTheLimitIsReadThrough() {
        List<RegisterSpec> specs = List.of(
                reg("a", RegisterTable.HOLDING_REGISTER, 0, DataType.UINT16),
                reg("b", RegisterTable.HOLDING_REGISTER, 11, DataType.UINT16),
                reg("c", RegisterTable.HOLDING_REGISTER, 23, DataType.FLOAT32));
        // gap a->b is 10 registers, b->c is 11
        assertEquals("[holding_register 0+12, holding_register 23+2]", describe(ReadPlanner.plan(specs, new PlanOptions(10, 0))));
        assertEquals("[holding_register 0+25]", describe(ReadPlanner.plan(specs, new PlanOptions(11, 0))));
        assertEquals("[holding_register 0+1, holding_register 11+1, holding_register 23+2]",
                describe(ReadPlanner.plan(specs, new PlanOptions(9, 0))));
    }

    @Test
    void readsStopAt125Registers() {
        List<RegisterSpec> specs = new ArrayList<>();
        for (int i = 0; i < 100; i++) specs.add(reg("f" + i, RegisterTable.INPUT_REGISTER, i * 2, DataType.FLOAT32));
        // 200 registers: 62 floats (124 registers) fit in the first read; the 63rd would make 126
        List<ReadRequest> plan = ReadPlanner.plan(specs, PlanOptions.defaults());
        assertEquals("[input_register 0+124, input_register 124+76]", describe(plan));
        assertEquals(62, plan.get(0).registers().size());
    }

    @Test
    void aValueIsNeverSplitAcrossReads() {
        List<RegisterSpec> specs = List.of(
                reg("a", RegisterTable.HOLDING_REGISTER, 0, DataType.UINT16),
                reg("b", RegisterTable.HOLDING_REGISTER, 123, DataType.INT64));
        assertEquals("[holding_register 0+1, holding_register 123+4]", describe(ReadPlanner.plan(specs, new PlanOptions(200, 0))));
    }

    @Test
    void bitReadsStopAt2000Bits() {
        List<RegisterSpec> specs = new ArrayList<>();
        for (int i = 0; i < 2500; i += 100) specs.add(reg("c" + i, RegisterTable.COIL, i, DataType.BIT));
        List<ReadRequest> plan = ReadPlanner.plan(specs, new PlanOptions(0, 100));
        assertEquals("[coil 0+1901, coil 2000+401]", describe(plan));
    }

    @Test
    void bitsOfOneRegisterShareARead() {
        RegisterSpec a = new RegisterSpec("a", RegisterTable.HOLDING_REGISTER, 5, DataType.BIT, RegisterOrder.ABCD, 0, 0, 1, 0, Map.of(), null, "t");
        RegisterSpec b = new RegisterSpec("b", RegisterTable.HOLDING_REGISTER, 5, DataType.BIT, RegisterOrder.ABCD, 0, 3, 1, 0, Map.of(), null, "t");
        assertEquals("[holding_register 5+1]", describe(ReadPlanner.plan(List.of(a, b), new PlanOptions(0, 0))));
    }

    @Test
    void planIsComputedOncePerProfileAndHonoursTheProfileGap() {
        DeviceProfile p = TestProfiles.fromText("gaps", """
                fields:
                  - {name: a, type: number}
                  - {name: b, type: number}
                modbus:
                  max_gap_registers: 2
                  registers:
                    - {field: a, address: 0, type: uint16}
                    - {field: b, address: 4, type: uint16}
                """);
        RegisterMap first = RegisterMap.of(p, PlanOptions.defaults());
        assertSame(first, RegisterMap.of(p, PlanOptions.defaults()));
        assertSame(first.plan(), RegisterMap.of(p, PlanOptions.defaults()).plan());
        assertEquals("[holding_register 0+1, holding_register 4+1]", describe(first.plan()));
    }
}
