package io.prewarm.status.query;

import io.prewarm.contract.TaskId;
import io.prewarm.status.fold.TaskOutcome;
import java.io.IOException;
import java.io.Writer;

/**
 * Lines of the {@code GET /report} CSV, one per task. Fields are quoted as RFC 4180 asks, and a
 * field that a spreadsheet would take for a formula gets a leading apostrophe.
 */
final class ReportCsv {
    static final String HEADER = "url,pop,accept_encoding,outcome,http_status,attempts,x_cache,x_amz_cf_pop,bytes,elapsed_ms,reason";

    private ReportCsv() {
    }

    /** The line of {@code task}: its outcome from {@code r}, or PENDING when there is no result yet. */
    static void row(Writer out, TaskId task, TaskOutcome r) throws IOException {
        out.write(String.join(",",
                field(task.url()), field(task.pop()), field(task.acceptEncoding()),
                r == null ? "PENDING" : r.outcome().name(),
                r == null || r.httpStatus() == null ? "" : r.httpStatus().toString(),
                r == null ? "" : String.valueOf(r.attempts()),
                field(r == null ? null : r.xCache()), field(r == null ? null : r.cfPop()),
                r == null ? "" : String.valueOf(r.bytes()), r == null ? "" : String.valueOf(r.elapsedMs()),
                field(r == null ? null : r.error())));
        out.write("\r\n");
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
