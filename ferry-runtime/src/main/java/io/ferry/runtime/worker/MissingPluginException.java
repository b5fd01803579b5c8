package io.ferry.runtime.worker;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * No installed plugin matches a connector's config (its class or alias, and version). A type of its own because a
 * restart cannot fix it: the control plane does not restart such work automatically.
 */
public class MissingPluginException extends ConnectException {

    public MissingPluginException(String message) {
        super(message);
    }
}
