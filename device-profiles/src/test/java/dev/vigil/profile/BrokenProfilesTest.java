package dev.vigil.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden cases: each broken/NAME.yaml must produce exactly the lines of broken/NAME.expected. */
class BrokenProfilesTest {
    static final Path DIR = Path.of("src", "test", "resources", "broken");
    static final List<String> CASES = List.of("bad-indent", "bad-parameters", "empty", "field-problems", "hj212-problems", "missing-keys",
            "not-a-mapping", "syntax-error", "wrong-name");

    @ParameterizedTest
    @ValueSource(strings = {"bad-indent", "bad-parameters", "empty", "field-problems", "hj212-problems", "missing-keys",
            "not-a-mapping", "syntax-error", "wrong-name"})
    void reportsExactProblems(String name) throws Exception {
        Path file = DIR.resolve(name + ".yaml");
        ProfileLoader.Result r = ProfileLoader.check(List.of(file));
        assertEquals(expected(name), r.problems().stream().map(Problem::toString).toList());
        assertTrue(r.profiles().isEmpty());
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.loadFile(file));
        assertEquals(String.join("\n", expected(name)), e.getMessage());
    }

    @Test
    void directoryCollectsEveryFilesProblems() throws Exception {
        List<String> all = new ArrayList<>();
        for (String c : CASES) all.addAll(expected(c));
        ProfileLoader.Result r = ProfileLoader.check(List.of(DIR));
        assertEquals(all, r.problems().stream().map(Problem::toString).toList());
        assertEquals(List.of(), List.copyOf(r.profiles().keySet()));
    }

    @Test
    void fieldProblemsCoverTheBriefsList() throws Exception {
        String text = String.join("\n", expected("field-problems"));
        for (String s : List.of("unknown key 'rnage'", "labels lack 'en'", "unknown type 'bool'", "an enum needs 'values'",
                "min 100 is greater than max -5", "'min' applies only to number and integer fields, not enum",
                "'unit' applies only to number and integer fields, not enum",
                "'floor' is defined twice")) {
            assertTrue(text.contains(s), s);
        }
    }

    @Test
    void duplicateKeyInsideAnOtherSectionIsReported(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("dup.yaml");
        Files.writeString(f, """
                name: dup
                version: 1
                labels: {zh: 重复, en: Dup}
                fields:
                  x: {type: number, labels: {zh: 甲, en: X}}
                modbus:
                  registers: 1
                  registers: 2
                """);
        assertEquals(List.of(f + ":8: modbus: 'registers' is defined twice (first at line 7); keep one"),
                ProfileLoader.check(List.of(f)).problems().stream().map(Problem::toString).toList());
    }

    @Test
    void missingDirectoryAndEmptyDirectory(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope");
        assertEquals(List.of(missing + ": no such file or directory"),
                ProfileLoader.check(List.of(missing)).problems().stream().map(Problem::toString).toList());
        assertEquals(List.of(tmp + ": no profile files (*.yaml) in this directory"),
                ProfileLoader.check(List.of(tmp)).problems().stream().map(Problem::toString).toList());
    }

    @Test
    void invalidUtf8IsAProblemNotACrash(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("latin.yaml");
        Files.write(f, "name: latin\nlabels: {zh: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(f + ": not valid UTF-8 text: save the file as UTF-8"),
                ProfileLoader.check(List.of(f)).problems().stream().map(Problem::toString).toList());
    }

    static List<String> expected(String name) throws Exception {
        return Files.readAllLines(DIR.resolve(name + ".expected"), StandardCharsets.UTF_8);
    }
}
