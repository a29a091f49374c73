package dev.vigil.profile.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a register map's entries into as few reads as possible: per table, entries sorted by
 * address join the current read while the read stays within the table's per-read limit (125
 * registers, 2000 bits) and the unmapped gap before the entry is at most the configured gap.
 */
public final class ReadPlanner {

    private ReadPlanner() {}

    /** The reads covering every entry, ordered by table then address. */
    public static List<ReadRequest> plan(List<RegisterSpec> registers, PlanOptions options) {
        Map<RegisterTable, List<RegisterSpec>> byTable = new EnumMap<>(RegisterTable.class);
        for (RegisterSpec r : registers) byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
        List<ReadRequest> out = new ArrayList<>();
        for (Map.Entry<RegisterTable, List<RegisterSpec>> e : byTable.entrySet()) {
            RegisterTable table = e.getKey();
            List<RegisterSpec> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingInt(RegisterSpec::address).thenComparingInt(RegisterSpec::end));
            int maxGap = options.gapFor(table);
            List<RegisterSpec> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (RegisterSpec r : sorted) {
                if (!current.isEmpty()) {
                    int newEnd = Math.max(end, r.end());
                    boolean fits = newEnd - start <= table.maxPerRead() && r.address() - end <= maxGap;
                    if (fits) {
                        current.add(r);
                        end = newEnd;
                        continue;
                    }
                    out.add(new ReadRequest(table, start, end - start, current));
                    current = new ArrayList<>();
                }
                current.add(r);
                start = r.address();
                end = r.end();
            }
            if (!current.isEmpty()) out.add(new ReadRequest(table, start, end - start, current));
        }
        return List.copyOf(out);
    }
}
