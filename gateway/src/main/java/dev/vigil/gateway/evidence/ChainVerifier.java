package dev.vigil.gateway.evidence;

import dev.vigil.gateway.alerts.AlertChain;
import dev.vigil.gateway.history.InfluxQl;
import dev.vigil.gateway.history.InfluxQueryClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the alert event chain stored in InfluxDB over a time range (the rules' alert events and the
 * disposal cases' steps, kind TRANSITION and OVERDUE, whose case fields the hash covers too): recomputes each event's hash
 * from its stored content, checks that it names the previous event's hash and that no sequence
 * number is missing, and names the first event that does not match.
 */
public final class ChainVerifier {
    private final InfluxQueryClient influx;

    public ChainVerifier(InfluxQueryClient influx) {
        this.influx = influx;
    }

    /** One checked event (what the report needs, not its whole content). */
    public record Entry(long seq, long time, String alertId, String kind, String hash, String previousHash, boolean contentMatches) {}

    /**
     * The outcome.
     *
     * @param checked   chained events in the range
     * @param unchained events without a chain link (stored before the chain existed)
     * @param firstBad  the first event that does not match, or null
     * @param problem   what is wrong with it, or null
     */
    public record Result(int checked, int unchained, Entry firstBad, String problem) {
        public boolean ok() {
            return firstBad == null;
        }
    }

    /** Verifies the events stored in [from, to] (epoch ms). Blocking. */
    public Result verify(long from, long to) {
        List<Entry> entries = new ArrayList<>();
        int[] unchained = {0};
        influx.query("SELECT * FROM " + InfluxQl.ident("alert_events") + " WHERE time >= " + InfluxQl.ms(from)
                + " AND time <= " + InfluxQl.ms(to), 10_000, (m, tags, cols, v) -> {
            Map<String, Object> row = new LinkedHashMap<>(tags);
            for (int i = 0; i < cols.size(); i++) row.put(cols.get(i), v[i]);
            if (!(row.get("seq") instanceof Number seq)) {
                unchained[0]++;
                return;
            }
            String hash = str(row.get("hash"));
            String prev = str(row.get("prev_hash"));
            boolean matches = hash != null && prev != null
                    && hash.equals(AlertChain.hash(seq.longValue(), prev, AlertChain.Content.of(row)));
            entries.add(new Entry(seq.longValue(), ((Number) row.get("time")).longValue(), str(row.get("alert_id")),
                    str(row.get("kind")), hash, prev, matches));
        });
        entries.sort(Comparator.comparingLong(Entry::seq));
        Entry before = null;
        for (Entry e : entries) {
            if (!e.contentMatches()) return new Result(entries.size(), unchained[0], e, "its content does not match its hash (changed after it was written)");
            if (before != null) {
                if (e.seq() == before.seq()) return new Result(entries.size(), unchained[0], e, "a second event with the same sequence number");
                if (e.seq() != before.seq() + 1) {
                    return new Result(entries.size(), unchained[0], e, "events " + (before.seq() + 1) + ".." + (e.seq() - 1) + " before it are missing");
                }
                if (!e.previousHash().equals(before.hash())) {
                    return new Result(entries.size(), unchained[0], e, "it does not follow the event before it (previous hash differs)");
                }
            }
            before = e;
        }
        return new Result(entries.size(), unchained[0], null, null);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
