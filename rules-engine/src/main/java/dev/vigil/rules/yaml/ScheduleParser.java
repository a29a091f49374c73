package dev.vigil.rules.yaml;

import dev.vigil.rules.model.Schedule;
import org.snakeyaml.engine.v2.nodes.Node;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.vigil.rules.yaml.YamlNodes.line;

/** Reads {@code active: {from: "22:00", to: "06:00", days: [mon, tue], zone: Asia/Shanghai}}. */
final class ScheduleParser {

    private ScheduleParser() {}

    static Schedule parse(Node n, String id) {
        String what = "rule " + id + ": active";
        Map<String, Node> m = YamlNodes.map(n, what);
        for (String k : m.keySet()) {
            if (!Set.of("from", "to", "days", "zone").contains(k)) {
                throw new YamlError(line(m.get(k)), what + ": unknown key '" + k + "'; expected from, to, days, zone");
            }
        }
        if (!m.containsKey("from") || !m.containsKey("to")) throw new YamlError(line(n), what + ": needs 'from' and 'to' (e.g. \"22:00\")");
        LocalTime from = time(m.get("from"), what + ".from");
        LocalTime to = time(m.get("to"), what + ".to");
        if (from.equals(to)) throw new YamlError(line(m.get("to")), what + ": 'from' and 'to' are equal; leave out 'active' for always");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (m.containsKey("days")) {
            for (Node d : YamlNodes.list(m.get("days"), what + ".days")) days.add(day(d, what + ".days"));
        }
        ZoneId zone = null;
        if (m.containsKey("zone")) {
            String z = YamlNodes.string(m.get("zone"), what + ".zone");
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                throw new YamlError(line(m.get("zone")), what + ".zone '" + z + "': not a time zone id such as Asia/Shanghai");
            }
        }
        return new Schedule(from, to, days, zone);
    }

    private static LocalTime time(Node n, String what) {
        String s = YamlNodes.string(n, what);
        try {
            return LocalTime.parse(s.length() == 4 ? "0" + s : s);
        } catch (DateTimeParseException e) {
            throw new YamlError(line(n), what + ": '" + s + "' is not a time of day such as \"22:00\"");
        }
    }

    private static DayOfWeek day(Node n, String what) {
        String s = YamlNodes.string(n, what).toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(s) || d.name().substring(0, 3).equals(s)) return d;
        }
        throw new YamlError(line(n), what + ": '" + s.toLowerCase(Locale.ROOT) + "' is not a day (mon, tue, wed, thu, fri, sat, sun)");
    }
}
