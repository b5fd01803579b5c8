package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The result of validating a connector config: every field's definition, value and errors. */
@JsonPropertyOrder({"name", "error_count", "groups", "configs"})
public record ConfigInfos(String name, @JsonProperty("error_count") int errorCount, List<String> groups,
                          List<ConfigInfo> configs) {

    @JsonPropertyOrder({"definition", "value"})
    public record ConfigInfo(ConfigKeyInfo definition, ConfigValueInfo value) {
    }

    @JsonPropertyOrder({"name", "type", "required", "default_value", "importance", "documentation", "group",
            "order_in_group", "width", "display_name", "dependents"})
    public record ConfigKeyInfo(String name, String type, boolean required,
                                @JsonProperty("default_value") String defaultValue, String importance,
                                String documentation, String group,
                                @JsonProperty("order_in_group") int orderInGroup, String width,
                                @JsonProperty("display_name") String displayName, List<String> dependents) {
    }

    @JsonPropertyOrder({"name", "value", "recommended_values", "errors", "visible"})
    public record ConfigValueInfo(String name, String value,
                                  @JsonProperty("recommended_values") List<String> recommendedValues,
                                  List<String> errors, boolean visible) {
    }
}
