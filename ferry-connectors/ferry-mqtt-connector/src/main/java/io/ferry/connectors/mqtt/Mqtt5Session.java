package io.ferry.connectors.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** An MQTT 5 session. */
final class Mqtt5Session extends MqttSessionBase {

    private final Mqtt5AsyncClient client;

    Mqtt5Session(Mqtt5ClientBuilder builder, Options options) {
        super(options);
        this.client = builder.buildAsync();
        if (options.onMessage() != null) {
            // Registered before connecting: a resumed session's waiting messages arrive right after the CONNACK,
            // before any SUBSCRIBE. Acknowledged by the task, not on arrival.
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> options.onMessage().accept(received(publish)), true);
        }
    }

    @Override
    CompletableFuture<Void> connect() {
        long expiry = options.sessionExpirySeconds();
        var connect = client.connectWith().cleanStart(expiry == 0).sessionExpiryInterval(expiry).keepAlive(keepAliveSeconds());
        if (username() != null) {
            var auth = connect.simpleAuth().username(username());
            if (password() != null) {
                auth = auth.password(password());
            }
            connect = auth.applySimpleAuth();
        } else if (password() != null) {
            connect = connect.simpleAuth().password(password()).applySimpleAuth();
        }
        return connect.send().thenAccept(ack -> sessionPresent = ack.isSessionPresent());
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> topicFilters, int qos) {
        List<Mqtt5Subscription> subscriptions = new ArrayList<>();
        for (String filter : topicFilters) {
            subscriptions.add(Mqtt5Subscription.builder().topicFilter(filter).qos(MqttQos.fromCode(qos)).build());
        }
        return client.subscribe(Mqtt5Subscribe.builder().addSubscriptions(subscriptions).build()).thenCompose(ack -> {
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < ack.getReasonCodes().size(); i++) {
                Mqtt5SubAckReasonCode code = ack.getReasonCodes().get(i);
                if (code.isError()) {
                    refused.add(topicFilters.get(i) + " (" + code + ")");
                }
            }
            return refused("the subscription to", refused);
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload).send()
                .thenCompose(result -> result.getError().isPresent()
                        ? CompletableFuture.failedFuture(result.getError().get())
                        : CompletableFuture.completedFuture(null));
    }

    @Override
    CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }

    private static ReceivedMessage received(Mqtt5Publish publish) {
        List<Map.Entry<String, String>> properties = new ArrayList<>();
        publish.getUserProperties().asList().forEach(p -> properties.add(Map.entry(p.getName().toString(), p.getValue().toString())));
        return new ReceivedMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain(), properties, publish::acknowledge);
    }
}
