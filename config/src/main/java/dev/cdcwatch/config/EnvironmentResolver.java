package dev.cdcwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in the string values of a parsed YAML tree
 * from the environment, so secrets stay out of the file. Only values are resolved, never keys or
 * comments (a reference in a comment must not fail); an unset variable without a default is an
 * error naming the key of the value that refers to it. Substituted values stay strings;
 * {@link ConfigNode} reads {@code "8080"} as a number where it expects one.
 */
public final class EnvironmentResolver {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?}");

    private final UnaryOperator<String> environment;
    private final ConfigException.Factory errors;

    /** {@code environment} maps a variable name to its value, or null when unset (e.g. {@code System::getenv}). */
    public EnvironmentResolver(UnaryOperator<String> environment, ConfigException.Factory errors) {
        this.environment = environment;
        this.errors = errors;
    }

    public EnvironmentResolver(UnaryOperator<String> environment) {
        this(environment, ConfigException::new);
    }

    /** Resolves the references in {@code root} in place and returns it; null and missing nodes pass through. */
    public JsonNode resolve(JsonNode root) {
        resolve(root, "");
        return root;
    }

    private void resolve(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                String key = path.isEmpty() ? name : path + "." + name;
                if (child.isTextual()) {
                    object.put(name, substitute(child.textValue(), key));
                } else {
                    resolve(child, key);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String key = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(substitute(array.get(i).textValue(), key)));
                } else {
                    resolve(array.get(i), key);
                }
            }
        }
    }

    /** {@code text} with its references replaced; {@code key} is named when a variable is not set. */
    public String substitute(String text, String key) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = environment.apply(matcher.group(1));
            if (value == null) {
                value = matcher.group(2);
            }
            if (value == null) {
                throw errors.create(key, "refers to environment variable " + matcher.group(1) + ", which is not set");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
