package io.prewarm.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDurationTest {

    @ParameterizedTest
    @CsvSource({"PT1H2M3.5S, 3723.5", "PT0S, 0", "PT30S, 30", "P0Y0M0DT0H3M30.000S, 210", "P1D, 86400", "'PT1,5S', 1.5", "P1W, 604800"})
    void readsMpdDurations(String text, double seconds) {
        assertEquals(seconds, IsoDuration.seconds(text, "x"), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "P", "PT", "1H", "PT1X", "-PT5S"})
    void refusesWhatIsNotADuration(String text) {
        DocumentException e = assertThrows(DocumentException.class, () -> IsoDuration.seconds(text, "MPD line 1: Period@duration"));

        assertEquals("MPD line 1: Period@duration '" + text + "' is not an ISO 8601 duration such as PT1H2M3.5S", e.getMessage());
    }
}
