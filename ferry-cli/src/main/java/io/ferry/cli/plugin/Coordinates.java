package io.ferry.cli.plugin;

import java.util.regex.Pattern;

/** Maven coordinates {@code groupId:artifactId:version}, or with an extension and classifier as Maven writes them. */
record Coordinates(String groupId, String artifactId, String extension, String classifier, String version) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** {@code g:a:v}, {@code g:a:ext:v} or {@code g:a:ext:classifier:v}; null when the text is not coordinates. */
    static Coordinates parse(String text) {
        String[] parts = text.split(":", -1);
        for (String p : parts) {
            if (!PART.matcher(p).matches()) {
                return null;
            }
        }
        return switch (parts.length) {
            case 3 -> new Coordinates(parts[0], parts[1], "jar", "", parts[2]);
            case 4 -> new Coordinates(parts[0], parts[1], parts[2], "", parts[3]);
            case 5 -> new Coordinates(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default -> null;
        };
    }

    boolean plainJar() {
        return extension.equals("jar") && classifier.isEmpty();
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + (plainJar() ? "" : ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier))
                + ":" + version;
    }
}
