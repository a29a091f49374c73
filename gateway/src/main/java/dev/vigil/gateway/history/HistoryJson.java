package dev.vigil.gateway.history;

import dev.vigil.profile.FieldSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON pieces shared by the history endpoints: field descriptions and error bodies. */
final class HistoryJson {
    private HistoryJson() {}

    /** {@code {"type": ..., "unit": ..., "label": {"zh": ..., "en": ...}}} (plus values of an enum). */
    static JsonObject field(FieldSpec f) {
        JsonObject o = new JsonObject().put("type", f.type().yamlName()).put("unit", f.unit())
                .put("label", new JsonObject().put("zh", f.labelZh()).put("en", f.labelEn()));
        if (!f.values().isEmpty()) o.put("values", new JsonArray(f.values()));
        return o;
    }

    /** {@code {"error": ..., "field": ...}}. */
    static JsonObject error(String message, String field) {
        return new JsonObject().put("error", message).put("field", field);
    }
}
