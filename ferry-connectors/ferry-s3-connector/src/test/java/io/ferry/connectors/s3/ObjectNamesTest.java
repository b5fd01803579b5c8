package io.ferry.connectors.s3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectNamesTest {

    @Test
    void keysNameTopicPartitionAndOffsetsAndSortInOffsetOrder() {
        ObjectNames names = new ObjectNames("backup/");
        String key = names.key("orders", 3, 42, 1041, true, true);
        assertThat(key).isEqualTo("backup/orders/partition=3/orders+3+00000000000000000042+00000000000000001041.jsonl.gz");
        assertThat(ObjectNames.parse(key)).isEqualTo(new ObjectNames.Parsed("orders", 3, 42, 1041, true, true));
        assertThat(names.key("orders", 3, 999, 999, true, false)).isLessThan(names.key("orders", 3, 1000, 1999, true, false));
    }

    @Test
    void dottedTopicsParseAndOtherKeysAreNotTheSinks() {
        assertThat(ObjectNames.parse("x/orders.v2-eu/partition=0/orders.v2-eu+0+00000000000000000001+00000000000000000002.bin"))
                .isEqualTo(new ObjectNames.Parsed("orders.v2-eu", 0, 1, 2, false, false));
        assertThat(ObjectNames.parse("exports/2026/12/06/data.jsonl")).isNull();
    }
}
