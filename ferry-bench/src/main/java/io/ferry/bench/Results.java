package io.ferry.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every reading of a run, by measure, column (a runtime, or the bench's raw clients) and round; a scenario that
 * failed leaves its reason instead of a value.
 */
public final class Results {

    /** The column of readings taken by the bench's own clients rather than a worker. */
    public static final String RAW = "raw";

    /** One round's outcome: a value, or why there is none. */
    public record Reading(Double value, String failure) {
        public boolean failed() {
            return value == null;
        }
    }

    private final Map<Measure, Map<String, Map<Integer, Reading>>> readings = new EnumMap<>(Measure.class);
    private final List<String> notes = new ArrayList<>();

    public synchronized void record(Measure measure, String column, int round, double value) {
        slot(measure, column).put(round, new Reading(value, null));
    }

    /**
     * Marks the measures of a failed scenario. Values already recorded for them this round are kept (the scenario
     * failed after measuring, e.g. deleting its connector), and the failure becomes a note instead.
     */
    public synchronized void fail(Collection<Measure> measures, String column, int round, String reason) {
        boolean measuredBefore = false;
        for (Measure measure : measures) {
            measuredBefore |= slot(measure, column).putIfAbsent(round, new Reading(null, reason)) != null;
        }
        if (measuredBefore) {
            notes.add(column + " round " + round + ": failed after measuring: " + reason);
        }
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** The rounds of a measure in a column, by round number. */
    public synchronized Map<Integer, Reading> rounds(Measure measure, String column) {
        return Map.copyOf(readings.getOrDefault(measure, Map.of()).getOrDefault(column, Map.of()));
    }

    /** The median of the rounds that succeeded, if any did. */
    public synchronized Optional<Double> median(Measure measure, String column) {
        List<Double> values = rounds(measure, column).values().stream().filter(r -> !r.failed()).map(Reading::value).toList();
        return values.isEmpty() ? Optional.empty() : Optional.of(Stats.median(values));
    }

    /** The reason of the first failed round, if any failed. */
    public synchronized Optional<String> failure(Measure measure, String column) {
        return new TreeMap<>(rounds(measure, column)).values().stream().filter(Reading::failed).map(Reading::failure).findFirst();
    }

    public synchronized boolean has(Measure measure, String column) {
        return !rounds(measure, column).isEmpty();
    }

    private Map<Integer, Reading> slot(Measure measure, String column) {
        return readings.computeIfAbsent(measure, m -> new TreeMap<>()).computeIfAbsent(column, c -> new TreeMap<>());
    }
}
