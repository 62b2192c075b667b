package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One record of {@code prewarm.tasks}: a slice of a job's tasks, some URLs each at every PoP and
 * Accept-Encoding variant of the job, with everything needed to warm them. The unit of work stays
 * the task ({@link #task(int)}, identity {@link TaskId}); the batch is the unit of delivery: a
 * warmer commits its offset only once every task in it has its result acknowledged, so a crash
 * warms at most the unfinished batches again (and the status fold counts each task once).
 * Tasks are URL-major, PoP-major within a URL ({@link Targets#task}). {@code verify} and
 * {@code maxRate} are the job's (null: the warmer's default, no cap of the job's own). A batch with
 * {@code read} is a document task instead (issue 16): its one URL is fetched at its one PoP and read
 * as a document, and what it names becomes more of the job ({@link Expansion}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskBatch(String requestID, List<String> urls, List<String> pops, List<String> encodings, String dist, String protocol,
                        Map<String, String> headers, long deadline, Boolean verify, Integer maxRate, Expansion.Read read) {

    /** About how many tasks one batch carries: a URL's tasks are never split, so a batch has at least one URL. */
    public static final int TARGET_TASKS = 64;

    public TaskBatch {
        urls = urls == null ? List.of() : urls;
        pops = pops == null ? List.of() : pops;
        encodings = encodings == null || encodings.isEmpty() ? List.of(Task.DEFAULT_ACCEPT_ENCODING) : encodings;
        headers = headers == null ? Map.of() : headers;
    }

    /** A batch of the versions before verification and rate caps. */
    public TaskBatch(String requestID, List<String> urls, List<String> pops, List<String> encodings, String dist, String protocol,
                     Map<String, String> headers, long deadline) {
        this(requestID, urls, pops, encodings, dist, protocol, headers, deadline, null, null);
    }

    /** A batch of warm tasks (not a document task). */
    public TaskBatch(String requestID, List<String> urls, List<String> pops, List<String> encodings, String dist, String protocol,
                     Map<String, String> headers, long deadline, Boolean verify, Integer maxRate) {
        this(requestID, urls, pops, encodings, dist, protocol, headers, deadline, verify, maxRate, null);
    }

    /** Whether this is a document task: its one URL at its one PoP is read as a document ({@link Expansion.Read}), not warmed. */
    @JsonIgnore
    public boolean isDocumentTask() {
        return read != null;
    }

    /** How many URLs of a job with {@code targets} go into one batch. */
    public static int urlsPerBatch(Targets targets) {
        return Math.max(1, TARGET_TASKS / Math.max(1, targets.tasksPerUrl()));
    }

    @JsonIgnore
    public Targets targets() {
        return new Targets(pops, encodings);
    }

    /** How many tasks the batch holds (saturating: a hostile record cannot overflow it into a negative count). */
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, (long) urls.size() * pops.size() * encodings.size());
    }

    /** The {@code i}-th task (0 <= i < size()). */
    public Task task(int i) {
        int perUrl = pops.size() * encodings.size();
        String url = urls.get(i / perUrl);
        int j = i % perUrl;
        return new Task(requestID, url, pops.get(j / encodings.size()), dist, protocol, encodings.get(j % encodings.size()), headers, deadline,
                verify, maxRate);
    }

    /** Every task of the batch, in order. */
    public List<Task> tasks() {
        List<Task> all = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            all.add(task(i));
        }
        return all;
    }

    /** The record key: requestID and first URL, so a job's batches spread over every partition. */
    public String recordKey() {
        return TaskId.batchKey(requestID, urls.isEmpty() ? "" : urls.get(0));
    }

    /** A single task as a batch of one: what a pre-batch record of the topic (one {@link Task} as JSON) reads as. */
    public static TaskBatch of(Task t) {
        return new TaskBatch(t.requestID(), List.of(t.url()), List.of(t.pop()), List.of(t.acceptEncoding()), t.dist(), t.protocol(), t.headers(),
                t.deadline(), t.verify(), t.maxRate());
    }

    /** Reads the JSON of earlier versions: a batch, or a single task. */
    static TaskBatch fromLegacy(JsonNode node) {
        return node.has("urls") ? CompactSerde.treeAs(node, TaskBatch.class) : of(CompactSerde.treeAs(node, Task.class));
    }
}
