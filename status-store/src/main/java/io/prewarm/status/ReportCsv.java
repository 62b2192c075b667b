package io.prewarm.status;

import io.prewarm.contract.WarmResult;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code GET /report}: one CSV line per task of a job, pending ones included, written straight to
 * the response. Fields are quoted as RFC 4180 asks, and a field that a spreadsheet would take for a
 * formula gets a leading apostrophe.
 */
final class ReportCsv {
    static final String HEADER = "url,pop,accept_encoding,outcome,http_status,attempts,x_cache,x_amz_cf_pop,bytes,elapsed_ms,reason";

    private ReportCsv() {
    }

    static void write(JobState state, Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
        for (JobTasks.Row row : JobTasks.all(state)) {
            WarmResult r = row.result();
            out.write(String.join(",",
                    field(row.url()), field(row.pop()), field(row.acceptEncoding()),
                    r == null ? "PENDING" : r.outcome().name(),
                    r == null || r.httpStatus() == null ? "" : r.httpStatus().toString(),
                    r == null ? "" : String.valueOf(r.attempts()),
                    field(r == null ? null : r.xCache()), field(r == null ? null : r.cfPop()),
                    r == null ? "" : String.valueOf(r.bytes()), r == null ? "" : String.valueOf(r.elapsedMs()),
                    field(r == null ? null : r.error())));
            out.write("\r\n");
        }
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
