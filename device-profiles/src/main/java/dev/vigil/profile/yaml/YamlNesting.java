package dev.vigil.profile.yaml;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Guards snakeyaml-engine's composer, which builds nested collections by recursion and has no
 * depth limit: text nested deeper than {@link #MAX_DEPTH} (for example 5,000 opening brackets)
 * would end in a StackOverflowError. The check walks the parser's events, which need no
 * recursion, before the text is composed.
 */
public final class YamlNesting {
    /** Deepest nesting of maps and lists accepted; configuration files need fewer than ten. */
    public static final int MAX_DEPTH = 64;

    private YamlNesting() {}

    /**
     * The 1-based line where the text opens a map or list deeper than {@link #MAX_DEPTH}, or 0 when
     * it does not (syntax errors are left to the composer to report).
     */
    public static int tooDeepAt(String text, LoadSettings settings) {
        int depth = 0;
        try {
            for (Event e : new Parse(settings).parseString(text)) {
                if (e instanceof CollectionStartEvent) {
                    if (++depth > MAX_DEPTH) return e.getStartMark().map(m -> m.getLine() + 1).orElse(1);
                } else if (e instanceof CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YamlEngineException e) {
            return 0;
        }
        return 0;
    }

    /** The problem message for text nested too deeply. */
    public static String message() {
        return "YAML nested more than " + MAX_DEPTH + " maps or lists deep";
    }
}
