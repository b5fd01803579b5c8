package io.ferry.runtime.plugins;
// TEMP STUB
public final class LoaderSwap implements AutoCloseable { public void close() {} }
