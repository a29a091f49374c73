package dev.vigil.gateway.jt808;

/**
 * The header of one JT/T 808 message (2013 and 2019 editions), as decoded from or encoded into a frame.
 *
 * @param messageId       message id, e.g. 0x0200
 * @param bodyLength      body length from the properties word (bits 0-9)
 * @param encryption      encryption bits 10-12 (0: none, 1: RSA)
 * @param split           bit 13: the body is one packet of a split message
 * @param v2019           bit 14: 2019 header (protocol version byte, 10-byte BCD phone)
 * @param protocolVersion the 2019 header's version byte (1 for 2019), 0 for 2013
 * @param phone           terminal phone number as BCD digits: 12 digits (2013) or 20 (2019)
 * @param serial          message serial number
 * @param packetTotal     packets of a split message (0 when not split)
 * @param packetIndex     this packet's index, from 1 (0 when not split)
 */
public record Jt808Header(int messageId, int bodyLength, int encryption, boolean split, boolean v2019,
                          int protocolVersion, String phone, int serial, int packetTotal, int packetIndex) {

    /** Header length in bytes: 12 (2013) or 17 (2019), plus 4 for a split packet. */
    public int length() {
        return (v2019 ? 17 : 12) + (split ? 4 : 0);
    }

    /** The phone number without leading zeros: the same terminal in 2013 and 2019 headers. */
    public String phoneKey() {
        return phoneKey(phone);
    }

    /** A phone number without leading zeros ("0" for all zeros). */
    public static String phoneKey(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') i++;
        return digits.substring(i);
    }

    /** This header with another body length (as decoded from a frame carrying that body). */
    public Jt808Header withBodyLength(int n) {
        return new Jt808Header(messageId, n, encryption, split, v2019, protocolVersion, phone, serial, packetTotal, packetIndex);
    }

    /** A reply header for the same terminal and edition: platform message id and serial, no split. */
    public Jt808Header reply(int replyId, int replySerial) {
        return new Jt808Header(replyId, 0, 0, false, v2019, protocolVersion, phone, replySerial, 0, 0);
    }
}
