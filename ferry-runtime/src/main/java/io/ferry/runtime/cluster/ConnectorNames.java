package io.ferry.runtime.cluster;

import io.ferry.runtime.model.InvalidRequestException;

/**
 * Which names a new connector may have: only names the REST API can address afterwards, in a path segment of
 * {@code /connectors/{name}/...}, whatever the client. A name with {@code /} or {@code \}, a {@code .} or {@code ..}
 * name (clients resolve them as dot segments), a {@code %} (clients and proxies decode it twice or refuse it),
 * half of a UTF-16 surrogate pair (it has no UTF-8 form) or a name too long for a request line would be created and
 * then be out of reach of {@code GET} and {@code DELETE}.
 * <p>
 * Empty names and names with control characters are refused by the {@code name} setting's own validator, with
 * Apache Kafka Connect's messages, so they are not checked here. Connectors that already exist are never checked:
 * they stay readable, changeable and deletable (the REST server passes encoded separators on to the API).
 */
public final class ConnectorNames {

    /**
     * The longest name, in characters: its path, percent-encoded (at most 12 bytes a character), fits the request
     * line with room for headers, and Kafka takes the ids made from it (group {@code connect-<name>}, client ids).
     */
    public static final int MAX_LENGTH = 255;

    private static final String ALLOWED = "Connector names may hold any characters except '/', '\\', '%' and control "
            + "characters, may not be blank, '.' or '..', and may be at most " + MAX_LENGTH + " characters long";

    private ConnectorNames() {
    }

    /** Why a new connector may not have this name, or null when it may. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String what = null;
        if (name.isBlank()) {
            what = "is blank";
        } else if (name.equals(".") || name.equals("..")) {
            what = "is a dot segment, which clients resolve in URLs";
        } else if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            what = "is " + name.codePointCount(0, name.length()) + " characters long";
        } else if (name.indexOf('/') >= 0) {
            what = "contains '/'";
        } else if (name.indexOf('\\') >= 0) {
            what = "contains '\\'";
        } else if (name.indexOf('%') >= 0) {
            what = "contains '%'";
        } else if (hasLoneSurrogate(name)) {
            what = "contains half of a UTF-16 surrogate pair";
        }
        return what == null ? null : "Connector name '" + shortened(name) + "' " + what
                + ", so the REST API could not address it. " + ALLOWED + ".";
    }

    /** Refuses (400) a name a new connector may not have. */
    public static void requireAddressable(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidRequestException(problem);
        }
    }

    private static boolean hasLoneSurrogate(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name for a message: a 9,000-character name would bury what is wrong with it, and characters that cannot be
     * shown (or written as UTF-8) are replaced.
     */
    private static String shortened(String name) {
        StringBuilder shown = new StringBuilder();
        int count = 0;
        for (int i = 0; i < name.length() && count < 40; count++) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            boolean unshowable = Character.isISOControl(c) || c <= 0xFFFF && Character.isSurrogate((char) c);
            shown.appendCodePoint(unshowable ? 0xFFFD : c);
        }
        return shown.length() < name.length() && count == 40 ? shown + "..." : shown.toString();
    }
}
