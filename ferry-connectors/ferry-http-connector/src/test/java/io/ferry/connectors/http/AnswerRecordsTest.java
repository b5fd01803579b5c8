package io.ferry.connectors.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerRecordsTest {

    private static HttpSourceConfig config(String... pairs) {
        Map<String, String> props = new HashMap<>();
        props.put("http.url", "http://127.0.0.1:1/events?since=${offset}");
        props.put("kafka.topic", "events");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return new HttpSourceConfig(props);
    }

    private static AnswerRecords parse(String body, String header, String requestOffset, HttpSourceConfig config) {
        return AnswerRecords.parse(body.getBytes(StandardCharsets.UTF_8), header, requestOffset, config);
    }

    @Test
    void eachRecordCarriesItsOwnOffset() {
        AnswerRecords answer = parse("{\"data\":[{\"id\":4},{\"id\":5}]}", null, "3",
                config("http.response.records.pointer", "/data", "http.offset.record.pointer", "/id"));
        assertThat(answer.items()).extracting(AnswerRecords.Item::offset).containsExactly("4", "5");
        assertThat(answer.nextOffset()).isEqualTo("5");
    }

    @Test
    void anAnswersOffsetGoesWithItsLastRecordOnly() {
        AnswerRecords answer = parse("{\"items\":[\"a\",\"b\",\"c\"],\"next\":\"cursor-2\"}", null, "cursor-1",
                config("http.response.records.pointer", "/items", "http.offset.pointer", "/next"));
        assertThat(answer.items()).extracting(AnswerRecords.Item::offset).containsExactly("cursor-1", "cursor-1", "cursor-2");
        assertThat(answer.items()).extracting(i -> AnswerRecords.text(i.node())).containsExactly("a", "b", "c");
        assertThat(answer.nextOffset()).isEqualTo("cursor-2");
    }

    @Test
    void theOffsetMayComeFromAHeader() {
        AnswerRecords answer = parse("[{\"x\":1}]", "page-9", "page-8", config("http.offset.header", "X-Next"));
        assertThat(answer.items()).singleElement().extracting(AnswerRecords.Item::offset).isEqualTo("page-9");
    }

    @Test
    void anObjectIsOneRecordAndNothingIsNone() {
        assertThat(parse("{\"status\":\"ok\"}", null, "", config()).items()).hasSize(1);
        assertThat(parse("{\"data\":[]}", null, "", config("http.response.records.pointer", "/data")).items()).isEmpty();
        assertThat(parse("", null, "", config()).items()).isEmpty();
        assertThat(parse("{\"data\":[]}", null, "7", config("http.response.records.pointer", "/data", "http.offset.record.pointer", "/id"))
                .nextOffset()).as("no records, the offset stays").isEqualTo("7");
    }
}
