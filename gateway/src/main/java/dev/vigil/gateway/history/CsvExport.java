package dev.vigil.gateway.history;

import dev.vigil.profile.FieldSpec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Streams raw readings as CSV into an HTTP response: UTF-8 with a byte-order mark, one header line
 * with zh/en labels and units, then {@code time,device,fields...} rows with local ISO times. Rows
 * are read from InfluxDB in chunks and written in blocks of {@code writeChunkBytes}; a block is
 * written only once the previous one has left, so memory stays flat however many rows there are.
 * Runs on a worker thread; the SHA-256 of every byte sent and the row count are its result.
 * {@link #BOM} and {@link #cell} are the CSV conventions every CSV of the API follows (the reports too).
 */
public final class CsvExport {
    /** The UTF-8 byte-order mark every CSV of the API starts with (so spreadsheet programs read the Chinese headers right). */
    public static final String BOM_TEXT = "\uFEFF";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** What was sent. */
    record Sent(long rows, long bytes, String sha256) {}

    private final InfluxQueryClient influx;
    private final HistoryOptions options;

    CsvExport(InfluxQueryClient influx, HistoryOptions options) {
        this.influx = influx;
        this.options = options;
    }

    /** Writes the whole export (not ending the response); fails when the client goes away or InfluxDB fails. */
    Sent run(ExportRequest r, HttpServerResponse response) throws Exception {
        Out out = new Out(response, options.writeChunkBytes());
        out.bytes(BOM);
        StringBuilder line = out.line;
        line.append("时间 Time,设备 Device");
        for (FieldSpec f : r.fields()) {
            line.append(',');
            cell(line, f.labelZh() + " " + f.labelEn() + (f.unit().isEmpty() ? "" : " (" + f.unit() + ")") + " [" + f.name() + "]");
        }
        line.append("\r\n");
        StringBuilder q = new StringBuilder("SELECT ").append(InfluxQl.ident("device"));
        for (FieldSpec f : r.fields()) q.append(", ").append(InfluxQl.ident(f.name()));
        q.append(r.target().from()).append(r.target().where(r.from(), r.to()));
        Times times = new Times(options.zone(), false);
        int n = r.fields().size();
        long[] rows = {0};
        influx.query(q.toString(), options.chunkSize(), (m, tags, cols, v) -> {
            line.append(times.iso(((Number) v[0]).longValue())).append(',');
            if (v[1] != null) cell(line, v[1].toString());
            for (int i = 0; i < n; i++) {
                line.append(',');
                Object o = v[i + 2];
                if (o instanceof String s) cell(line, s);
                else if (o != null) line.append(o);
            }
            line.append("\r\n");
            rows[0]++;
            if (line.length() >= options.writeChunkBytes()) out.flush();
        });
        out.flush();
        out.drain();
        return new Sent(rows[0], out.total, HexFormat.of().formatHex(out.sha.digest()));
    }

    /** Appends one CSV cell, quoted (RFC 4180) when it holds a comma, quote or line break. */
    public static void cell(StringBuilder sb, String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    /** The response side: hashes and writes blocks, at most one block in flight. */
    private static final class Out {
        final StringBuilder line;
        final MessageDigest sha;
        final HttpServerResponse response;
        Future<Void> inFlight = Future.succeededFuture();
        long total;

        Out(HttpServerResponse response, int chunk) {
            this.response = response;
            this.line = new StringBuilder(chunk + 4096);
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void bytes(byte[] b) {
            write(b);
        }

        void flush() {
            if (line.length() == 0) return;
            byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
            line.setLength(0);
            write(b);
        }

        private void write(byte[] b) {
            drain();
            sha.update(b);
            total += b.length;
            inFlight = response.write(Buffer.buffer(b));
        }

        /** Waits until the block in flight has been handed to the connection (backpressure). */
        void drain() {
            try {
                inFlight.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("export interrupted", e);
            } catch (Exception e) {
                throw new IllegalStateException("the client stopped receiving the export: " + e.getMessage(), e);
            }
        }
    }
}
