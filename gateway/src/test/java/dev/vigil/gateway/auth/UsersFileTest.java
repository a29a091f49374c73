package dev.vigil.gateway.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsersFileTest {

    /** Token ids and hashes that YAML would read as numbers stay text. */
    @Test
    void numericLookingTokenIdsSurviveARoundTrip(@TempDir Path dir) {
        Path f = dir.resolve("users.yaml");
        List<ApiToken> tokens = List.of(new ApiToken("12345678", "0".repeat(63) + "1", "2026-01-01T00:00:00Z", ""),
                new ApiToken("0123e456", "1".repeat(60) + "e100", "2026-01-01T00:00:00Z", "x"));
        User u = new User("city", Role.REGULATOR, List.of("wuhai-wuda"), null, null, tokens);
        UsersFile.save(f, List.of(u));
        assertEquals(List.of(u), UsersFile.load(f));
    }
}
