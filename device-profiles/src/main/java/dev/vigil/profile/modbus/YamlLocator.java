package dev.vigil.profile.modbus;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the line of a value inside a YAML file by its path of keys and list indexes, by composing
 * the file with snakeyaml-engine's node API; used to point register-map errors at file:line.
 */
final class YamlLocator {
    private final Path source;
    private Node root;
    private boolean loaded;

    YamlLocator(Path source) {
        this.source = source;
    }

    /**
     * "file:line" of the node at {@code path} (map keys as strings, list positions as integers),
     * of its nearest existing ancestor when the last steps are missing, or null without a source.
     */
    String locate(List<Object> path) {
        Node n = root();
        if (n == null) return null;
        Node best = n;
        for (Object step : path) {
            Node next = child(n, step);
            if (next == null) break;
            best = next;
            n = next;
        }
        return best.getStartMark().map(m -> source + ":" + (m.getLine() + 1)).orElse(source.toString());
    }

    private Node root() {
        if (!loaded) {
            loaded = true;
            if (source != null && Files.isReadable(source)) {
                try (Reader r = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                    root = new Compose(LoadSettings.builder().build()).composeReader(r).orElse(null);
                } catch (IOException | RuntimeException e) {
                    root = null;
                }
            }
        }
        return root;
    }

    private static Node child(Node n, Object step) {
        if (n instanceof MappingNode m && step instanceof String key) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
            }
        } else if (n instanceof SequenceNode s && step instanceof Integer i && i < s.getValue().size()) {
            return s.getValue().get(i);
        }
        return null;
    }
}
