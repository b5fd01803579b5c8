package io.ferry.runtime.rest.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an authenticated caller of the REST API may do. {@link #READ_ONLY} reads ({@code GET}, {@code HEAD},
 * {@code OPTIONS}) outside {@code /admin}; {@link #OPERATE} may do everything.
 */
public enum Role {
    READ_ONLY("read-only"),
    OPERATE("operate");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The name used in the users, tokens and certificates files. */
    public String label() {
        return label;
    }

    public static Optional<Role> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.label.equals(wanted)).findFirst();
    }

    /** The labels, for messages: {@code read-only, operate}. */
    public static String labels() {
        return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    }
}
