package io.ferry.plugins.test.b;

import org.apache.commons.lang3.StringUtils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.List;
import java.util.Map;

/** Writes one record: "plugin=b library=<commons-lang3 version> loader=<its class loader>", then idles. */
public class VersionReportingSourceTask extends SourceTask {

    private String topic;
    private boolean sent;

    @Override
    public void start(Map<String, String> props) {
        topic = props.get("topic");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (sent) {
            Thread.sleep(200);
            return null;
        }
        sent = true;
        // Calls an API of the bundled version, so the wrong version would fail here.
        String check = org.apache.commons.lang3.RandomStringUtils.secure().nextAlphabetic(1);
        String report = "plugin=b library=" + StringUtils.class.getPackage().getImplementationVersion()
                + " loader=" + StringUtils.class.getClassLoader() + " check=" + check.length();
        return List.of(new SourceRecord(Map.of("plugin", "b"), Map.of("sent", true), topic, Schema.STRING_SCHEMA, report));
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return "1.0-b";
    }
}
