package io.ferry.connectors.s3;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/** The keys both S3 connectors share: the store, the bucket and prefix, credentials, and the objects' format. */
class S3Config extends AbstractConfig {

    static final String BUCKET = "s3.bucket";
    static final String PREFIX = "s3.prefix";
    static final String REGION = "s3.region";
    static final String ENDPOINT = "s3.endpoint";
    static final String PATH_STYLE = "s3.path.style.access";
    static final String ACCESS_KEY_ID = "s3.access.key.id";
    static final String SECRET_ACCESS_KEY = "s3.secret.access.key";
    static final String FORMAT = "s3.format";

    static final String FORMAT_JSON = "json";
    static final String FORMAT_BYTES = "bytes";

    private static final String STORE = "S3 store";

    static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(BUCKET, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "The bucket.", STORE, ++order, ConfigDef.Width.MEDIUM, "Bucket")
                .define(PREFIX, Type.STRING, "", Importance.MEDIUM,
                        "A prefix for every object's key, e.g. 'kafka/' (the sink's objects are <prefix><topic>/partition=<p>/...).",
                        STORE, ++order, ConfigDef.Width.MEDIUM, "Prefix")
                .define(REGION, Type.STRING, "us-east-1", Importance.MEDIUM, "The region.", STORE, ++order, ConfigDef.Width.SHORT, "Region")
                .define(ENDPOINT, Type.STRING, null, S3Config::validateEndpoint, Importance.HIGH,
                        "The store's URL for S3-compatible stores (MinIO, Ceph, s3proxy, ...), e.g. http://127.0.0.1:9000; "
                                + "none: AWS's endpoint for the region.", STORE, ++order, ConfigDef.Width.LONG, "Endpoint")
                .define(PATH_STYLE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Address the bucket in the path (http://host/bucket/key), as most S3-compatible stores want, not in the host name.",
                        STORE, ++order, ConfigDef.Width.SHORT, "Path-style access")
                .define(ACCESS_KEY_ID, Type.STRING, null, Importance.HIGH,
                        "The access key id; none: the AWS SDK's default credentials (environment, profile, instance role).",
                        STORE, ++order, ConfigDef.Width.MEDIUM, "Access key id")
                .define(SECRET_ACCESS_KEY, Type.PASSWORD, null, Importance.HIGH, "The secret access key.",
                        STORE, ++order, ConfigDef.Width.MEDIUM, "Secret access key")
                .define(FORMAT, Type.STRING, FORMAT_JSON, ValidString.in(FORMAT_JSON, FORMAT_BYTES), Importance.HIGH,
                        "json: one JSON value per line (structs and maps as objects, strings as JSON strings); bytes: each "
                                + "value's bytes (strings as UTF-8) and a newline.", STORE, ++order, ConfigDef.Width.SHORT, "Format");
    }

    S3Config(ConfigDef def, Map<?, ?> props) {
        super(def, props);
        if (getString(ACCESS_KEY_ID) != null && getPassword(SECRET_ACCESS_KEY) == null) {
            throw new ConfigException(SECRET_ACCESS_KEY, null, "an access key id needs its secret access key");
        }
    }

    String prefix() {
        return getString(PREFIX);
    }

    boolean json() {
        return FORMAT_JSON.equals(getString(FORMAT));
    }

    String secretAccessKey() {
        Password secret = getPassword(SECRET_ACCESS_KEY);
        return secret == null ? null : secret.value();
    }

    /** What messages name the store by. */
    String where() {
        return "s3://" + getString(BUCKET) + "/" + prefix() + (getString(ENDPOINT) != null ? " at " + getString(ENDPOINT) : "");
    }

    private static void validateEndpoint(String name, Object value) {
        if (value == null) {
            return;
        }
        try {
            URI uri = URI.create(((String) value).trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException(name, value, "the endpoint is an http:// or https:// URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a URL: " + e.getMessage());
        }
    }
}
