package io.ferry.runtime.metrics.prometheus;

import io.ferry.runtime.model.ConnectorStateInfo;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} answers: the Kafka Connect and Kafka client metrics under the names the common JMX
 * exporter rules give them, Ferry's connector and task state series, and the JVM's metrics. The Prometheus text
 * format by default, OpenMetrics when the scraper asks for it ({@code Accept: application/openmetrics-text}).
 */
public final class PrometheusEndpoint {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    /**
     * @param statuses the connectors' statuses as the REST API reports them
     * @param restarts where this worker's automatic restarts stand
     * @param workerId this worker's id ({@code host:port}), to report only what it runs
     */
    public PrometheusEndpoint(Supplier<Collection<ConnectorStateInfo>> statuses,
                              Supplier<Collection<AutoRestartCollector.Restarts>> restarts, String workerId) {
        JvmMetrics.builder().register(registry);
        registry.register(new KafkaJmxCollector());
        registry.register(new ComponentStateCollector(statuses, workerId));
        registry.register(new AutoRestartCollector(restarts));
    }

    /** The format to answer in, from the request's {@code Accept} header (null for the default). */
    public ExpositionFormatWriter writerFor(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        // Protocol buffers need a library Ferry does not ship; such a scraper gets text, which Prometheus accepts.
        boolean text = writer.getContentType().startsWith("text/")
                || writer.getContentType().startsWith("application/openmetrics-text");
        return text && writer.isAvailable() ? writer : formats.getPrometheusTextFormatWriter();
    }

    public void write(ExpositionFormatWriter writer, OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
