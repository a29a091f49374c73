package dev.vigil.gateway.jt808;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/** Bodies of the platform's replies: general response 0x8001 and registration response 0x8100. */
public final class Replies {
    public static final int GENERAL_RESPONSE = 0x8001;
    public static final int REGISTRATION_RESPONSE = 0x8100;

    /** 0x8001 results. */
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int MESSAGE_ERROR = 2;
    public static final int UNSUPPORTED = 3;

    /** 0x8100 result: terminal not in the database. */
    public static final int TERMINAL_UNKNOWN = 4;

    /** Strings are GBK in JT/T 808. */
    public static final Charset GBK = Charset.forName("GBK");

    private Replies() {}

    /** 0x8001 body: reply serial WORD, reply id WORD, result BYTE. */
    public static byte[] general(int replySerial, int replyId, int result) {
        return new byte[] {(byte) (replySerial >> 8), (byte) replySerial, (byte) (replyId >> 8), (byte) replyId, (byte) result};
    }

    /** 0x8100 body: reply serial WORD, result BYTE, and the auth code (GBK) only when the result is 0. */
    public static byte[] registration(int replySerial, int result, String authCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(replySerial >> 8 & 0xFF);
        out.write(replySerial & 0xFF);
        out.write(result);
        if (result == 0 && authCode != null) out.writeBytes(authCode.getBytes(GBK));
        return out.toByteArray();
    }

    /**
     * The auth code of a 0x0102 body: the whole body (2013), or a length byte and that many bytes
     * followed by IMEI and software version (2019).
     */
    public static String authCode(byte[] body, boolean v2019) throws FrameException {
        if (!v2019) return new String(body, GBK);
        if (body.length < 1 || body.length < 1 + (body[0] & 0xFF)) {
            throw new FrameException(FrameException.Reason.BODY, "2019 authentication body too short for its auth code length");
        }
        return new String(body, 1, body[0] & 0xFF, GBK);
    }
}
