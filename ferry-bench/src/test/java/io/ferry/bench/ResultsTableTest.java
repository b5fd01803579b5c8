package io.ferry.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsTableTest {

    private final Results results = new Results();

    @Test
    void theSummaryShowsMediansAndTheirRatio() {
        results.record(Measure.SOURCE_STRING_RATE, "apache", 1, 100_000);
        results.record(Measure.SOURCE_STRING_RATE, "apache", 2, 120_000);
        results.record(Measure.SOURCE_STRING_RATE, "ferry", 1, 200_000);
        results.record(Measure.SOURCE_STRING_RATE, "ferry", 2, 240_000);

        String summary = new ResultsTable(results, List.of(RuntimeKind.APACHE, RuntimeKind.FERRY), 2).summary();

        assertThat(summary).startsWith("| measure | Apache 4.3.1 | Ferry | ratio (>1: Ferry better) |\n|---|---:|---:|---:|\n");
        assertThat(summary).contains("| source string, rec/s | 110,000 | 220,000 | 2.00 |");
    }

    @Test
    void timesAreComparedTheOtherWayRound() {
        results.record(Measure.START_TO_REST, "apache", 1, 6.0);
        results.record(Measure.START_TO_REST, "ferry", 1, 2.0);

        String summary = new ResultsTable(results, List.of(RuntimeKind.APACHE, RuntimeKind.FERRY), 1).summary();

        assertThat(summary).contains("| start→REST, s | 6.00 | 2.00 | 3.00 |");
    }

    @Test
    void aFailedScenarioSaysWhyInItsCellAndHasNoRatio() {
        results.record(Measure.SINK_STRING_RATE, "apache", 1, 50_000);
        results.fail(List.of(Measure.SINK_STRING_RATE), "ferry", 1, "the worker did not start");

        String summary = new ResultsTable(results, List.of(RuntimeKind.APACHE, RuntimeKind.FERRY), 1).summary();

        assertThat(summary).contains("| sink string, rec/s | 50,000 | failed: the worker did not start | – |");
    }

    @Test
    void aFailedRoundIsFlaggedNextToTheMedianOfTheOthers() {
        results.record(Measure.SINK_STRING_RATE, "ferry", 1, 50_000);
        results.fail(List.of(Measure.SINK_STRING_RATE), "ferry", 2, "timeout");

        String summary = new ResultsTable(results, List.of(RuntimeKind.FERRY), 2).summary();

        assertThat(summary).contains("| sink string, rec/s | 50,000 (a round failed) |");
    }

    @Test
    void rawClientsAndTheSourceShareOfTheProducerFollowTheRuntimes() {
        results.record(Measure.SOURCE_STRING_RATE, "apache", 1, 50_000);
        results.record(Measure.SOURCE_STRING_RATE, "ferry", 1, 80_000);
        results.record(Measure.RAW_PRODUCER_RATE, Results.RAW, 1, 100_000);

        String summary = new ResultsTable(results, List.of(RuntimeKind.APACHE, RuntimeKind.FERRY), 1).summary();

        assertThat(summary).contains("| raw producer (worker's settings), rec/s | 100,000 | | |");
        assertThat(summary).contains("| source string as % of raw producer | 50 % | 80 % | |");
    }

    @Test
    void theDetailsListEveryRound() {
        results.record(Measure.SCALE_TIME_TO_RUNNING, "apache", 1, 3.0);
        results.record(Measure.SCALE_TIME_TO_RUNNING, "apache", 2, 5.0);

        String details = new ResultsTable(results, List.of(RuntimeKind.APACHE), 2).details();

        assertThat(details).contains("| measure | Apache 4.3.1 r1 | Apache 4.3.1 r2 | raw r1 | raw r2 |");
        assertThat(details).contains("| scale: POST→all running, s | 3.0 | 5.0 | – | – |");
    }

    @Test
    void pipesInAReasonCannotBreakTheTable() {
        assertThat(ResultsTable.escape("a|b\nc")).isEqualTo("a\\|b c");
    }
}
