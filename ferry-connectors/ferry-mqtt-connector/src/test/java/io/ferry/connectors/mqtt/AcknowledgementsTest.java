package io.ferry.connectors.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgementsTest {

    private final List<String> sent = new ArrayList<>();
    private final Acknowledgements acknowledgements = new Acknowledgements();

    private Acknowledgements.Pending arrive(String name) {
        return acknowledgements.arrived(() -> sent.add(name));
    }

    @Test
    void acknowledgesInArrivalOrderWhateverOrderKafkaAnswersIn() {
        Acknowledgements.Pending first = arrive("first");
        Acknowledgements.Pending second = arrive("second");
        Acknowledgements.Pending third = arrive("third");

        acknowledgements.done(third);
        acknowledgements.done(second);
        assertThat(sent).as("nothing before the first message is done").isEmpty();
        assertThat(acknowledgements.outstanding()).isEqualTo(3);

        acknowledgements.done(first);
        assertThat(sent).containsExactly("first", "second", "third");
        assertThat(acknowledgements.outstanding()).isZero();
        assertThat(acknowledgements.acknowledgedTotal()).isEqualTo(3);
    }

    @Test
    void aMessageDoneAfterItsPredecessorsIsAcknowledgedAtOnce() {
        Acknowledgements.Pending first = arrive("first");
        Acknowledgements.Pending second = arrive("second");
        acknowledgements.done(first);
        assertThat(sent).containsExactly("first");
        acknowledgements.done(second);
        assertThat(sent).containsExactly("first", "second");
    }

    @Test
    void forgottenMessagesAreNeverAcknowledged() {
        Acknowledgements.Pending first = arrive("first");
        arrive("second");
        acknowledgements.forgetOutstanding();
        acknowledgements.done(first);
        assertThat(sent).isEmpty();
        assertThat(acknowledgements.outstanding()).isZero();
    }
}
