package io.ferry.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.Rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Examples in the documentation, read as the user reads them, so that tests run them as written. */
public final class DocExamples {

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    private DocExamples() {
    }

    /** The first JSON code block of a page under docs/, e.g. {@code connectors/mqtt.md}. */
    public static JsonNode firstJsonBlock(String page) throws IOException {
        Path file = Path.of(System.getProperty("ferry.home")).resolve("docs").resolve(page);
        Matcher block = JSON_BLOCK.matcher(Files.readString(file));
        if (!block.find()) {
            throw new AssertionError("No JSON block in " + file);
        }
        return Rest.JSON.readTree(block.group(1));
    }
}
