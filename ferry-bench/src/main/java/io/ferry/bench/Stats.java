package io.ferry.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians, percentiles and ratios of the readings. */
public final class Stats {

    private Stats() {
    }

    /** The median; of an even count, the mean of the middle two (so of two rounds, their mean). */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The nearest-rank percentile (p in 0..100): the smallest value with at least p% of the values at or below it. */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** How much better Ferry did: Ferry/Apache for what should be high, Apache/Ferry for what should be low. */
    public static double ratio(Measure measure, double apache, double ferry) {
        return measure.higherIsBetter ? ferry / apache : apache / ferry;
    }
}
