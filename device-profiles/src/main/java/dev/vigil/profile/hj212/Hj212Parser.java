package dev.vigil.profile.hj212;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses an HJ 212 data segment ({@code QN=...;ST=..;CN=....;PW=...;MN=...;Flag=.;CP=&&...&&})
 * into a {@link Hj212Packet}. The CP part is taken between {@code CP=&&} and the last {@code &&}
 * (its items use {@code ;} and {@code ,} themselves), split into {@code ;} groups of
 * {@code ,}-separated {@code key=value} pairs.
 */
public final class Hj212Parser {
    private static final Set<String> HEADER_KEYS = Set.of("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO");

    private Hj212Parser() {}

    /** Parses a data segment; throws {@link Hj212FormatException} naming the field at fault. */
    public static Hj212Packet parse(String segment) {
        int cpAt = segment.indexOf("CP=&&");
        if (cpAt < 0) throw new Hj212FormatException("no CP=&&...&& in the data segment");
        int cpEnd = segment.lastIndexOf("&&");
        if (cpEnd < cpAt + 5) throw new Hj212FormatException("CP is not closed with &&");
        String trailer = segment.substring(cpEnd + 2);
        if (!trailer.isEmpty()) throw new Hj212FormatException("unexpected text after CP's closing &&: '" + clip(trailer) + "'");
        if (cpAt > 0 && segment.charAt(cpAt - 1) != ';') throw new Hj212FormatException("expected ';' before CP");
        Map<String, String> head = new LinkedHashMap<>();
        String header = cpAt == 0 ? "" : segment.substring(0, cpAt - 1);
        if (!header.isEmpty()) {
            for (String item : header.split(";", -1)) {
                int eq = item.indexOf('=');
                if (eq <= 0) throw new Hj212FormatException("header item '" + clip(item) + "' is not KEY=value");
                String key = item.substring(0, eq);
                if (!HEADER_KEYS.contains(key)) throw new Hj212FormatException("unknown header field '" + clip(key) + "': expected " + HEADER_KEYS);
                if (head.put(key, item.substring(eq + 1)) != null) throw new Hj212FormatException("header field " + key + " appears twice");
            }
        }
        String cn = head.get("CN");
        if (cn == null || cn.isEmpty()) throw new Hj212FormatException("missing CN (command code)");
        if (!cn.chars().allMatch(Character::isDigit) || cn.length() > 7) throw new Hj212FormatException("CN '" + clip(cn) + "' is not a command code");
        int flag = intOf(head.get("Flag"), "Flag", 0, 255);
        int pnum = intOf(head.get("PNUM"), "PNUM", 0, 9999);
        int pno = intOf(head.get("PNO"), "PNO", 0, 9999);
        String mn = head.get("MN");
        if (mn != null && !mn.matches("[A-Za-z0-9]{0,24}")) throw new Hj212FormatException("MN '" + clip(mn) + "' is not up to 24 letters and digits");
        String pw = head.get("PW");
        if (pw != null && !pw.matches("[\\x21-\\x7E]{0,64}")) throw new Hj212FormatException("PW is not up to 64 printable ASCII characters");
        String st = head.get("ST");
        if (st != null && !st.matches("\\d{1,3}")) throw new Hj212FormatException("ST '" + clip(st) + "' is not a system code");
        String qn = head.get("QN");
        if (qn != null && !qn.matches("\\d{17}")) throw new Hj212FormatException("QN '" + clip(qn) + "' is not YYYYMMDDhhmmsszzz");
        return new Hj212Packet(qn, st, cn, pw, mn, flag, pnum, pno,
                cp(segment.substring(cpAt + 5, cpEnd)));
    }

    private static List<Map<String, String>> cp(String body) {
        if (body.isEmpty()) return List.of();
        List<Map<String, String>> groups = new ArrayList<>();
        for (String group : body.split(";", -1)) {
            if (group.isEmpty()) continue;
            Map<String, String> g = new LinkedHashMap<>();
            for (String pair : group.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new Hj212FormatException("CP item '" + clip(pair) + "' is not key=value");
                g.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            groups.add(Collections.unmodifiableMap(g));
        }
        return List.copyOf(groups);
    }

    private static int intOf(String s, String field, int min, int max) {
        if (s == null || s.isEmpty()) return 0;
        if (s.length() > 4 || !s.chars().allMatch(Character::isDigit)) throw new Hj212FormatException(field + " '" + clip(s) + "' is not a number");
        int v = Integer.parseInt(s);
        if (v < min || v > max) throw new Hj212FormatException(field + " " + v + " is outside " + min + ".." + max);
        return v;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** The data segment of a data response (CN 9014) to a packet, with the same QN. */
    public static String dataResponse(Hj212Packet p) {
        return "QN=" + (p.qn() == null ? "" : p.qn()) + ";ST=91;CN=9014;PW=" + nz(p.pw()) + ";MN=" + nz(p.mn()) + ";Flag=4;CP=&&&&";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
