package io.ferry.plugins.test.broken;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.CommandLineParser;
import org.apache.commons.cli.Options;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * A connector that cannot be loaded: it implements an interface of a library its plugin directory lacks (and that no
 * test's class path has, so that in-process workers cannot find it either).
 */
public class MissingDependencyConnector extends SourceConnector implements CommandLineParser {

    @Override
    public CommandLine parse(Options options, String[] arguments) {
        return null;
    }

    @Override
    public CommandLine parse(Options options, String[] arguments, boolean stopAtNonOption) {
        return null;
    }

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return null;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of();
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "1.0";
    }
}
