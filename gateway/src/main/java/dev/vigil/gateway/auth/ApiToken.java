package dev.vigil.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An API token of a user, for machine clients ({@code Authorization: Bearer vigil_ID_SECRET}): only
 * the SHA-256 of the whole token is stored (the secret has 256 random bits, so a slow hash adds
 * nothing); the token acts with its user's role and scope.
 *
 * @param id      public identifier (8 hex digits), also the handle to revoke it
 * @param sha256  hex SHA-256 of the token text
 * @param created when it was made (ISO-8601)
 * @param label   what it is for (free text, may be empty)
 */
public record ApiToken(String id, String sha256, String created, String label) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("vigil_([0-9a-f]{8})_[A-Za-z0-9_-]{43}");

    /** A new token: the text to hand out once, and the record to store. */
    public record Issued(String token, ApiToken record) {}

    /** Makes a token with a fresh id and secret. */
    public static Issued issue(String created, String label) {
        byte[] id = new byte[4];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String token = "vigil_" + HexFormat.of().formatHex(id) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(token, new ApiToken(HexFormat.of().formatHex(id), sha256(token), created, label == null ? "" : label));
    }

    /** The id of a token text, or null when it is not of the form {@code vigil_ID_SECRET}. */
    public static String idOf(String token) {
        var m = token == null ? null : FORM.matcher(token);
        return m != null && m.matches() ? m.group(1) : null;
    }

    /** True when {@code token} is this token (constant-time comparison of the hashes). */
    public boolean matches(String token) {
        return MessageDigest.isEqual(sha256.getBytes(StandardCharsets.US_ASCII), sha256(token).getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
