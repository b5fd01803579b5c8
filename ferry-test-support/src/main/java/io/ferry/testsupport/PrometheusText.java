package io.ferry.testsupport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4): {@code # HELP} and {@code # TYPE}
 * lines, and samples {@code name{label="value",...} value [timestamp]} with escaped label values. Any line it cannot
 * read, a sample of no declared family, or the same series twice is an error, as a scraper would report it.
 */
public final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ")( .*)?");
    private static final List<String> SUFFIXES = List.of("", "_total", "_created", "_count", "_sum", "_bucket", "_info");

    /** One sample: the series name as written (counters with {@code _total}), its labels, value and family type. */
    public record Sample(String name, Map<String, String> labels, double value, String type) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Samples of this series name whose labels include all of {@code labels} (alternating names and values). */
    public List<Sample> find(String name, String... labels) {
        List<Sample> result = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && hasLabels(s, labels)) {
                result.add(s);
            }
        }
        return result;
    }

    /** The value of the only sample matching, or empty when none does; more than one is an error. */
    public Optional<Double> value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new AssertionError("More than one series " + name + " with " + List.of(labels) + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    private static boolean hasLabels(Sample s, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    public static PrometheusText parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new HashSet<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (types.put(type.group(1), type.group(2)) != null) {
                        throw error(lineNo, line, "family declared twice");
                    }
                } else if (line.startsWith("# TYPE") || (line.startsWith("# HELP") && !HELP.matcher(line).matches())) {
                    throw error(lineNo, line, "malformed comment");
                }
                continue;
            }
            Sample sample = sample(lineNo, line, types);
            if (!series.add(sample.name() + sample.labels())) {
                throw error(lineNo, line, "the same series twice");
            }
            samples.add(sample);
        }
        return new PrometheusText(samples);
    }

    private static Sample sample(int lineNo, String line, Map<String, String> types) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw error(lineNo, line, "no metric name");
        }
        String metric = name.group();
        int pos = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos = labels(lineNo, line, pos + 1, labels);
        }
        if (pos >= line.length() || line.charAt(pos) != ' ') {
            throw error(lineNo, line, "no space before the value");
        }
        String[] rest = line.substring(pos + 1).split(" ");
        if (rest.length > 2) {
            throw error(lineNo, line, "more than a value and a timestamp");
        }
        double value;
        try {
            value = switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
            if (rest.length == 2) {
                Long.parseLong(rest[1]);
            }
        } catch (NumberFormatException e) {
            throw error(lineNo, line, "not a number");
        }
        String type = family(metric, types);
        if (type == null) {
            throw error(lineNo, line, "sample of no declared family");
        }
        return new Sample(metric, labels, value, type);
    }

    private static String family(String metric, Map<String, String> types) {
        for (String suffix : SUFFIXES) {
            if (metric.endsWith(suffix)) {
                String type = types.get(metric.substring(0, metric.length() - suffix.length()));
                if (type != null) {
                    return type;
                }
            }
        }
        return null;
    }

    /** Reads {@code name="value",...}} from {@code pos}; returns the position after the closing brace. */
    private static int labels(int lineNo, String line, int pos, Map<String, String> labels) {
        while (true) {
            if (pos < line.length() && line.charAt(pos) == '}') {
                return pos + 1;
            }
            Matcher name = LABEL_NAME.matcher(line).region(pos, line.length());
            if (!name.lookingAt() || name.end() + 1 >= line.length() || line.charAt(name.end()) != '='
                    || line.charAt(name.end() + 1) != '"') {
                throw error(lineNo, line, "malformed label at column " + pos);
            }
            StringBuilder value = new StringBuilder();
            int i = name.end() + 2;
            for (; i < line.length() && line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = i + 1 < line.length() ? line.charAt(++i) : ' ';
                    switch (next) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw error(lineNo, line, "unknown escape \\" + next);
                    }
                } else {
                    value.append(c);
                }
            }
            if (i >= line.length()) {
                throw error(lineNo, line, "unterminated label value");
            }
            if (labels.put(name.group(), value.toString()) != null) {
                throw error(lineNo, line, "label " + name.group() + " twice");
            }
            pos = i + 1;
            if (pos < line.length() && line.charAt(pos) == ',') {
                pos++;
            }
        }
    }

    private static IllegalArgumentException error(int lineNo, String line, String problem) {
        return new IllegalArgumentException("Line " + lineNo + " is not valid Prometheus text (" + problem + "): " + line);
    }
}
