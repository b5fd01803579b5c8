package io.ferry.runtime.plugins;

/** A plugin that could not be loaded and was skipped. */
public record PluginProblem(String location, String reason) {
}
