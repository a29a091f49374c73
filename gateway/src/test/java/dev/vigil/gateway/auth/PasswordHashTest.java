package dev.vigil.gateway.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest {

    @Test
    void hashesArePbkdf2WithAtLeast210000IterationsAndSaltedAndVerify() {
        String h = PasswordHash.hash("correct horse".toCharArray());
        String[] p = h.split("\\$");
        assertEquals("pbkdf2-sha256", p[0]);
        assertEquals(210_000, Integer.parseInt(p[1]));
        assertFalse(h.contains("correct"));
        assertTrue(PasswordHash.verify("correct horse".toCharArray(), h));
        assertFalse(PasswordHash.verify("correct horsE".toCharArray(), h));
        assertNotEquals(h, PasswordHash.hash("correct horse".toCharArray()), "a fresh salt each time");
        assertNull(PasswordHash.problem(h));
    }

    @Test
    void weakOrMalformedHashesAreRefused() {
        String h = PasswordHash.hash("x".toCharArray());
        String weak = h.replace("$210000$", "$1000$");
        assertEquals("password hash has 1000 iterations; at least 210000 required", PasswordHash.problem(weak));
        assertFalse(PasswordHash.verify("x".toCharArray(), weak));
        assertEquals("password hash must look like pbkdf2-sha256$ITERATIONS$SALT$KEY", PasswordHash.problem("secret"));
        assertFalse(PasswordHash.verify("secret".toCharArray(), "secret"), "a clear-text 'hash' never matches");
    }

    @Test
    void tokensAreStoredAsSha256AndMatchOnlyThemselves() {
        ApiToken.Issued t = ApiToken.issue("2026-01-01T00:00:00Z", "city platform");
        assertTrue(t.token().startsWith("vigil_" + t.record().id() + "_"));
        assertEquals(t.record().id(), ApiToken.idOf(t.token()));
        assertEquals(64, t.record().sha256().length());
        assertFalse(t.record().sha256().contains(t.token().substring(15)));
        assertTrue(t.record().matches(t.token()));
        assertFalse(t.record().matches(t.token() + "x"));
        assertNull(ApiToken.idOf("vigil_nothex00_abc"));
    }
}
