package io.prewarm.status.fold;

import static io.prewarm.contract.Topics.RESULTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Json;
import io.prewarm.contract.ResultBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code prewarm.results} as the contract does, except that a back-off word it cannot read
 * (a wrong type in a field, not an object) is dropped rather than the whole record: the stream's
 * handler would skip an unreadable record, and with it the results it carries, which are counts a
 * job needs to finish. Only a record that fails to read is looked at again, so this costs nothing
 * on the ordinary path.
 */
final class ResultsDeserializer implements Deserializer<ResultBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsDeserializer.class);

    private final Deserializer<ResultBatch> contract = RESULTS.valueSerde().deserializer();

    @Override
    public ResultBatch deserialize(String topic, byte[] bytes) {
        try {
            return contract.deserialize(topic, bytes);
        } catch (SerializationException e) {
            return withoutUnreadableWords(bytes).orElseThrow(() -> e);
        }
    }

    /** The record without the back-off words that do not read, when the rest of it does. */
    private static Optional<ResultBatch> withoutUnreadableWords(byte[] bytes) {
        ObjectMapper mapper = CompactSerde.isSmile(bytes) ? CompactSerde.SMILE : Json.MAPPER;
        try {
            if (!(mapper.readTree(bytes) instanceof ObjectNode record) || !record.has("backoffs")) {
                return Optional.empty();
            }
            JsonNode words = record.remove("backoffs");
            ResultBatch rest = mapper.treeToValue(record, ResultBatch.class);
            List<ResultBatch.PopBackoff> kept = new ArrayList<>();
            for (JsonNode w : words) {
                readWord(mapper, w).ifPresent(kept::add);
            }
            LOG.warn("status store: job {}: {} unreadable PoP back-off word(s) dropped, its {} result(s) kept", rest.requestID(),
                    words.size() - kept.size(), rest.results().size());
            return Optional.of(new ResultBatch(rest.requestID(), rest.results(), kept));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<ResultBatch.PopBackoff> readWord(ObjectMapper mapper, JsonNode w) {
        try {
            return Optional.ofNullable(mapper.treeToValue(w, ResultBatch.PopBackoff.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
