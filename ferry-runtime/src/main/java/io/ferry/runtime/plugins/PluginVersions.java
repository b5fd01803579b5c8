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

    /** Whether a version meets a requirement; null or "latest" accepts any. */
    static boolean matches(String requirement, String version) {
        if (requirement == null || requirement.isBlank() || "latest".equalsIgnoreCase(requirement.trim())) {
            return true;
        }
        String r = requirement.trim();
        if (!(r.startsWith("[") || r.startsWith("("))) {
            return compare(r, version) == 0;
        }
        for (String range : splitRanges(r)) {
            if (inRange(range, version)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> splitRanges(String ranges) {
        List<String> result = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < ranges.length(); i++) {
            char c = ranges.charAt(i);
            if (c == ']' || c == ')') {
                result.add(ranges.substring(start, i + 1).trim());
                start = i + 1;
                while (start < ranges.length() && (ranges.charAt(start) == ',' || ranges.charAt(start) == ' ')) {
                    start++;
                }
                i = start - 1;
            }
        }
        if (start < ranges.length()) {
            throw invalid(ranges);
        }
        return result;
    }

    private static boolean inRange(String range, String version) {
        if (range.length() < 2 || !(range.startsWith("[") || range.startsWith("("))
                || !(range.endsWith("]") || range.endsWith(")"))) {
            throw invalid(range);
        }
        boolean lowerInclusive = range.startsWith("[");
        boolean upperInclusive = range.endsWith("]");
        String body = range.substring(1, range.length() - 1);
        int comma = body.indexOf(',');
        if (comma < 0) {
            if (!lowerInclusive || !upperInclusive) {
                throw invalid(range);
            }
            return compare(body.trim(), version) == 0;
        }
        String lower = body.substring(0, comma).trim();
        String upper = body.substring(comma + 1).trim();
        if (!lower.isEmpty()) {
            int c = compare(version, lower);
            if (c < 0 || (c == 0 && !lowerInclusive)) {
                return false;
            }
        }
        if (!upper.isEmpty()) {
            int c = compare(version, upper);
            return c < 0 || (c == 0 && upperInclusive);
        }
        return true;
    }

    private static ConnectException invalid(String range) {
        return new ConnectException("Invalid version specification: " + range);
    }

    /** Checks the syntax of a requirement, throwing a ConnectException that names the problem. */
    static void validate(String requirement) {
        matches(requirement, "0");
    }
}
