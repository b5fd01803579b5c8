package io.ferry.runtime.plugins;

import java.util.regex.Pattern;

/**
 * Which classes a plugin loads from its own jars first, and which always come from the worker. The worker shares the
 * Java platform, the Connect API, the Kafka clients and SLF4J with every plugin, so a plugin's own copies of those are
 * never used; but the implementations that ship with Kafka (converters, transformations, config providers, ...) may
 * be bundled and used by a plugin. These are the same rules as Apache Kafka Connect's.
 */
final class IsolationRules {

    private static final Pattern SHARED = Pattern.compile("^(?:"
            + "java"
            + "|javax\\.(?:accessibility|activation|activity|annotation|batch\\.api|batch\\.operations|batch\\.runtime"
            + "|crypto|decorator|ejb|el|enterprise\\.concurrent|enterprise\\.context|enterprise\\.context\\.spi"
            + "|enterprise\\.deploy\\.model|enterprise\\.deploy\\.shared|enterprise\\.deploy\\.spi|enterprise\\.event"
            + "|enterprise\\.inject|enterprise\\.inject\\.spi|enterprise\\.util|faces|imageio|inject|interceptor|jms"
            + "|json|jws|lang\\.model|mail|management|management\\.j2ee|naming|net|persistence|print|resource|rmi"
            + "|script|security\\.auth|security\\.auth\\.message|security\\.cert|security\\.jacc|security\\.sasl"
            + "|servlet|sound\\.midi|sound\\.sampled|sql|swing|tools|transaction|validation|websocket|ws\\.rs|xml"
            + "|xml\\.bind|xml\\.registry|xml\\.rpc|xml\\.soap|xml\\.ws)"
            + "|org\\.ietf\\.jgss"
            + "|org\\.omg\\.(?:CORBA|CosNaming|Dynamic|DynamicAny|IOP|Messaging|PortableInterceptor|PortableServer"
            + "|SendingContext|stub\\.java\\.rmi)"
            + "|org\\.w3c\\.dom|org\\.xml\\.sax|org\\.apache\\.kafka|org\\.slf4j"
            + ")\\..*$");

    private static final Pattern BUNDLEABLE = Pattern.compile("^org\\.apache\\.kafka\\.(?:"
            + "connect\\.(?:"
            + "transforms\\.(?!Transformation$|predicates\\.Predicate$).*"
            + "|json\\..*|file\\..*|mirror\\..*|mirror-client\\..*|converters\\..*"
            + "|storage\\.StringConverter|storage\\.SimpleHeaderConverter"
            + "|rest\\.basic\\.auth\\.extension\\.BasicAuthSecurityRestExtension"
            + "|connector\\.policy\\.(?!ConnectorClientConfig(?:OverridePolicy|Request(?:\\$ClientType)?)$).*"
            + ")"
            + "|common\\.config\\.provider\\.(?!ConfigProvider$).*"
            + ")$");

    private IsolationRules() {
    }

    /** True when a plugin's own copy of the class is used first. */
    static boolean loadInIsolation(String className) {
        return !SHARED.matcher(className).matches() || BUNDLEABLE.matcher(className).matches();
    }
}
