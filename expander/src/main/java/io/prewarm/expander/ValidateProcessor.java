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
final class ValidateProcessor implements FixedKeyProcessor<String, String, Expansion> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);

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
        Expansion e = expand(record.key(), record.value(), record.timestamp());
        if (e instanceof Expansion.Accepted a) {
            Job job = a.chunk();
            LOG.info("request {}{} expanded: {} URLs x {} PoPs x {} variants", job.requestID(),
                    job.chunkCount() > 1 ? " chunk " + (job.chunkIndex() + 1) + "/" + job.chunkCount() : "",
                    job.urls().size(), job.pops().size(), job.encodings().size());
        } else if (e instanceof Expansion.Refused refused) {
            String source = context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown");
            LOG.warn("request {} rejected ({}): {}", record.key() == null ? "(no key)" : abbreviate(record.key()), source, refused.reason());
            record.headers().add(ExpanderTopology.ERROR_HEADER, refused.reason().getBytes(StandardCharsets.UTF_8));
            record.headers().add(ExpanderTopology.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        }
        context.forward(record.withValue(e));
    }

    private Expansion expand(String id, String value, long created) {
        if (!RequestIds.isValid(id)) {
            return new Expansion.Unkeyed("record key: must be a requestID of 1-128 characters [A-Za-z0-9._:-], got "
                    + (id == null ? "none" : "'" + abbreviate(id) + "'"), value);
        }
        if (value == null) {
            return new Expansion.Rejected(Job.rejected(id, created, "body: record has no value"), null);
        }
        PrewarmRequest r;
        try {
            r = validator.record(value);
        } catch (InvalidRequestException | RequestTooLargeException e) {
            return new Expansion.Rejected(Job.rejected(id, created, e.getMessage()), value);
        }
        return new Expansion.Accepted(Job.of(id, r, created, timeout), r);
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
