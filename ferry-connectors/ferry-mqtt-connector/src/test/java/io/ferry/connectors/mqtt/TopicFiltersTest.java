package io.ferry.connectors.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFiltersTest {

    @Test
    void wildcardsMustBeWholeLevelsAndHashTheLast() {
        assertThat(TopicFilters.problem("sensors/#")).isNull();
        assertThat(TopicFilters.problem("#")).isNull();
        assertThat(TopicFilters.problem("plant/+/temperature")).isNull();
        assertThat(TopicFilters.problem("+/+")).isNull();
        assertThat(TopicFilters.problem("sensors/#/x")).contains("last");
        assertThat(TopicFilters.problem("sensors#")).contains("whole level");
        assertThat(TopicFilters.problem("plant/a+/t")).contains("+ must be a whole level");
        assertThat(TopicFilters.problem("")).contains("empty");
    }

    @Test
    void publishedTopicsHaveNoWildcards() {
        assertThat(TopicFilters.publishProblem("copy/sensors/1")).isNull();
        assertThat(TopicFilters.publishProblem("copy/+")).contains("wildcards");
        assertThat(TopicFilters.publishProblem("copy/#")).contains("wildcards");
        assertThat(TopicFilters.publishProblem("")).contains("empty");
    }
}
