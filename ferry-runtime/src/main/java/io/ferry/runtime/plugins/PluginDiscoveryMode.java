package io.ferry.runtime.plugins;
// TEMP STUB
public enum PluginDiscoveryMode { ONLY_SCAN, HYBRID_WARN, HYBRID_FAIL, SERVICE_LOAD; public static PluginDiscoveryMode parse(String s) { return valueOf(s.toUpperCase()); } }
