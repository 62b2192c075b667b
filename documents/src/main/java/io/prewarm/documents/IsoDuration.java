package io.prewarm.documents;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO 8601 durations as MPDs write them ({@code PT1H2M3.5S}, {@code P0Y0M1DT0H0M0.000S}), in
 * seconds. {@link java.time.Duration#parse} refuses years and months, which MPD tools do write;
 * here a year is 365 days and a month 30, as the DASH schema's xs:duration is read by players.
 */
final class IsoDuration {
    private static final String NUMBER = "(\\d+(?:[.,]\\d+)?)";
    private static final Pattern DURATION = Pattern.compile("P(?:" + NUMBER + "Y)?(?:" + NUMBER + "M)?(?:" + NUMBER + "W)?(?:"
            + NUMBER + "D)?(?:T(?:" + NUMBER + "H)?(?:" + NUMBER + "M)?(?:" + NUMBER + "S)?)?");
    private static final double[] UNIT_SECONDS = {365 * 86400.0, 30 * 86400.0, 7 * 86400.0, 86400.0, 3600.0, 60.0, 1.0};

    private IsoDuration() {
    }

    /** The duration in seconds; {@code what} names it in the error ("MPD line 2: @mediaPresentationDuration"). */
    static double seconds(String text, String what) {
        String value = text.strip();
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || value.endsWith("T") || value.equals("P")) {
            throw new DocumentException(what + " '" + text + "' is not an ISO 8601 duration such as PT1H2M3.5S");
        }
        double seconds = 0;
        for (int group = 1; group <= UNIT_SECONDS.length; group++) {
            if (m.group(group) != null) {
                seconds += Double.parseDouble(m.group(group).replace(',', '.')) * UNIT_SECONDS[group - 1];
            }
        }
        return seconds;
    }
}
