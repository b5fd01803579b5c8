package io.ferry.connectors.s3;

import io.ferry.connectors.common.Reachability;
import org.apache.kafka.common.config.Config;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.util.Map;

/** The S3 client a task uses, and what validation checks of the store. */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client build(S3Config config) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.getString(S3Config.REGION)))
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(config.getBoolean(S3Config.PATH_STYLE));
        if (config.getString(S3Config.ENDPOINT) != null) {
            builder.endpointOverride(URI.create(config.getString(S3Config.ENDPOINT).trim()))
                    // Checksums only where S3 requires them: many S3-compatible stores refuse the SDK's default
                    // trailing checksums (a 400 about x-amz-content-sha256).
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        builder.credentialsProvider(config.getString(S3Config.ACCESS_KEY_ID) != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.getString(S3Config.ACCESS_KEY_ID), config.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build());
        return builder.build();
    }

    /** An endpoint that is set must answer (a typo in its host or port is an error on the key). */
    static Config validate(Config validated, Map<String, String> props) {
        Reachability.valid(validated, S3Config.ENDPOINT).ifPresent(endpoint -> {
            URI uri = URI.create(((String) endpoint.value()).trim());
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            Reachability.check(endpoint, "the S3 endpoint", uri.getHost(), port);
        });
        return validated;
    }
}
