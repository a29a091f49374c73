package dev.vigil.gateway.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The problems of one configuration load, collected so that all are reported together: file lines first, then variables. */
final class Problems {
    private record Problem(int rank, String source, int line, String text) {}

    private final List<Problem> list = new ArrayList<>();

    /** A problem at a line of the file or with a variable; {@code text} follows {@code where: }. */
    void at(Given g, String text) {
        list.add(g.fromEnv() ? new Problem(1, g.envVar(), 0, g.where() + ": " + text)
                : new Problem(0, g.source(), g.line(), g.where() + ": " + text));
    }

    void atLine(String source, int line, String text) {
        list.add(new Problem(0, source, line, source + ":" + line + ": " + text));
    }

    void inEnv(String var, String text) {
        list.add(new Problem(1, var, 0, var + ": " + text));
    }

    /** A problem with no single place (e.g. two keys that do not fit together, neither of them set). */
    void general(String text) {
        list.add(new Problem(2, "", list.size(), text));
    }

    int size() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<String> sorted() {
        return list.stream().sorted(Comparator.comparingInt(Problem::rank).thenComparing(Problem::source)
                .thenComparingInt(Problem::line)).map(Problem::text).toList();
    }
}
