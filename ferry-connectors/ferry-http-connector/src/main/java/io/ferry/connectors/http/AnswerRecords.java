package io.ferry.connectors.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.connectors.common.RecordValues;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one answer holds: its records, each with the offset to resume after it. With the offset in each record, a
 * record's own offset; with the offset in the answer (a field or a header), the last record carries it and the earlier
 * ones the offset the request was made with, so a restart in the middle of an answer asks for it again.
 */
record AnswerRecords(List<Item> items, String nextOffset) {

    /** A record's content and the offset after it. */
    record Item(JsonNode node, String offset) {
    }

    /** @param headerOffset the value of the {@code http.offset.header} answer header; null when none is configured */
    static AnswerRecords parse(byte[] body, String headerOffset, String requestOffset, HttpSourceConfig config) {
        JsonNode answer;
        try {
            answer = body.length == 0 ? RecordValues.JSON.missingNode() : RecordValues.JSON.readTree(body);
        } catch (IOException e) {
            throw new DataException("The answer is not JSON: " + e.getMessage(), e);
        }
        JsonNode found = answer.at(config.recordsPointer);
        List<JsonNode> nodes = new ArrayList<>();
        if (found.isArray()) {
            found.forEach(nodes::add);
        } else if (!found.isMissingNode() && !found.isNull()) {
            nodes.add(found);
        }
        JsonPointer perRecord = config.offsetRecordPointer;
        String answerOffset = config.offsetPointer != null ? text(answer.at(config.offsetPointer)) : headerOffset;
        List<Item> items = new ArrayList<>(nodes.size());
        String offset = requestOffset;
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            if (perRecord != null) {
                String own = text(node.at(perRecord));
                offset = own != null ? own : offset;
            } else if (i == nodes.size() - 1 && answerOffset != null) {
                offset = answerOffset;
            }
            items.add(new Item(node, offset));
        }
        String next = perRecord != null ? offset : answerOffset != null ? answerOffset : requestOffset;
        return new AnswerRecords(items, next);
    }

    /** A node as text: a string's own text, other values as JSON; null when missing. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
