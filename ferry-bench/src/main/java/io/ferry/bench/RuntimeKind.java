package io.ferry.bench;

/** The two runtimes compared, in the order of the results table's columns. */
public enum RuntimeKind {
    APACHE("apache", "Apache 4.3.1"),
    FERRY("ferry", "Ferry");

    public final String id;
    public final String title;

    RuntimeKind(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public static RuntimeKind byId(String id) {
        for (RuntimeKind kind : values()) {
            if (kind.id.equalsIgnoreCase(id.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown runtime '" + id + "' (ferry or apache)");
    }
}
