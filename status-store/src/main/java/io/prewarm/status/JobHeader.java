package io.prewarm.status;

import io.prewarm.contract.Job;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The per-job counters of the status store: everything {@code GET /status} needs except the URL
 * lists, kept small whatever the job's size. Counts move only when a URL's verdict changes, so
 * they stay exact under repeated, late or out-of-order results.
 *
 * @param perPop      per PoP: [succeeded, failed] task counts
 * @param finishedAt  when the last URL got its verdict (0 while unfinished)
 * @param announced   the final status already published on prewarm.status, or null
 */
public record JobHeader(String requestID, List<String> pops, List<String> encodings, long createdAt, long deadline, String error,
                        int chunkCount, TreeSet<Integer> chunksSeen, int total, int completed, int failed,
                        Map<String, int[]> perPop, long finishedAt, String announced) {

    public static JobHeader from(Job job) {
        return new JobHeader(job.requestID(), job.pops(), job.encodings(), job.createdAt(), job.deadline(), job.error(),
                job.chunkCount(), new TreeSet<>(), 0, 0, 0, new HashMap<>(), 0, null);
    }

    public int tasksPerUrl() {
        return pops.size() * encodings.size();
    }

    public boolean allChunksSeen() {
        return chunksSeen.size() >= chunkCount;
    }

    public boolean finished() {
        return error != null || (allChunksSeen() && completed == total);
    }

    /** COMPLETED, FAILED, TIMEOUT or IN_PROGRESS, as of {@code now}. */
    public String status(long now) {
        if (error != null) {
            return "FAILED";
        }
        if (finished()) {
            return finishedAt > deadline ? "TIMEOUT" : failed > 0 ? "FAILED" : "COMPLETED";
        }
        return now > deadline ? "TIMEOUT" : "IN_PROGRESS";
    }

    JobHeader with(int newTotal, int newCompleted, int newFailed, long newFinishedAt) {
        return new JobHeader(requestID, pops, encodings, createdAt, deadline, error, chunkCount, chunksSeen, newTotal, newCompleted,
                newFailed, perPop, newFinishedAt, announced);
    }

    JobHeader announcing(String status) {
        return new JobHeader(requestID, pops, encodings, createdAt, deadline, error, chunkCount, chunksSeen, total, completed, failed,
                perPop, finishedAt, status);
    }
}
