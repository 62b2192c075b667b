package io.prewarm.status.http;

import io.javalin.http.Context;
import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.query.JobLookup;
import io.prewarm.status.query.StatusQueries;
import io.prewarm.status.query.StatusReader;
import io.prewarm.web.ApiServer;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Where a request about one job is answered: from the local store when this instance owns the
 * requestID, otherwise forwarded to the owner's {@code /internal/...} twin, which answers only from
 * its own store and never forwards again (no ping-pong while ownership moves). While ownership is
 * unknown the answer is 503 with Retry-After. A job the local store does not hold is looked up
 * read-your-writes ({@link JobLookup}): 404 only once nothing written before the request made it.
 * The owner's answer is streamed to the caller as it arrives ({@link AnswerRelay}). Shared by the
 * status, report, cancel and retry endpoints, so they route alike.
 */
final class JobRouting {
    /** One job, held by this instance's store. */
    record LocalJob(StatusQueries queries, int partition, StatusReader reader, JobHeader header) {
    }

    interface Answer {
        void write(Context ctx, LocalJob job) throws IOException;
    }

    private final Supplier<Optional<StatusQueries>> queries;
    private final AnswerRelay relay;

    JobRouting(Supplier<Optional<StatusQueries>> queries, PeerClient peers) {
        this.queries = queries;
        this.relay = new AnswerRelay(peers);
    }

    /** Answers from the local store, or forwards {@code method} to {@code internalPath} on the owner (null: never forward). */
    void serve(Context ctx, String method, String internalPath, Answer answer) throws IOException {
        String id = RequestIdParam.of(ctx);
        Optional<StatusQueries> started = queries.get();
        if (started.isEmpty()) {
            Answers.unavailable(ctx, Answers.STARTING);
            return;
        }
        StatusQueries.Owner owner = started.get().owner(id);
        if (owner instanceof StatusQueries.Local local) {
            answerLocally(ctx, started.get(), id, local.partition(), answer);
        } else if (owner instanceof StatusQueries.Remote remote) {
            if (internalPath != null) {
                relay.forward(ctx, method, internalPath + "?" + RequestIdParam.forwardedQuery(ctx, id), remote.host());
            } else {
                Answers.unavailable(ctx, "ownership of this requestID moved to " + remote.host());
            }
        } else {
            Answers.unavailable(ctx, ((StatusQueries.Unavailable) owner).why());
        }
    }

    private void answerLocally(Context ctx, StatusQueries queries, String id, int partition, Answer answer) throws IOException {
        try {
            StatusReader reader = queries.local(partition);
            JobLookup.Result found = queries.find(reader, id, partition);
            if (found instanceof JobLookup.Found f) {
                answer.write(ctx, new LocalJob(queries, partition, reader, f.header()));
            } else if (found instanceof JobLookup.NotYet notYet) {
                Answers.unavailable(ctx, notYet.why());
            } else {
                ApiServer.message(ctx, 404, "requestID: no prewarm request " + id + " is known");
            }
        } catch (InvalidStateStoreException e) {
            // the stores are resolved lazily: ownership can move in the middle of an answer
            Answers.unavailable(ctx, "status store partition " + partition + " is not queryable here right now");
        }
    }
}
