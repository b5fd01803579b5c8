package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The worker keys of REST authentication and Host header checking (Ferry's own; see docs/security.md). */
public final class RestSecurityConfig {

    public static final String USERS_FILE_CONFIG = "rest.auth.users.file";
    public static final String TOKENS_FILE_CONFIG = "rest.auth.tokens.file";
    public static final String CERTIFICATES_FILE_CONFIG = "rest.auth.certificates.file";
    public static final String ALLOWED_HOSTS_CONFIG = "rest.allowed.hosts";

    private RestSecurityConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(USERS_FILE_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "File of REST API users for HTTP Basic authentication, one <user>:<role>:<hash> a line "
                                + "(hashes from 'ferry auth hash-password'). Re-read when it changes.")
                .define(TOKENS_FILE_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "File of REST API bearer tokens, one <name>:<role>:sha256$<hex> a line (hashes from "
                                + "'ferry auth hash-token'). Re-read when it changes.")
                .define(CERTIFICATES_FILE_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "File that gives client certificates of https listeners a role, one <role>:<subject> a line. "
                                + "Re-read when it changes.")
                .define(ALLOWED_HOSTS_CONFIG, Type.LIST, "", Importance.MEDIUM,
                        "Host names the REST API answers to besides this worker's own names (listeners, "
                                + "rest.advertised.host.name, loopback, the machine's names); '*.example.com' allows "
                                + "a domain, '*' turns the Host header check off.");
    }
}
