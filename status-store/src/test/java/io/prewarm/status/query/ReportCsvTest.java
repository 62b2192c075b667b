package io.prewarm.status.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.fold.TaskOutcome;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The CSV report's fields: quoted as RFC 4180 asks, never taken for a formula by a spreadsheet, the verification's appended. */
class ReportCsvTest {

    @Test
    void csvFieldsAreQuotedAndNeverReadAsFormulas() {
        assertEquals("\"a,\"\"b\"\"\"", ReportCsv.field("a,\"b\""));
        assertEquals("'=HYPERLINK(1)", ReportCsv.field("=HYPERLINK(1)"));
        assertEquals("", ReportCsv.field(null));
    }

    @Test
    void aTaskWithoutResultIsPendingWithItsIdentity() throws Exception {
        StringWriter out = new StringWriter();
        ReportCsv.row(out, new TaskId("r1", "https://a.example/x,y", "ATL56-C1", "br"), null);
        assertEquals("\"https://a.example/x,y\",ATL56-C1,br,PENDING,,,,,,,,,,,,,,\r\n", out.toString());
    }

    @Test
    void aVerifiedTaskHasBothAnswersAndAnUncacheableOneItsHeader() throws Exception {
        StringWriter out = new StringWriter();
        TaskId task = new TaskId("r1", "https://a.example/x", "ATL56-C1", "br");
        ReportCsv.row(out, task, new TaskOutcome("ATL56-C1", "br", Outcome.FAILURE, 200, "Miss from cloudfront", "ATL56-P1", 10, 5, 1,
                "not cached after warming", 7, "0", WarmResult.Verification.NOT_CACHED, new WarmResult.Answer(200, "Miss from cloudfront", null, "ATL56-P2"),
                new Cacheability.Uncacheable("Cache-Control", "no-store, private")));

        assertEquals("https://a.example/x,ATL56-C1,br,FAILURE,200,1,Miss from cloudfront,ATL56-P1,10,5,not cached after warming,"
                + "0,NOT_CACHED,200,Miss from cloudfront,,ATL56-P2,\"Cache-Control: no-store, private\"\r\n", out.toString());
        assertEquals(ReportCsv.HEADER.split(",").length, out.toString().trim().split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1).length,
                "one field per column");
        assertTrue(ReportCsv.HEADER.startsWith("url,pop,accept_encoding,outcome,http_status,attempts,x_cache,x_amz_cf_pop,bytes,elapsed_ms,reason,"),
                "the columns before verification keep their places");
    }
}
