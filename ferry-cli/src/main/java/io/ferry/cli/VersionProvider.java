package io.ferry.cli;

import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;

/** Prints Ferry's version and the Kafka Connect API version it implements. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String ferry = FerryCli.class.getPackage().getImplementationVersion();
        return new String[]{
                "Ferry " + (ferry == null ? "(development build)" : ferry),
                "Kafka Connect API " + AppInfoParser.getVersion()
        };
    }
}
