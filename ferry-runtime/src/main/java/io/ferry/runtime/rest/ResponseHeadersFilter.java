package io.ferry.runtime.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds the response headers of {@code response.http.headers.config}: comma-separated rules
 * {@code [set|add|setDate|addDate] Name: value}; for the date actions the value is milliseconds from now.
 */
final class ResponseHeadersFilter implements Filter {

    record Rule(String action, String name, String value) {
    }

    private final List<Rule> rules;

    ResponseHeadersFilter(List<Rule> rules) {
        this.rules = rules;
    }

    static List<Rule> parse(String config) {
        List<Rule> rules = new ArrayList<>();
        if (config == null || config.isBlank()) {
            return rules;
        }
        for (String raw : config.split(",")) {
            String rule = raw.trim();
            int space = rule.indexOf(' ');
            int colon = rule.indexOf(':');
            if (space < 0 || colon < space) {
                throw new ConfigException("response.http.headers.config", config,
                        "Invalid header rule '" + rule + "': expected '[set|add|setDate|addDate] Name: value'");
            }
            String action = rule.substring(0, space).trim();
            if (!List.of("set", "add", "setdate", "adddate").contains(action.toLowerCase(Locale.ROOT))) {
                throw new ConfigException("response.http.headers.config", config,
                        "Invalid header action '" + action + "': expected set, add, setDate or addDate");
            }
            String name = rule.substring(space + 1, colon).trim();
            String value = rule.substring(colon + 1).trim();
            if (name.isEmpty()) {
                throw new ConfigException("response.http.headers.config", config, "Header rule '" + rule + "' has no header name");
            }
            rules.add(new Rule(action.toLowerCase(Locale.ROOT), name, value));
        }
        return rules;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        for (Rule rule : rules) {
            switch (rule.action()) {
                case "set" -> http.setHeader(rule.name(), rule.value());
                case "add" -> http.addHeader(rule.name(), rule.value());
                case "setdate" -> http.setDateHeader(rule.name(), System.currentTimeMillis() + Long.parseLong(rule.value()));
                default -> http.addDateHeader(rule.name(), System.currentTimeMillis() + Long.parseLong(rule.value()));
            }
        }
        chain.doFilter(request, response);
    }
}
