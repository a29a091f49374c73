package dev.vigil.gateway.reports;

import dev.vigil.gateway.history.CsvExport;

/**
 * A report as CSV, with the conventions of the history export ({@link CsvExport}): UTF-8 with a
 * byte-order mark, one header line of zh/en labels ({@code 在线率(%) Online rate (%) [online_rate]}),
 * then one line per row of the report (total, profiles, regions, enterprises, devices).
 */
final class ReportCsv {
    private ReportCsv() {}

    /** The whole CSV text, starting with the byte-order mark. */
    static String of(Reports.Report r) {
        StringBuilder sb = new StringBuilder(CsvExport.BOM_TEXT);
        int i = 0;
        for (ReportColumns.Column c : ReportColumns.ALL) {
            if (i++ > 0) sb.append(',');
            CsvExport.cell(sb, c.zh() + " " + c.en() + " [" + c.key() + "]");
        }
        sb.append("\r\n");
        for (ReportColumns.Row row : r.rows()) {
            i = 0;
            for (ReportColumns.Column c : ReportColumns.ALL) {
                if (i++ > 0) sb.append(',');
                Object v = c.value().apply(row);
                if (v != null) CsvExport.cell(sb, v.toString());
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }
}
