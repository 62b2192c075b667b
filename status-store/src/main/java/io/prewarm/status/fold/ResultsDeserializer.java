package io.prewarm.status.fold;

import static io.prewarm.contract.Topics.RESULTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Expansion;
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
 * Reads {@code prewarm.results} as the contract does, except that a back-off word or a document
 * result it cannot read (a wrong type in a field, not an object) is dropped rather than the whole
 * record: the stream's handler would skip an unreadable record, and with it the results it carries,
 * which are counts a job needs to finish. Only a record that fails to read is looked at again, so
 * this costs nothing on the ordinary path.
 */
final class ResultsDeserializer implements Deserializer<ResultBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsDeserializer.class);

    private final Deserializer<ResultBatch> contract = RESULTS.valueSerde().deserializer();

    @Override
    public ResultBatch deserialize(String topic, byte[] bytes) {
        try {
            return contract.deserialize(topic, bytes);
        } catch (SerializationException e) {
            return withoutUnreadableEntries(bytes).orElseThrow(() -> e);
        }
    }

    /** The record without the back-off words and document results that do not read, when the rest of it does. */
    private static Optional<ResultBatch> withoutUnreadableEntries(byte[] bytes) {
        ObjectMapper mapper = CompactSerde.isSmile(bytes) ? CompactSerde.SMILE : Json.MAPPER;
        try {
            if (!(mapper.readTree(bytes) instanceof ObjectNode record) || !(record.has("backoffs") || record.has("documents"))) {
                return Optional.empty();
            }
            JsonNode words = record.remove("backoffs");
            JsonNode docs = record.remove("documents");
            ResultBatch rest = mapper.treeToValue(record, ResultBatch.class);
            List<ResultBatch.PopBackoff> kept = readable(mapper, words, ResultBatch.PopBackoff.class);
            List<Expansion.DocumentResult> keptDocs = readable(mapper, docs, Expansion.DocumentResult.class);
            LOG.warn("status store: job {}: {} unreadable PoP back-off word(s) and {} unreadable document result(s) dropped, its {} result(s) kept",
                    rest.requestID(), size(words) - kept.size(), size(docs) - keptDocs.size(), rest.results().size());
            return Optional.of(new ResultBatch(rest.requestID(), rest.results(), kept, keptDocs));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int size(JsonNode array) {
        return array == null ? 0 : array.size();
    }

    private static <T> List<T> readable(ObjectMapper mapper, JsonNode array, Class<T> type) {
        List<T> kept = new ArrayList<>();
        if (array != null) {
            for (JsonNode entry : array) {
                read(mapper, entry, type).ifPresent(kept::add);
            }
        }
        return kept;
    }

    private static <T> Optional<T> read(ObjectMapper mapper, JsonNode entry, Class<T> type) {
        try {
            return Optional.ofNullable(mapper.treeToValue(entry, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
