package io.prewarm.status.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prewarm.contract.TaskId;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The CSV report's fields: quoted as RFC 4180 asks, and never taken for a formula by a spreadsheet. */
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
        assertEquals("\"https://a.example/x,y\",ATL56-C1,br,PENDING,,,,,,,\r\n", out.toString());
    }
}
