package io.prewarm.status.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code GET /jobs} and {@code GET /internal/jobs}: the newest jobs, and the
 * instances that did not answer in time (left out when every instance answered).
 */
public record JobList(List<JobSummary> jobs, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unanswered) {
}
