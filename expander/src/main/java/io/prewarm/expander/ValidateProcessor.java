package io.prewarm.expander;

import io.prewarm.contract.InvalidRequestException;
import io.prewarm.contract.Job;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestIds;
import io.prewarm.contract.RequestTooLargeException;
import io.prewarm.contract.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates one request record. It needs the record's timestamp (the job's creation time) and its
 * source offset (for the dead-letter headers), which is why this is a processor and not a mapValues.
 */
final class ValidateProcessor implements FixedKeyProcessor<String, String, Validated> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);

    private final RequestValidator validator;
    private final Duration timeout;
    private FixedKeyProcessorContext<String, Validated> context;

    ValidateProcessor(RequestValidator validator, Duration timeout) {
        this.validator = validator;
        this.timeout = timeout;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Validated> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, String> record) {
        Validated e = expand(record.key(), record.value(), record.timestamp());
        if (e instanceof Validated.Accepted a && !a.chunk().isPart()) { // the gate says what becomes of a part
            Job job = a.chunk();
            LOG.info("request {}{} expanded: {} URLs x {} PoPs x {} variants{}", job.requestID(),
                    job.chunkCount() > 1 ? " chunk " + (job.chunkIndex() + 1) + "/" + job.chunkCount() : "",
                    job.urls().size(), job.pops().size(), job.encodings().size(),
                    job.documents().isEmpty() ? "" : ", " + job.documents().size() + " documents to read");
        } else if (e instanceof Validated.Refused refused) {
            String source = context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown");
            LOG.warn("request {} rejected ({}): {}", record.key() == null ? "(no key)" : abbreviate(record.key()), source, refused.reason());
            record.headers().add(ExpanderTopology.ERROR_HEADER, refused.reason().getBytes(StandardCharsets.UTF_8));
            record.headers().add(ExpanderTopology.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        }
        context.forward(record.withValue(e));
    }

    private Validated expand(String id, String value, long created) {
        if (!RequestIds.isValid(id)) {
            return new Validated.Unkeyed("record key: must be a requestID of 1-128 characters [A-Za-z0-9._:-], got "
                    + (id == null ? "none" : "'" + abbreviate(id) + "'"), value);
        }
        if (value == null) {
            return new Validated.Rejected(Job.rejected(id, created, "body: record has no value"), null);
        }
        PrewarmRequest r;
        try {
            r = validator.record(value);
        } catch (InvalidRequestException | RequestTooLargeException e) {
            return new Validated.Rejected(Job.rejected(id, created, e.getMessage()), value);
        }
        return new Validated.Accepted(Job.of(id, r, created, timeout), r);
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
