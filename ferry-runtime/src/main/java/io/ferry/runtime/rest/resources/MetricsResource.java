package io.ferry.runtime.rest.resources;

import io.ferry.runtime.metrics.prometheus.PrometheusEndpoint;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** {@code GET /metrics}: the worker's metrics for Prometheus, in the format the scraper asks for. */
@Path("/metrics")
public class MetricsResource {

    private final PrometheusEndpoint endpoint;

    public MetricsResource(PrometheusEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @GET
    public Response metrics(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        ExpositionFormatWriter writer = endpoint.writerFor(accept);
        StreamingOutput body = out -> endpoint.write(writer, out);
        return Response.ok(body).type(writer.getContentType()).build();
    }
}
