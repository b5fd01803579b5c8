package io.ferry.runtime.plugins;

import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plugin versions compared the way Maven orders them (numbers numerically, 1.10 after 1.9, a qualifier such as
 * -SNAPSHOT or -rc1 before the release), and version requirements (KIP-891): an exact version, a Maven range such as
 * {@code [1.0,2.0)}, or {@code latest}.
 */
final class PluginVersions {

    private PluginVersions() {
    }

    static int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (PluginDesc.UNDEFINED_VERSION.equals(a)) {
            return -1;
        }
        if (PluginDesc.UNDEFINED_VERSION.equals(b)) {
            return 1;
        }
        List<Object> x = parts(a);
        List<Object> y = parts(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            Object p = i < x.size() ? x.get(i) : null;
            Object q = i < y.size() ? y.get(i) : null;
            int c = comparePart(p, q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int comparePart(Object p, Object q) {
        if (p == null && q == null) {
            return 0;
        }
        // A missing part is a zero; a qualifier (text) makes a version earlier than the bare release.
        if (p == null) {
            return q instanceof Long l ? Long.compare(0, l) : 1;
        }
        if (q == null) {
            return p instanceof Long l ? Long.compare(l, 0) : -1;
        }
        if (p instanceof Long l1 && q instanceof Long l2) {
            return Long.compare(l1, l2);
        }
        if (p instanceof Long) {
            return 1;
        }
        if (q instanceof Long) {
            return -1;
        }
        return qualifierRank((String) p) != qualifierRank((String) q)
                ? Integer.compare(qualifierRank((String) p), qualifierRank((String) q))
                : ((String) p).compareTo((String) q);
    }

    private static int qualifierRank(String qualifier) {
        switch (qualifier) {
            case "alpha": case "a": return 0;
            case "beta": case "b": return 1;
            case "milestone": case "m": return 2;
            case "rc": case "cr": return 3;
            case "snapshot": return 4;
            default: return 5;
        }
    }

    private static List<Object> parts(String version) {
        List<Object> parts = new ArrayList<>();
        for (String token : version.toLowerCase(Locale.ROOT).split("[.\\-_+]")) {
            if (token.isEmpty()) {
                continue;
            }
            // "rc1" is the qualifier rc followed by 1.
            String[] pieces = token.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
            for (String piece : pieces) {
                if (piece.equals("final") || piece.equals("ga") || piece.equals("release")) {
                    continue;
                }
                if (piece.chars().allMatch(Character::isDigit)) {
                    try {
                        parts.add(Long.parseLong(piece));
                    } catch (NumberFormatException e) {
                        parts.add(piece);
                    }
                } else {
                    parts.add(piece);
                }
            }
        }
        while (!parts.isEmpty() && (parts.get(parts.size() - 1) instanceof Long l && l == 0)) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    /**
     * Whether a version meets a requirement; null or "latest" accepts any. A requirement without brackets is the
     * range {@code [requirement]}: one version.
     */
    static boolean matches(String requirement, String version) {
        if (requirement == null || requirement.isBlank() || "latest".equalsIgnoreCase(requirement.trim())) {
            return true;
        }
        for (Restriction restriction : restrictions(requirement.trim())) {
            if (restriction.contains(version)) {
                return true;
            }
        }
        return false;
    }

    /** Checks the syntax of a requirement, throwing a ConnectException with Maven's words for the problem. */
    static void validate(String requirement) {
        if (requirement != null && !requirement.isBlank() && !"latest".equalsIgnoreCase(requirement.trim())) {
            restrictions(requirement.trim());
        }
    }

    /** A requirement as Maven writes its ranges, e.g. {@code [1.0,2.0]} for {@code 1.0,2.0} and {@code [1.0,1.0]} for 1.0. */
    static String describe(String requirement) {
        List<String> ranges = new ArrayList<>();
        for (Restriction r : restrictions(requirement.trim())) {
            ranges.add((r.lowerInclusive() ? "[" : "(") + (r.lower() == null ? "" : r.lower()) + ","
                    + (r.upper() == null ? "" : r.upper()) + (r.upperInclusive() ? "]" : ")"));
        }
        return String.join(",", ranges);
    }

    /** One range of a requirement; a null bound is open. */
    private record Restriction(String lower, boolean lowerInclusive, String upper, boolean upperInclusive) {
        boolean contains(String version) {
            if (lower != null) {
                int c = compare(version, lower);
                if (c < 0 || c == 0 && !lowerInclusive) {
                    return false;
                }
            }
            if (upper != null) {
                int c = compare(version, upper);
                return c < 0 || c == 0 && upperInclusive;
            }
            return true;
        }
    }

    /**
     * The ranges of a requirement, parsed as Maven's version ranges are (KIP-891 takes them from Maven), with its
     * messages for malformed ones: a list of {@code [a,b)}-style ranges, or a bare version, which means
     * {@code [version]}.
     */
    private static List<Restriction> restrictions(String spec) {
        List<Restriction> restrictions = ranges(spec);
        return restrictions.isEmpty() ? ranges("[" + spec + "]") : restrictions;
    }

    /** The ranges of a spec; empty for a bare version. */
    private static List<Restriction> ranges(String spec) {
        List<Restriction> restrictions = new ArrayList<>();
        String rest = spec;
        String previousUpper = null;
        while (rest.startsWith("[") || rest.startsWith("(")) {
            int paren = rest.indexOf(')');
            int bracket = rest.indexOf(']');
            int end = bracket;
            if ((bracket < 0 || paren < bracket) && paren >= 0) {
                end = paren;
            }
            if (end < 0) {
                throw invalid("Unbounded range: " + spec);
            }
            Restriction restriction = range(rest.substring(0, end + 1));
            if (previousUpper != null && (restriction.lower() == null || compare(restriction.lower(), previousUpper) < 0)) {
                throw invalid("Ranges overlap: " + spec);
            }
            restrictions.add(restriction);
            previousUpper = restriction.upper();
            rest = rest.substring(end + 1).trim();
            if (rest.startsWith(",")) {
                rest = rest.substring(1).trim();
            }
        }
        if (!rest.isEmpty() && !restrictions.isEmpty()) {
            throw invalid("Only fully-qualified sets allowed in multiple set scenario: " + spec);
        }
        return restrictions;
    }

    private static Restriction range(String spec) {
        boolean lowerInclusive = spec.startsWith("[");
        boolean upperInclusive = spec.endsWith("]");
        String body = spec.substring(1, spec.length() - 1).trim();
        int comma = body.indexOf(',');
        if (comma < 0) {
            if (!lowerInclusive || !upperInclusive) {
                throw invalid("Single version must be surrounded by []: " + spec);
            }
            return new Restriction(body, true, body, true);
        }
        String lower = body.substring(0, comma).trim();
        String upper = body.substring(comma + 1).trim();
        Restriction restriction = new Restriction(lower.isEmpty() ? null : lower, lowerInclusive,
                upper.isEmpty() ? null : upper, upperInclusive);
        if (restriction.lower() != null && restriction.upper() != null) {
            int c = compare(restriction.upper(), restriction.lower());
            if (c < 0 || c == 0 && !(lowerInclusive && upperInclusive)) {
                throw invalid("Range defies version ordering: " + spec);
            }
        }
        return restriction;
    }

    private static ConnectException invalid(String message) {
        return new ConnectException(message);
    }
}
