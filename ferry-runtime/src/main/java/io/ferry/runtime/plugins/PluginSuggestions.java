package io.ferry.runtime.plugins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Why a plugin name matched nothing, and which installed names come closest: a typo in {@code connector.class} or a
 * converter's name should be answered with the name that was meant, not only with "not found".
 */
final class PluginSuggestions {

    private final PluginRegistry registry;

    PluginSuggestions(PluginRegistry registry) {
        this.registry = registry;
    }

    /** How many installed names a message lists when none comes close; the rest are counted. */
    private static final int LISTED = 20;

    /**
     * A plugin installed, but not in a version the range accepts (with the versions there are), or no such plugin:
     * with the closest names, else with what is installed of that kind, else saying that nothing is.
     */
    String notFoundMessage(String kind, String classOrAlias, String versionRange, PluginType... acceptable) {
        List<String> versions = registry.versionsOf(classOrAlias, acceptable);
        if (versionRange != null && !versions.isEmpty()) {
            return "Plugin " + classOrAlias + " not found that matches the version range " + versionRange
                    + ", available versions: " + versions;
        }
        String notFound = "Failed to find any class that implements " + kind + " and which name matches " + classOrAlias;
        List<String> close = closestMatches(classOrAlias, 3, acceptable);
        if (!close.isEmpty()) {
            return notFound + ". Did you mean: " + String.join(", ", close) + "?";
        }
        List<String> installed = displayNames(PluginRegistry.accepted(acceptable)).values().stream().sorted().toList();
        if (installed.isEmpty()) {
            return notFound + ". No " + kind.toLowerCase(Locale.ROOT) + " plugins are installed; check plugin.path.";
        }
        String listed = String.join(", ", installed.subList(0, Math.min(LISTED, installed.size())));
        int more = installed.size() - LISTED;
        return notFound + ". Installed: " + listed + (more > 0 ? " and " + more + " more" : "") + ".";
    }

    /** Each installed plugin's class name, with the name to show for it: its shortest alias, else the class name. */
    private Map<String, String> displayNames(Set<PluginType> accepted) {
        Map<String, String> displayByClass = new HashMap<>();
        for (PluginType type : accepted) {
            for (PluginDesc<?> desc : registry.plugins(type)) {
                displayByClass.put(desc.className(), desc.className());
            }
        }
        registry.aliases().forEach((alias, className) -> displayByClass.computeIfPresent(className,
                (k, current) -> current.equals(className) || alias.length() < current.length() ? alias : current));
        return displayByClass;
    }

    /** Installed plugin names (aliases, else class names) closest to a name that matched nothing. */
    List<String> closestMatches(String name, int max, PluginType... types) {
        Map<String, String> aliases = registry.aliases();
        Map<String, String> displayByClass = displayNames(PluginRegistry.accepted(types));
        String target = name.trim().toLowerCase(Locale.ROOT);
        String targetSimple = target.substring(target.lastIndexOf('.') + 1);
        Map<String, Integer> scores = new HashMap<>();
        for (Map.Entry<String, String> e : displayByClass.entrySet()) {
            String className = e.getKey();
            List<String> names = new ArrayList<>();
            names.add(className.toLowerCase(Locale.ROOT));
            names.add(className.substring(className.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
            aliases.forEach((alias, cls) -> {
                if (cls.equals(className)) {
                    names.add(alias.toLowerCase(Locale.ROOT));
                }
            });
            int best = Integer.MAX_VALUE;
            for (String candidate : names) {
                int d = Math.min(distance(target, candidate), distance(targetSimple, candidate));
                if (candidate.contains(targetSimple) || targetSimple.contains(candidate)) {
                    d = Math.min(d, 1 + Math.abs(candidate.length() - targetSimple.length()) / 4);
                }
                best = Math.min(best, d);
            }
            int limit = Math.max(3, targetSimple.length() / 3);
            if (best <= limit) {
                scores.put(e.getValue(), best);
            }
        }
        return scores.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(max).map(Map.Entry::getKey).toList();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
