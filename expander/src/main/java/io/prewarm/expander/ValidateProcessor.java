package io.prewarm.expander;

import io.prewarm.contract.InvalidRequestException;
import io.prewarm.contract.Job;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestTooLargeException;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.ValidatedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates one request record. It needs the record's timestamp (the job's creation time) and its
 * source offset (for the dead-letter headers), which is why this is a processor and not a mapValues.
 */
final class ValidateProcessor implements FixedKeyProcessor<String, String, Expansion> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);
    /** requestIDs chosen by direct producers: short, printable, safe in URLs and logs. */
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final RequestValidator validator;
    private final Duration timeout;
    private FixedKeyProcessorContext<String, Expansion> context;

    ValidateProcessor(RequestValidator validator, Duration timeout) {
        this.validator = validator;
        this.timeout = timeout;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Expansion> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, String> record) {
        String id = record.key();
        long created = record.timestamp();
        String error = null;
        ValidatedRequest request = null;
        if (id == null || !REQUEST_ID.matcher(id).matches()) {
            error = "record key: must be a requestID of 1-128 characters [A-Za-z0-9._:-], got " + (id == null ? "none" : "'" + abbreviate(id) + "'");
        } else if (record.value() == null) {
            error = "body: record has no value";
        } else {
            try {
                request = validator.validate(record.value());
            } catch (InvalidRequestException | RequestTooLargeException e) {
                error = e.getMessage();
            }
        }
        if (request != null) {
            PrewarmRequest r = request.request();
            long deadline = created + (r.timeoutMinutes() == null ? timeout.toMillis() : Duration.ofMinutes(r.timeoutMinutes()).toMillis());
            Job job = new Job(id, r.urlList(), request.pops(), r.encodings(), created, deadline, null, r.chunkIndexOrZero(), r.chunkCountOrOne());
            LOG.info("request {}{} expanded: {} URLs x {} PoPs x {} variants", id,
                    job.chunkCount() > 1 ? " chunk " + (job.chunkIndex() + 1) + "/" + job.chunkCount() : "",
                    job.urls().size(), job.pops().size(), job.encodings().size());
            context.forward(record.withValue(new Expansion(job, request, record.value())));
            return;
        }
        String source = context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown");
        LOG.warn("request {} rejected ({}): {}", id == null ? "(no key)" : abbreviate(id), source, error);
        Job rejected = error.startsWith("record key") ? null : Job.rejected(id, created, error);
        record.headers().add(ExpanderTopology.ERROR_HEADER, error.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ExpanderTopology.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        context.forward(record.withValue(new Expansion(rejected, null, record.value())));
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
