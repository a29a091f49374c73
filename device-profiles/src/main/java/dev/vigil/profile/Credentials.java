package dev.vigil.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Access tokens and their storage form: tokens are 128-bit random strings, stored only as
 * SHA-256 over the registry's salt and the token ({@code sha256:<hex>}).
 *
 * <p>A per-registry salt (rather than per device) keeps the lookup by token O(1), which the
 * ThingsBoard convention needs (the token alone is the MQTT username / CoAP path). Because tokens
 * are long random values, not passwords, a slow KDF adds nothing against guessing and would cost
 * milliseconds per connection at fleet scale.
 */
public final class Credentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {}

    /** A new random token: 22 URL-safe characters (128 bits). */
    public static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A new random salt for a registry file. */
    public static String newSalt() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The stored form of a token under a registry salt. */
    public static String hash(String salt, String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(token.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented token with a stored hash. */
    public static boolean matches(String salt, String token, String storedHash) {
        if (token == null || storedHash == null) return false;
        return MessageDigest.isEqual(hash(salt, token).getBytes(StandardCharsets.UTF_8),
                storedHash.getBytes(StandardCharsets.UTF_8));
    }
}
