package dev.vigil.gateway.evidence;

import dev.vigil.gateway.history.ExportRecord;
import dev.vigil.gateway.history.InfluxQl;
import dev.vigil.gateway.history.InfluxQueryClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks an exported CSV file against the export records in InfluxDB: its SHA-256 must equal the
 * hash of the bytes the gateway sent, and its data rows the recorded row count.
 */
public final class ExportVerifier {
    private final InfluxQueryClient influx;

    public ExportVerifier(InfluxQueryClient influx) {
        this.influx = influx;
    }

    /**
     * The outcome.
     *
     * @param sha256 the file's hash
     * @param rows   data rows in the file (lines after the header)
     * @param record the matching export record (columns of evidence_exports), or null
     */
    public record Result(String sha256, long rows, Map<String, Object> record) {
        public boolean ok() {
            return record != null && record.get("rows") instanceof Number n && n.longValue() == rows;
        }
    }

    /** Hashes the file and looks its hash up. Blocking. */
    public Result verify(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long lines = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
            }
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        List<Map<String, Object>> found = influx.small("SELECT * FROM " + InfluxQl.ident(ExportRecord.MEASUREMENT)
                + " WHERE sha256 = " + InfluxQl.string(hex));
        return new Result(hex, Math.max(0, lines - 1), found.isEmpty() ? null : found.get(0));
    }
}
