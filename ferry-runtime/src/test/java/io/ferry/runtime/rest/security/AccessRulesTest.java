package io.ferry.runtime.rest.security;

import io.ferry.runtime.rest.security.AccessRules.Access;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTest {

    @ParameterizedTest(name = "{0} {1}: read-only {2}, operate {3}")
    @CsvSource({
            // Reads outside /admin: both roles.
            "GET,     /,                                 true,  true",
            "GET,     /connectors,                       true,  true",
            "HEAD,    /connectors/a/status,              true,  true",
            "OPTIONS, /connectors,                       true,  true",
            "GET,     /connector-plugins,                true,  true",
            "GET,     /metrics,                          true,  true",
            // Changes: operate only.
            "POST,    /connectors,                       false, true",
            "PUT,     /connectors/a/config,              false, true",
            "PATCH,   /connectors/a/config,              false, true",
            "DELETE,  /connectors/a,                     false, true",
            "POST,    /connectors/a/restart,             false, true",
            "PUT,     /connectors/a/pause,               false, true",
            "DELETE,  /connectors/a/offsets,             false, true",
            "PUT,     /connector-plugins/X/config/validate, false, true",
            // /admin: operate only, reads included; path spellings do not escape the rule.
            "GET,     /admin/loggers,                    false, true",
            "GET,     /admin/loggers/root,               false, true",
            "PUT,     /admin/loggers/root,               false, true",
            "GET,     //admin//loggers/,                 false, true",
            "GET,     /ADMIN/loggers,                    false, true",
            "GET,     /admin,                            false, true",
            // Internal requests with credentials need operate.
            "POST,    /connectors/a/tasks,               false, true",
            "PUT,     /connectors/a/fence,               false, true",
    })
    void rolesAllowWhatTheirNamesSay(String method, String path, boolean readOnly, boolean operate) {
        Access access = AccessRules.required(method, path);
        assertThat(AccessRules.allows(Role.READ_ONLY, access)).as("read-only").isEqualTo(readOnly);
        assertThat(AccessRules.allows(Role.OPERATE, access)).as("operate").isEqualTo(operate);
    }

    @ParameterizedTest
    @CsvSource({"GET, /health", "GET, /health/live", "GET, /health/ready/", "HEAD, /health/ready"})
    void healthProbesAreAnonymous(String method, String path) {
        assertThat(AccessRules.required(method, path)).isEqualTo(Access.ANONYMOUS);
    }

    @ParameterizedTest
    @CsvSource({"POST, /connectors/a/tasks, SIGNED_INTERNAL", "POST, /connectors/a/tasks/, SIGNED_INTERNAL",
            "PUT, /connectors/a/fence, SIGNED_INTERNAL", "GET, /connectors/a/tasks, READ_ONLY",
            "POST, /connectors/a/tasks/0/restart, OPERATE", "PUT, /connectors/a/tasks, OPERATE",
            "GET, /health/other, READ_ONLY"})
    void onlyTheTwoWorkerToWorkerRequestsMayRelyOnASignature(String method, String path, Access expected) {
        assertThat(AccessRules.required(method, path)).isEqualTo(expected);
    }
}
