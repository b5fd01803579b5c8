package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A plugin as {@code GET /connector-plugins} lists it; a version of "undefined" is left out. */
@JsonPropertyOrder({"class", "type", "version"})
public record PluginInfo(@JsonProperty("class") String className, String type,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String version) {

    public static PluginInfo of(String className, String type, String version) {
        return new PluginInfo(className, type, version == null || "undefined".equals(version) ? null : version);
    }
}
