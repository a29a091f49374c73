package dev.vigil.rules.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.profile.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/** The small CSV dialect of recordings: comma-separated, optional double quotes ("" inside quotes is a quote). */
final class Csv {

    private Csv() {}

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) throw new RecordedTelemetry.BadDataException("unterminated quote");
        out.add(cell.toString().trim());
        return out;
    }

    /** A cell as the JSON value its field expects (the decoder then validates it like live data). */
    static JsonNode typed(FieldSpec f, String cell) {
        JsonNodeFactory j = JsonNodeFactory.instance;
        try {
            return switch (f.type()) {
                case NUMBER -> j.numberNode(Double.parseDouble(cell));
                case INTEGER -> j.numberNode(Long.parseLong(cell));
                case BOOLEAN -> switch (cell) {
                    case "true" -> j.booleanNode(true);
                    case "false" -> j.booleanNode(false);
                    default -> j.textNode(cell);
                };
                default -> j.textNode(cell);
            };
        } catch (NumberFormatException e) {
            return j.textNode(cell);
        }
    }
}
