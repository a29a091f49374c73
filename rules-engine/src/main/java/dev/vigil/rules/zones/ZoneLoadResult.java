package dev.vigil.rules.zones;

import java.util.List;

/**
 * The outcome of loading a zones directory: a new index when every file was valid, otherwise the
 * problems found (each naming the file and feature), so a reload can keep the old index.
 *
 * @param index    the loaded zones, or null when there were problems
 * @param problems what was wrong, one message per problem; empty when {@code index} is set
 */
public record ZoneLoadResult(ZoneIndex index, List<String> problems) {

    public ZoneLoadResult {
        problems = List.copyOf(problems);
    }

    /** True when the directory loaded without problems. */
    public boolean ok() {
        return index != null;
    }
}
