package io.ferry.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    }

    @Test
    void theMedianOfTwoRoundsIsTheirMean() {
        assertThat(Stats.median(List.of(10.0, 20.0))).isEqualTo(15.0);
    }

    @Test
    void noValuesHaveNoMedian() {
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesTakeTheNearestRank() {
        List<Double> hundred = new java.util.ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            hundred.add((double) i);
        }
        assertThat(Stats.percentile(hundred, 50)).isEqualTo(50.0);
        assertThat(Stats.percentile(hundred, 99)).isEqualTo(99.0);
        assertThat(Stats.percentile(List.of(7.0), 99)).isEqualTo(7.0);
    }

    @Test
    void aRatioAboveOneFavoursFerryWhicheverWayIsBetter() {
        assertThat(Stats.ratio(Measure.SOURCE_STRING_RATE, 100, 150)).isEqualTo(1.5);
        assertThat(Stats.ratio(Measure.START_TO_REST, 6, 3)).isEqualTo(2.0);
    }
}
