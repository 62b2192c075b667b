package io.prewarm.status.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prewarm.contract.JobPublisher;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Json;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestIds;
import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.RetryPlan;
import io.prewarm.status.query.StatusQueries;
import io.prewarm.web.ApiServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /prewarm?requestID=...} (cancel a running job) and {@code POST /prewarm/retry?requestID=...}
 * (a new job of a finished job's failed tasks), with their {@code /internal/...} twins, routed to the
 * job's owner like {@code GET /status}. The owner decides from its store, so "already ended" is
 * judged where the job is counted. A cancel answers once the fold applied it (the job is then
 * CANCELLED, or it ended otherwise first: 409); a retry once its chunks are committed. Kafka not
 * taking the record, or the fold not applying it within {@link #APPLY_WAIT}, is a 503.
 */
public final class JobControlRoutes implements Consumer<JavalinConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(JobControlRoutes.class);
    static final Duration PUBLISH_WAIT = Duration.ofSeconds(10);
    static final Duration APPLY_WAIT = Duration.ofSeconds(5);

    /** What {@code POST /prewarm/retry} answers: the new job, and what it holds. */
    public record RetryAnswer(String requestID, String retryOf, int urls, int tasks) {
    }

    private final JobRouting routing;
    private final Supplier<Optional<JobPublisher>> publisher;
    private final boolean showSuccessUrls;
    private final Clock clock;

    /** @param publisher where new jobs and cancels are written, empty until the store is started */
    public JobControlRoutes(Supplier<Optional<StatusQueries>> queries, Supplier<Optional<JobPublisher>> publisher, boolean showSuccessUrls,
                            Clock clock, PeerClient peers) {
        this.routing = new JobRouting(queries, peers);
        this.publisher = publisher;
        this.showSuccessUrls = showSuccessUrls;
        this.clock = clock;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.delete("/prewarm", ctx -> routing.serve(ctx, "DELETE", "/internal/prewarm", this::cancel));
        config.routes.delete("/internal/prewarm", ctx -> routing.serve(ctx, "DELETE", null, this::cancel));
        config.routes.post("/prewarm/retry", ctx -> routing.serve(ctx, "POST", "/internal/prewarm/retry", this::retry));
        config.routes.post("/internal/prewarm/retry", ctx -> routing.serve(ctx, "POST", null, this::retry));
    }

    private void cancel(Context ctx, JobRouting.LocalJob job) {
        String id = job.header().requestID();
        JobStatus status = job.header().status(clock.millis());
        if (status == JobStatus.CANCELLED) {
            cancelled(ctx, job.reader(), job.header());
            return;
        }
        if (status != JobStatus.IN_PROGRESS) {
            ended(ctx, id, status);
            return;
        }
        Optional<String> failed = publish(p -> p.cancel(id));
        if (failed.isPresent()) {
            Answers.unavailable(ctx, "the cancel could not be written (" + failed.get() + ")");
            return;
        }
        long deadline = System.nanoTime() + APPLY_WAIT.toNanos();
        Optional<JobHeader> after = job.queries().written().awaitJobs(job.partition(), deadline)
                ? job.queries().local(job.partition()).header(id) : Optional.empty();
        JobStatus now = after.map(h -> h.status(clock.millis())).orElse(JobStatus.IN_PROGRESS);
        if (now == JobStatus.CANCELLED) {
            LOG.info("job {} cancelled", id);
            cancelled(ctx, job.queries().local(job.partition()), after.get());
        } else if (now != JobStatus.IN_PROGRESS) {
            ended(ctx, id, now);
        } else {
            Answers.unavailable(ctx, "the cancel of " + id + " is written but not applied yet");
        }
    }

    /** The cancelled job's requestID and its status answer (counts and URL lists) as of now. */
    private void cancelled(Context ctx, StatusReader reader, JobHeader h) {
        ObjectNode answer = Json.MAPPER.createObjectNode().put("requestID", h.requestID());
        answer.setAll((ObjectNode) Json.MAPPER.valueToTree(reader.view(h, clock.millis(), showSuccessUrls, StatusReader.Page.ALL)));
        ctx.json(answer);
    }

    private static void ended(Context ctx, String id, JobStatus status) {
        ApiServer.message(ctx, 409, "requestID: job " + id + " already ended " + status + "; there is nothing to cancel");
    }

    private void retry(Context ctx, JobRouting.LocalJob job) {
        JobHeader h = job.header();
        String id = h.requestID();
        JobStatus status = h.status(clock.millis());
        Optional<String> refused = status == JobStatus.IN_PROGRESS ? Optional.of("has not ended yet; retry it once it has")
                : h.error() != null ? Optional.of("was rejected (" + h.error() + "); it has no tasks to retry")
                : h.settings() == null ? Optional.of("was created by an earlier version, which kept no settings to retry it with")
                : Optional.empty();
        RetryPlan plan = new RetryPlan(h.targets());
        if (refused.isEmpty()) {
            job.reader().failures(h, r -> plan.failed(r.url(), r.pop(), r.acceptEncoding()));
            refused = plan.tasks() == 0 ? Optional.of("ended " + status + " with no failed tasks; there is nothing to retry") : Optional.empty();
        }
        if (refused.isPresent()) {
            ApiServer.message(ctx, 409, "requestID: job " + id + " " + refused.get());
            return;
        }
        String newId = RequestIds.next();
        List<PrewarmRequest> chunks = plan.chunks(h.settings().retrying(id));
        Optional<String> failed = publish(p -> p.publish(newId, chunks));
        if (failed.isPresent()) {
            Answers.unavailable(ctx, "the retry could not be written (" + failed.get() + ")");
            return;
        }
        LOG.info("job {} retries the {} failed task(s) of {} ({} URLs, {} chunk(s))", newId, plan.tasks(), id, plan.urls(), chunks.size());
        ctx.json(new RetryAnswer(newId, id, plan.urls(), plan.tasks()));
    }

    /** Writes with the publisher and waits for the commit; why it failed, or empty. */
    private Optional<String> publish(Function<JobPublisher, CompletableFuture<Void>> write) {
        Optional<JobPublisher> p = publisher.get();
        if (p.isEmpty()) {
            return Optional.of(Answers.STARTING);
        }
        try {
            write.apply(p.get()).get(PUBLISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of("Kafka: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Optional.of("Kafka did not commit it within " + PUBLISH_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
