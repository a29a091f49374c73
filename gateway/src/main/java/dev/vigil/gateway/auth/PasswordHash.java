package dev.vigil.gateway.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 from the JDK, 16 random salt bytes, 32-byte key, stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$KEY} (Base64). At least {@link #MIN_ITERATIONS} iterations
 * (OWASP's figure for PBKDF2-HMAC-SHA256); a stored hash with fewer is refused when the file is read.
 * Passwords live in {@code char[]} that callers clear; they are never stored or logged.
 */
public final class PasswordHash {
    /** The lowest iteration count accepted. */
    public static final int MIN_ITERATIONS = 210_000;
    /** The iteration count of new hashes. */
    public static final int ITERATIONS = 210_000;
    static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Verified against when the user is unknown, so that an unknown name costs as long as a wrong password. */
    private static final String DUMMY = hash("vigil-dummy-password".toCharArray());

    private PasswordHash() {}

    /** A new hash of {@code password} with a fresh salt. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /** True when {@code password} matches {@code stored} (compared in constant time); false for a malformed hash. */
    public static boolean verify(char[] password, String stored) {
        String problem = problem(stored);
        if (problem != null) return false;
        String[] p = stored.split("\\$");
        byte[] salt = Base64.getDecoder().decode(p[2]);
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] actual = derive(password, salt, Integer.parseInt(p[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification, for a log-in with an unknown user name. */
    public static void verifyDummy(char[] password) {
        verify(password, DUMMY);
    }

    /** What is wrong with a stored hash, or null when it is well-formed. */
    public static String problem(String stored) {
        if (stored == null || stored.isBlank()) return "missing password hash";
        String[] p = stored.split("\\$");
        if (p.length != 4 || !PREFIX.equals(p[0])) return "password hash must look like " + PREFIX + "$ITERATIONS$SALT$KEY";
        int iterations;
        try {
            iterations = Integer.parseInt(p[1]);
            Base64.getDecoder().decode(p[2]);
            if (Base64.getDecoder().decode(p[3]).length != KEY_BITS / 8) return "password hash key must be " + KEY_BITS / 8 + " bytes";
        } catch (IllegalArgumentException e) {
            return "password hash is malformed (" + e.getMessage() + ")";
        }
        if (iterations < MIN_ITERATIONS) return "password hash has " + iterations + " iterations; at least " + MIN_ITERATIONS + " required";
        return null;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A random password of {@code n} characters from an alphabet without look-alikes (for generated demo passwords). */
    public static String generate(int n) {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        String s = new String(c);
        Arrays.fill(c, ' ');
        return s;
    }
}
