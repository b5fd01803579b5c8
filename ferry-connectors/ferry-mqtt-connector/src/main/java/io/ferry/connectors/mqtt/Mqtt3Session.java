package io.ferry.connectors.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An MQTT 3.1.1 session: no session expiry (a persistent session lasts until a clean one replaces it), no user properties. */
final class Mqtt3Session extends MqttSessionBase {

    private final Mqtt3AsyncClient client;

    Mqtt3Session(Mqtt3ClientBuilder builder, Options options) {
        super(options);
        this.client = builder.buildAsync();
        if (options.onMessage() != null) {
            // As in Mqtt5Session: before connecting, so that a resumed session's messages are not missed.
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> options.onMessage().accept(received(publish)), true);
        }
    }

    @Override
    CompletableFuture<Void> connect() {
        var connect = client.connectWith().cleanSession(options.sessionExpirySeconds() == 0).keepAlive(keepAliveSeconds());
        if (username() != null) {
            var auth = connect.simpleAuth().username(username());
            if (password() != null) {
                auth = auth.password(password());
            }
            connect = auth.applySimpleAuth();
        }
        return connect.send().thenAccept(ack -> sessionPresent = ack.isSessionPresent());
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> topicFilters, int qos) {
        List<Mqtt3Subscription> subscriptions = new ArrayList<>();
        for (String filter : topicFilters) {
            subscriptions.add(Mqtt3Subscription.builder().topicFilter(filter).qos(MqttQos.fromCode(qos)).build());
        }
        return client.subscribe(Mqtt3Subscribe.builder().addSubscriptions(subscriptions).build()).thenCompose(ack -> {
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < ack.getReturnCodes().size(); i++) {
                if (ack.getReturnCodes().get(i).isError()) {
                    refused.add(topicFilters.get(i));
                }
            }
            return refused("the subscription to", refused);
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload).send()
                .thenApply(published -> null);
    }

    @Override
    CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }

    private static ReceivedMessage received(Mqtt3Publish publish) {
        return new ReceivedMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain(), List.of(), publish::acknowledge);
    }
}
