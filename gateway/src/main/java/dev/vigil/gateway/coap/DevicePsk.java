package dev.vigil.gateway.coap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Derives each device's DTLS pre-shared key from the gateway's master secret, so the gateway
 * stores no per-device key: {@code PSK = hex(HMAC-SHA256(master, "vigil-coap-psk/v1:" + id)[0..16))}.
 *
 * <p>The key is the 32-character lower-case hex string itself, used as 32 ASCII bytes: a
 * printable key (128 bits of entropy) is what constrained devices and libcoap's
 * {@code coap-client -k} accept. {@code vigil device psk --id ID} prints it for provisioning.
 */
public final class DevicePsk {
    private static final String CONTEXT = "vigil-coap-psk/v1:";
    /** Shortest master secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;

    private DevicePsk() {}

    /** The device's PSK as the printable string that provisioning hands out. */
    public static String forDevice(String masterSecret, String deviceId) {
        checkSecret(masterSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] d = mac.doFinal((CONTEXT + deviceId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The key bytes a DTLS stack uses: the ASCII bytes of {@link #forDevice}. */
    public static byte[] keyBytes(String masterSecret, String deviceId) {
        return forDevice(masterSecret, deviceId).getBytes(StandardCharsets.US_ASCII);
    }

    /** Refuses a missing or short master secret with a message naming the setting. */
    static void checkSecret(String masterSecret) {
        if (masterSecret == null || masterSecret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("coap.psk_secret (or " + CoapConfig.PSK_SECRET_ENV + ") must be set to at least "
                    + MIN_SECRET_LENGTH + " characters when DTLS is enabled"
                    + (masterSecret == null ? "" : "; got " + masterSecret.length()));
        }
    }
}
