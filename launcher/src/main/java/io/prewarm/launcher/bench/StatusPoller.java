package io.prewarm.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.JobStatus;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak's one status client. A thread reads {@code GET /status?detail=true&limit=1} of every live
 * job in turn, pausing {@link #ROUND_PAUSE} after each round, and times every read. It keeps each
 * job's finished tasks (succeeded + failed) as last read, so the tasks the status store has folded
 * so far is their sum. A job leaves the round when it ends, and is counted as inexact unless it
 * ended COMPLETED with every URL and task counted once ({@link JobRun#exact}). {@link #retained}
 * asks about every job accepted so far: a 404 is a job the status store no longer holds.
 */
final class StatusPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);
    static final Duration ROUND_PAUSE = Duration.ofMillis(100);
    private static final int NO_ANSWER = 0;

    /** A job accepted by {@code POST /prewarm}: its id, URLs and tasks. */
    record Job(String id, int urls, long tasks) {
    }

    /** The reads since the previous window: their latencies, and how many answered other than 200 (or not at all). */
    record Window(Stats reads, int non200) {
    }

    private final BenchClient api;
    private final Map<String, Job> live = new ConcurrentHashMap<>();
    private final Map<String, Long> doneSeen = new ConcurrentHashMap<>();
    private final List<String> accepted = new ArrayList<>();
    private final AtomicLong folded = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger inexact = new AtomicInteger();
    private List<Double> millis = new ArrayList<>();
    private Map<Integer, Integer> non200 = new TreeMap<>();
    private Map<Integer, String> firstAnswer = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    StatusPoller(BenchClient api) {
        this.api = api;
        thread = new Thread(this::loop, "soak-status-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts following an accepted job. */
    void follow(Job job) {
        synchronized (accepted) {
            accepted.add(job.id());
        }
        live.put(job.id(), job);
    }

    private void loop() {
        while (running) {
            for (Job job : live.values()) {
                if (running) {
                    read(job);
                }
            }
            BenchClient.pause(ROUND_PAUSE);
        }
    }

    private void read(Job job) {
        long started = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = api.status(job.id(), "&detail=true&limit=1");
        } catch (UncheckedIOException e) {
            notOk(NO_ANSWER, e.getMessage());
            return;
        }
        double ms = (System.nanoTime() - started) / 1e6;
        synchronized (this) {
            millis.add(ms);
        }
        if (r.statusCode() != 200) {
            notOk(r.statusCode(), r.body());
            return;
        }
        JsonNode s = BenchClient.json(r.body());
        JsonNode tasks = s.path("detail").path("tasks");
        long done = tasks.path("succeeded").asLong() + tasks.path("failed").asLong();
        Long before = doneSeen.put(job.id(), done);
        folded.addAndGet(done - (before == null ? 0 : before));
        if (!s.path("status").asText().equals(JobStatus.IN_PROGRESS.name())) {
            live.remove(job.id());
            doneSeen.remove(job.id());
            finished.incrementAndGet();
            Map<String, Object> counts = JobRun.counts(s, job.urls(), job.tasks());
            if (!Boolean.TRUE.equals(counts.get("exact"))) {
                inexact.incrementAndGet();
                LOG.warn("soak: job {} ended with counts that are not exact: {}", job.id(), counts);
            }
        }
    }

    private synchronized void notOk(int code, String answer) {
        non200.merge(code, 1, Integer::sum);
        firstAnswer.putIfAbsent(code, answer == null ? "" : answer.substring(0, Math.min(200, answer.length())));
    }

    /** The tasks folded so far (succeeded + failed, over every job accepted). */
    long foldedTasks() {
        return folded.get();
    }

    int finished() {
        return finished.get();
    }

    int inexact() {
        return inexact.get();
    }

    /** The reads since the previous call, and starts a new window; the answers other than 200 are logged by status code, with the first of each. */
    Window drain() {
        List<Double> window;
        Map<Integer, Integer> codes;
        Map<Integer, String> answers;
        synchronized (this) {
            window = millis;
            codes = non200;
            answers = firstAnswer;
            millis = new ArrayList<>();
            non200 = new TreeMap<>();
            firstAnswer = new TreeMap<>();
        }
        if (!codes.isEmpty()) {
            LOG.info("soak: status reads not answered 200 since the previous row, by status ({} = no answer): {}; the first of each: {}",
                    NO_ANSWER, codes, answers);
        }
        return new Window(Stats.of(window), codes.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** Jobs accepted so far that the status store still holds: every one asked once ({@code limit=1}); only a 404 counts as gone. */
    int retained() {
        List<String> ids;
        synchronized (accepted) {
            ids = List.copyOf(accepted);
        }
        int gone = 0;
        for (String id : ids) {
            try {
                gone += api.status(id, "&limit=1").statusCode() == 404 ? 1 : 0;
            } catch (UncheckedIOException e) {
                // not an answer: the job is not known to be gone
            }
        }
        return ids.size() - gone;
    }

    /** Stops reading (the round in progress ends first). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
