package io.ferry.runtime.plugins;
// TEMP STUB
public record PluginProblem(String location, String reason) {}
