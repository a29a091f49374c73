package dev.vigil.gateway.history;

/**
 * The evidence record of one finished CSV export, stored in InfluxDB measurement
 * {@code evidence_exports} (tag export_id; fields user, what, from, to, rows, bytes, sha256) so a
 * file can later be checked against it with {@code vigil evidence verify FILE}.
 */
public record ExportRecord(String exportId, long time, String user, String what, long from, long to, long rows, long bytes,
                           String sha256) {
    public static final String MEASUREMENT = "evidence_exports";

    /** The line-protocol line (millisecond timestamp, trailing newline). */
    public String toLine() {
        return MEASUREMENT + ",export_id=" + exportId.replaceAll("[^A-Za-z0-9-]", "")
                + " user=" + str(user) + ",what=" + str(what) + ",from=" + from + "i,to=" + to + "i,rows=" + rows
                + "i,bytes=" + bytes + "i,sha256=" + str(sha256) + " " + time + "\n";
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + "\"";
    }
}
