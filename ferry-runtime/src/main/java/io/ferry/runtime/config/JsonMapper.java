package io.ferry.runtime.config;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper.Builder;

/**
 * The JSON reader and writer of the REST API and of connector files. Reading forgives what is harmless and
 * unambiguous in hand-written JSON: trailing commas and comments.
 */
public final class JsonMapper {

    private static final ObjectMapper MAPPER = builder().build();

    private JsonMapper() {
    }

    public static ObjectMapper get() {
        return MAPPER;
    }

    private static Builder builder() {
        return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
