package io.ferry.runtime.plugins;
// TEMP STUB
public enum PluginType { SOURCE, SINK, CONVERTER, HEADER_CONVERTER, TRANSFORMATION, PREDICATE, CONFIGPROVIDER, REST_EXTENSION, CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY;
  public Class<?> superClass() { return null; }
  public String jsonName() { return name().toLowerCase(); }
  public static PluginType of(Class<?> c) { return null; } }
