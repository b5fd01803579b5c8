package io.ferry.runtime.worker;

import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubmittedRecordsTest {

    private static final Map<String, Object> P1 = Map.of("file", "a");
    private static final Map<String, Object> P2 = Map.of("file", "b");

    @Test
    void commitsOnlyUpToTheFirstUnacknowledgedRecordOfEachPartition() {
        SubmittedRecords records = new SubmittedRecords(Time.SYSTEM);
        SubmittedRecords.Submitted a1 = records.submit(P1, Map.of("pos", 1));
        SubmittedRecords.Submitted a2 = records.submit(P1, Map.of("pos", 2));
        SubmittedRecords.Submitted a3 = records.submit(P1, Map.of("pos", 3));
        SubmittedRecords.Submitted b1 = records.submit(P2, Map.of("pos", 10));

        a2.ack();
        a3.ack();
        b1.ack();
        assertThat(records.takeCommittable()).containsOnly(Map.entry(P2, Map.of("pos", 10)));

        a1.ack();
        assertThat(records.takeCommittable()).containsOnly(Map.entry(P1, Map.of("pos", 3)));
        assertThat(records.takeCommittable()).isEmpty();
        assertThat(records.outstanding()).isZero();
    }

    @Test
    void acknowledgedRecordsAreSettledAtOnceNotKeptUntilTheNextCommit() {
        SubmittedRecords records = new SubmittedRecords(Time.SYSTEM);
        SubmittedRecords.Submitted first = records.submit(P1, Map.of("pos", 0));
        for (int i = 1; i < 10_000; i++) {
            records.submit(P1, Map.of("pos", i)).ack();
        }
        assertThat(records.held()).as("held behind the unacknowledged first record").isEqualTo(10_000);

        first.ack();
        assertThat(records.held()).isZero();
        SubmittedRecords.Submitted next = records.submit(P1, Map.of("pos", 10_000));
        assertThat(records.held()).isEqualTo(1);
        assertThat(records.takeCommittable()).containsOnly(Map.entry(P1, Map.of("pos", 9_999)));
        next.ack();
        assertThat(records.takeCommittable()).containsOnly(Map.entry(P1, Map.of("pos", 10_000)));
    }

    @Test
    void droppedRecordIsForgottenAndDoesNotBlockLaterOnes() throws Exception {
        SubmittedRecords records = new SubmittedRecords(Time.SYSTEM);
        records.submit(P1, Map.of("pos", 1)).ack();
        SubmittedRecords.Submitted retried = records.submit(P1, Map.of("pos", 2));
        retried.drop();
        assertThat(records.outstanding()).isZero();
        assertThat(records.awaitAllAcked(10)).isTrue();
        assertThat(records.takeCommittable()).containsOnly(Map.entry(P1, Map.of("pos", 1)));
    }

    @Test
    void awaitAllAckedTimesOutWhileRecordsAreOutstanding() throws Exception {
        SubmittedRecords records = new SubmittedRecords(Time.SYSTEM);
        SubmittedRecords.Submitted pending = records.submit(P1, Map.of("pos", 1));
        assertThat(records.awaitAllAcked(20)).isFalse();
        pending.ack();
        assertThat(records.awaitAllAcked(20)).isTrue();
    }

    @Test
    void awaitAllAckedWaitsOnTheWorkersClock() throws Exception {
        ManualTime time = new ManualTime();
        SubmittedRecords records = new SubmittedRecords(time);
        records.submit(P1, Map.of("pos", 1));
        assertThat(records.awaitAllAcked(60_000)).isFalse();
        assertThat(time.milliseconds()).isEqualTo(ManualTime.START + 60_000);
    }
}
