package io.prewarm.simulator;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * Counts recorded requests per sliding time window, for tests of rate caps: sorts the matching
 * arrival times (recording order is only roughly arrival order across threads) and slides a
 * window over them, so each placement that starts at a request is tried once.
 */
final class RequestWindows {
    private RequestWindows() {
    }

    static int maxInAnyWindow(Collection<Request> requests, Duration window, Predicate<Request> which) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        long[] at = requests.stream().filter(which).mapToLong(Request::receivedAtNanos).sorted().toArray();
        long length = window.toNanos();
        int most = 0;
        int first = 0;
        for (int last = 0; last < at.length; last++) {
            while (at[last] - at[first] >= length) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
