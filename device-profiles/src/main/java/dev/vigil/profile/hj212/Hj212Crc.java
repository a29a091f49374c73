package dev.vigil.profile.hj212;

/**
 * The check code of HJ 212-2017 (Appendix A): a CRC-16 over the data segment that starts at
 * 0xFFFF and folds each byte into the low byte of the register shifted right by eight, then runs
 * eight rounds of shift right with 0xA001 on a dropped one. It is not CRC-16/Modbus
 * ("123456789" gives 0x2F80 here, 0x4B37 there).
 */
public final class Hj212Crc {

    private Hj212Crc() {}

    /** The check code of {@code len} bytes from {@code off}. */
    public static int of(byte[] b, int off, int len) {
        int reg = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            reg = (reg >>> 8) ^ (b[i] & 0xFF);
            for (int k = 0; k < 8; k++) {
                int lsb = reg & 1;
                reg >>>= 1;
                if (lsb != 0) reg ^= 0xA001;
            }
        }
        return reg & 0xFFFF;
    }

    /** The check code of a whole array. */
    public static int of(byte[] b) {
        return of(b, 0, b.length);
    }

    /** The four upper-case hex digits written after the data segment. */
    public static String hex(int crc) {
        return String.format("%04X", crc & 0xFFFF);
    }
}
