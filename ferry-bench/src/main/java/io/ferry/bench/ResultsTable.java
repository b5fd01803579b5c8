package io.ferry.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The results as Markdown: the medians side by side with their ratio, then every round. */
public final class ResultsTable {

    private final Results results;
    private final List<RuntimeKind> runtimes;
    private final int rounds;

    public ResultsTable(Results results, List<RuntimeKind> runtimes, int rounds) {
        this.results = results;
        this.runtimes = runtimes;
        this.rounds = rounds;
    }

    /** The medians: one row per measure some runtime has readings of, then the raw clients' limits. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append("| measure |");
        runtimes.forEach(r -> out.append(' ').append(r.title).append(" |"));
        boolean both = runtimes.size() == 2;
        if (both) {
            out.append(" ratio (>1: Ferry better) |");
        }
        out.append('\n').append("|---|");
        runtimes.forEach(r -> out.append("---:|"));
        if (both) {
            out.append("---:|");
        }
        out.append('\n');
        for (Measure measure : Measure.values()) {
            if (measure.raw() || runtimes.stream().noneMatch(r -> results.has(measure, r.id))) {
                continue;
            }
            out.append("| ").append(measure.label).append(", ").append(measure.unit).append(" |");
            runtimes.forEach(r -> out.append(' ').append(cell(measure, r.id)).append(" |"));
            if (both) {
                out.append(' ').append(ratio(measure)).append(" |");
            }
            out.append('\n');
        }
        appendRaw(out, both);
        return out.toString();
    }

    private void appendRaw(StringBuilder out, boolean both) {
        String blanks = " |".repeat(runtimes.size() - 1 + (both ? 1 : 0));
        for (Measure measure : List.of(Measure.RAW_PRODUCER_RATE, Measure.RAW_CONSUMER_RATE)) {
            if (results.has(measure, Results.RAW)) {
                out.append("| ").append(measure.label).append(", ").append(measure.unit).append(" | ")
                        .append(cell(measure, Results.RAW)).append(" |").append(blanks).append('\n');
            }
        }
        Optional<Double> producer = results.median(Measure.RAW_PRODUCER_RATE, Results.RAW);
        for (Measure source : List.of(Measure.SOURCE_STRING_RATE, Measure.SOURCE_STRING_WARM_RATE)) {
            if (producer.isPresent() && runtimes.stream().anyMatch(r -> results.has(source, r.id))) {
                out.append("| ").append(source.label).append(" as % of raw producer |");
                runtimes.forEach(r -> out.append(' ').append(results.median(source, r.id)
                        .map(v -> String.format(Locale.ROOT, "%.0f %%", 100 * v / producer.get())).orElse("–")).append(" |"));
                out.append(both ? " |" : "").append('\n');
            }
        }
    }

    /** Every round of every measure, for a look at how much the rounds differ. */
    public String details() {
        StringBuilder out = new StringBuilder("| measure |");
        List<String> columns = new java.util.ArrayList<>(runtimes.stream().map(r -> r.id).toList());
        columns.add(Results.RAW);
        for (String column : columns) {
            for (int round = 1; round <= rounds; round++) {
                out.append(' ').append(title(column)).append(" r").append(round).append(" |");
            }
        }
        out.append("\n|---|").append("---:|".repeat(columns.size() * rounds)).append('\n');
        for (Measure measure : Measure.values()) {
            if (columns.stream().noneMatch(c -> results.has(measure, c))) {
                continue;
            }
            out.append("| ").append(measure.label).append(", ").append(measure.unit).append(" |");
            for (String column : columns) {
                Map<Integer, Results.Reading> readings = results.rounds(measure, column);
                for (int round = 1; round <= rounds; round++) {
                    Results.Reading reading = readings.get(round);
                    out.append(' ').append(reading == null ? "–" : reading.failed() ? "failed: " + reading.failure()
                            : format(measure, reading.value())).append(" |");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    String cell(Measure measure, String column) {
        Optional<Double> median = results.median(measure, column);
        Optional<String> failure = results.failure(measure, column);
        if (median.isEmpty()) {
            return failure.map(f -> "failed: " + f).orElse("–");
        }
        return format(measure, median.get()) + failure.map(f -> " (a round failed)").orElse("");
    }

    String ratio(Measure measure) {
        Optional<Double> apache = results.median(measure, RuntimeKind.APACHE.id);
        Optional<Double> ferry = results.median(measure, RuntimeKind.FERRY.id);
        if (apache.isEmpty() || ferry.isEmpty() || apache.get() == 0 || ferry.get() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", Stats.ratio(measure, apache.get(), ferry.get()));
    }

    static String format(Measure measure, double value) {
        return String.format(Locale.ROOT, "%,." + measure.decimals + "f", value);
    }

    private static String title(String column) {
        return column.equals(Results.RAW) ? "raw" : RuntimeKind.byId(column).title;
    }

    /** Cells must not break the table. */
    static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
