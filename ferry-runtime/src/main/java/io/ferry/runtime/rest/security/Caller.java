package io.ferry.runtime.rest.security;

import java.security.Principal;

/**
 * Who made a request, as one of the configured mechanisms proved it, and what they may do.
 *
 * @param name      the user name, the token's name, or the certificate's subject
 * @param role      what they may do
 * @param mechanism {@code BASIC}, {@code BEARER} or {@code CLIENT_CERT} (the servlet API's names)
 */
public record Caller(String name, Role role, String mechanism) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
