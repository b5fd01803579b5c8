package io.ferry.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints results as aligned tables, JSON or YAML. */
public final class Output {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final PrintWriter out;
    private final ClientOptions.Format format;

    public Output(PrintWriter out, ClientOptions.Format format) {
        this.out = out;
        this.format = format;
    }

    public boolean structured() {
        return format != ClientOptions.Format.table;
    }

    /** Prints data as JSON or YAML when asked to; returns false when the caller should print a table instead. */
    public boolean printStructured(Object data) {
        if (!structured()) {
            return false;
        }
        try {
            String text = format == ClientOptions.Format.json ? PRETTY.writeValueAsString(data) : YAML.writeValueAsString(data);
            out.println(text.stripTrailing());
        } catch (JsonProcessingException e) {
            throw new ClientException(ClientException.FAILED, "cannot print the result: " + e.getOriginalMessage());
        }
        out.flush();
        return true;
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints rows under headers, each column as wide as its widest cell. */
    public void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i) == null ? 0 : row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i);
                sb.append(i == row.size() - 1 ? cell : String.format("%-" + (widths[i] + 2) + "s", cell));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }

    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "" : node.isValueNode() ? node.asText() : node.toString();
    }
}
