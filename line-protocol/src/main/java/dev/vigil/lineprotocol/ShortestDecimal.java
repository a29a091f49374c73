package dev.vigil.lineprotocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The slow, exact way to the shortest decimal that reads back as a given double (the nearest one
 * when several are as short), in Java's layout: for 1, 2, ... 17 significant digits, the double's
 * exact value rounded to that many digits, or the decimal one unit above or below it, is taken as
 * soon as one of them parses back to the same double (17 digits always do); a one-digit decimal gives
 * way to the nearest two-digit one, as in the JDK. For what the fast way
 * in {@link LineProtocolWriter} does not cover: subnormals, very large or small magnitudes, values
 * that need 16 or 17 digits.
 */
final class ShortestDecimal {
    private ShortestDecimal() {}

    /** {@code v}, finite and not zero, as ASCII bytes. */
    static byte[] of(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            BigDecimal hit = null;
            if (r.doubleValue() == v) {
                hit = r;
            } else {
                BigDecimal up = r.add(r.ulp());
                BigDecimal down = r.subtract(r.ulp());
                boolean upHits = up.precision() <= p && up.doubleValue() == v;
                boolean downHits = down.precision() <= p && down.signum() == r.signum() && down.doubleValue() == v;
                if (upHits && downHits) {
                    hit = up.subtract(exact).abs().compareTo(exact.subtract(down).abs()) <= 0 ? up : down;
                } else if (upHits) {
                    hit = up;
                } else if (downHits) {
                    hit = down;
                }
            }
            if (hit != null && p == 1) {
                // as Double.toString (JDK 19+): a one-digit decimal gives way to the nearest two-digit
                // one (4.9E-324, not 5.0E-324 for Double.MIN_VALUE)
                BigDecimal two = exact.round(new MathContext(2, RoundingMode.HALF_EVEN));
                if (two.doubleValue() == v) hit = two;
            }
            if (hit != null) return layout(v, hit.stripTrailingZeros()).getBytes(StandardCharsets.US_ASCII);
        }
        throw new IllegalStateException("no 17-digit decimal reads back as " + v);
    }

    /** Java's layout of {@code d}: plain from 10^-3 up to 10^7, else d.dddE±n. */
    private static String layout(double v, BigDecimal d) {
        String digits = d.unscaledValue().abs().toString();
        int n = digits.length();
        int e = n - 1 - d.scale();
        double a = Math.abs(v);
        StringBuilder sb = new StringBuilder(32);
        if (v < 0) sb.append('-');
        if (a >= 1e-3 && a < 1e7) {
            if (e >= 0) {
                if (n <= e + 1) {
                    sb.append(digits).append("0".repeat(e + 1 - n)).append(".0");
                } else {
                    sb.append(digits, 0, e + 1).append('.').append(digits, e + 1, n);
                }
            } else {
                sb.append("0.").append("0".repeat(-e - 1)).append(digits);
            }
        } else {
            sb.append(digits.charAt(0)).append('.').append(n > 1 ? digits.substring(1) : "0").append('E').append(e);
        }
        return sb.toString();
    }
}
