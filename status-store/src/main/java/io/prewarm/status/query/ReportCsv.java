package io.prewarm.status.query;

import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.fold.TaskOutcome;
import java.io.IOException;
import java.io.Writer;

/**
 * Lines of the {@code GET /report} CSV, one per task. Fields are quoted as RFC 4180 asks, and a
 * field that a spreadsheet would take for a formula gets a leading apostrophe. The columns after
 * {@code reason} came with verification: the first answer's Age, what the verification found, the
 * second answer, and the header that forbade caching; new columns are only ever appended.
 */
final class ReportCsv {
    static final String HEADER = "url,pop,accept_encoding,outcome,http_status,attempts,x_cache,x_amz_cf_pop,bytes,elapsed_ms,reason,"
            + "age,verification,verify_http_status,verify_x_cache,verify_age,verify_x_amz_cf_pop,uncacheable";

    private ReportCsv() {
    }

    /** The line of {@code task}: its outcome from {@code r}, or PENDING when there is no result yet. */
    static void row(Writer out, TaskId task, TaskOutcome r) throws IOException {
        WarmResult.Answer v = r == null ? null : r.verify();
        out.write(String.join(",",
                field(task.url()), field(task.pop()), field(task.acceptEncoding()),
                r == null ? "PENDING" : r.outcome().name(),
                r == null ? "" : number(r.httpStatus()),
                r == null ? "" : String.valueOf(r.attempts()),
                field(r == null ? null : r.xCache()), field(r == null ? null : r.cfPop()),
                r == null ? "" : String.valueOf(r.bytes()), r == null ? "" : String.valueOf(r.elapsedMs()),
                field(r == null ? null : r.error()),
                field(r == null ? null : r.age()),
                r == null || r.verification() == null ? "" : r.verification().name(),
                v == null ? "" : number(v.httpStatus()), field(v == null ? null : v.xCache()), field(v == null ? null : v.age()),
                field(v == null ? null : v.cfPop()),
                field(r == null || r.uncacheable() == null ? null : r.uncacheable().toString())));
        out.write("\r\n");
    }

    private static String number(Integer n) {
        return n == null ? "" : n.toString();
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
