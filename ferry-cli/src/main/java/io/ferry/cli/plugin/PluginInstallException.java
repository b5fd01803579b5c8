package io.ferry.cli.plugin;

/** An install, list or remove that cannot be done, with a message for the user. */
final class PluginInstallException extends RuntimeException {

    PluginInstallException(String message) {
        super(message);
    }

    PluginInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
