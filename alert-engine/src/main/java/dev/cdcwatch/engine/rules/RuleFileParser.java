package dev.cdcwatch.engine.rules;

import dev.cdcwatch.engine.rules.promql.Durations;
import dev.cdcwatch.engine.rules.promql.Expr;
import dev.cdcwatch.engine.rules.promql.PromQlParser;
import dev.cdcwatch.engine.rules.promql.PromQlSyntaxException;
import dev.cdcwatch.engine.rules.promql.ValueType;
import dev.cdcwatch.engine.rules.template.TemplateException;
import dev.cdcwatch.engine.rules.template.Templates;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Prometheus rule file (alerting rules only) into rule groups with parsed expressions and
 * checked templates. The YAML is read as a node tree so every error can name its line and column.
 */
public final class RuleFileParser {

    /** Prometheus's default {@code global.evaluation_interval}, used for groups without {@code interval}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private static final Set<String> FILE_KEYS = Set.of("groups");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "rules");
    private static final Set<String> RULE_KEYS = Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String fileName;
    private final String[] lines;
    private String group;
    private String rule;

    private RuleFileParser(String fileName, String yaml) {
        this.fileName = fileName;
        this.lines = yaml.split("\n", -1);
    }

    /** Parses a file whose groups without {@code interval} run every {@link #DEFAULT_INTERVAL}. */
    public static List<RuleGroup> parse(String yaml, String fileName) throws RuleLoadException {
        return parse(yaml, fileName, DEFAULT_INTERVAL);
    }

    /**
     * Parses and checks a whole file: YAML structure, PromQL expressions and templates.
     *
     * @param fileName        used in error messages only
     * @param defaultInterval the interval of groups that set none
     * @throws RuleLoadException naming the file, group, rule, line and column, and what is wrong
     */
    public static List<RuleGroup> parse(String yaml, String fileName, Duration defaultInterval) throws RuleLoadException {
        return new RuleFileParser(fileName, yaml).file(yaml, defaultInterval);
    }

    private List<RuleGroup> file(String yaml, Duration defaultInterval) throws RuleLoadException {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new RuleLoadException(fileName + ": line " + (e.getProblemMark().getLine() + 1) + " column "
                    + (e.getProblemMark().getColumn() + 1) + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new RuleLoadException(fileName + ": invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return List.of();
        }
        Map<String, NodeTuple> top = mapping(root, FILE_KEYS, "the file");
        NodeTuple groupsEntry = top.get("groups");
        if (groupsEntry == null) {
            return List.of();
        }
        List<RuleGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node groupNode : sequence(groupsEntry.getValueNode(), "groups")) {
            group = null;
            rule = null;
            RuleGroup parsed = group(groupNode, defaultInterval);
            if (!names.add(parsed.name())) {
                throw error(groupNode, "group name '" + parsed.name() + "' is repeated in the same file");
            }
            groups.add(parsed);
        }
        return groups;
    }

    private RuleGroup group(Node node, Duration defaultInterval) throws RuleLoadException {
        Map<String, NodeTuple> keys = mapping(node, GROUP_KEYS, "a group");
        String name = requiredString(keys, "name", node);
        if (name.isBlank()) {
            throw error(node, "group name must not be empty");
        }
        group = name;
        Duration interval = keys.containsKey("interval") ? duration(keys.get("interval"), "interval") : defaultInterval;
        if (interval.isZero() || interval.isNegative()) {
            throw error(keys.get("interval").getValueNode(), "interval must be greater than 0");
        }
        List<AlertingRule> rules = new ArrayList<>();
        if (keys.containsKey("rules")) {
            for (Node ruleNode : sequence(keys.get("rules").getValueNode(), "rules")) {
                rule = null;
                rules.add(rule(ruleNode));
            }
        }
        return new RuleGroup(name, interval, rules, fileName);
    }

    private AlertingRule rule(Node node) throws RuleLoadException {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && tuple.getValueNode() instanceof ScalarNode value) {
                    if (key.getValue().equals("alert")) {
                        rule = value.getValue();
                    } else if (key.getValue().equals("record")) {
                        rule = value.getValue();
                        throw error(key, "recording rules are not supported; only alerting rules ('alert:')");
                    }
                }
            }
        }
        Map<String, NodeTuple> keys = mapping(node, RULE_KEYS, "a rule");
        String name = requiredString(keys, "alert", node);
        if (name.isBlank()) {
            throw error(node, "alert name must not be empty");
        }
        rule = name;
        String exprText = requiredString(keys, "expr", node);
        Expr expr = expression(keys.get("expr").getValueNode(), exprText);
        Duration forDuration = keys.containsKey("for") ? duration(keys.get("for"), "for") : Duration.ZERO;
        Duration keepFiringFor = keys.containsKey("keep_firing_for") ? duration(keys.get("keep_firing_for"), "keep_firing_for") : Duration.ZERO;
        Map<String, String> labels = templates(keys.get("labels"), "labels", true);
        Map<String, String> annotations = templates(keys.get("annotations"), "annotations", false);
        return new AlertingRule(name, exprText, expr, forDuration, keepFiringFor, labels, annotations);
    }

    private Expr expression(Node node, String text) throws RuleLoadException {
        Expr expr;
        try {
            expr = PromQlParser.parse(text);
        } catch (PromQlSyntaxException e) {
            throw new RuleLoadException(where(exprLine(node, e.line()), exprColumn(node, e.line(), e.column())) + e.reason(), e);
        }
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw error(node, "expr must yield an instant vector or scalar, got " + expr.type().description());
        }
        return expr;
    }

    /** Maps a line inside {@code expr} to the file: block scalars ({@code |}, {@code >}) start on the next line. */
    private static int exprLine(Node node, int exprLine) {
        boolean block = isBlock(node);
        return node.getStartMark().getLine() + 1 + (block ? exprLine : exprLine - 1);
    }

    private int exprColumn(Node node, int exprLine, int exprColumn) {
        if (isBlock(node)) {
            return blockIndent(node.getStartMark().getLine() + 1) + exprColumn;
        }
        boolean quoted = ((ScalarNode) node).getScalarStyle() != ScalarStyle.PLAIN;
        return exprLine == 1 ? node.getStartMark().getColumn() + (quoted ? 1 : 0) + exprColumn : exprColumn;
    }

    /** The indentation of a block scalar: that of its first non-blank line, which YAML strips from every line. */
    private int blockIndent(int firstLine) {
        for (int line = firstLine; line < lines.length; line++) {
            if (!lines[line].isBlank()) {
                return lines[line].length() - lines[line].stripLeading().length();
            }
        }
        return 0;
    }

    private static boolean isBlock(Node node) {
        ScalarStyle style = ((ScalarNode) node).getScalarStyle();
        return style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED;
    }

    private Map<String, String> templates(NodeTuple entry, String what, boolean labelNames) throws RuleLoadException {
        if (entry == null || entry.getValueNode() instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> item : mapping(entry.getValueNode(), null, what).entrySet()) {
            Node valueNode = item.getValue().getValueNode();
            if (labelNames && !LABEL_NAME.matcher(item.getKey()).matches()) {
                throw error(item.getValue().getKeyNode(), "invalid label name '" + item.getKey() + "'");
            }
            String value = scalar(valueNode, what + "." + item.getKey());
            try {
                Templates.check(value);
            } catch (TemplateException e) {
                throw error(valueNode, what + "." + item.getKey() + ": template " + e.getMessage());
            }
            result.put(item.getKey(), value);
        }
        return result;
    }

    private Duration duration(NodeTuple entry, String key) throws RuleLoadException {
        String text = scalar(entry.getValueNode(), key);
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(entry.getValueNode(), key + ": " + e.getMessage());
        }
    }

    private String requiredString(Map<String, NodeTuple> keys, String key, Node owner) throws RuleLoadException {
        NodeTuple entry = keys.get(key);
        if (entry == null) {
            throw error(owner, "missing required key '" + key + "'");
        }
        return scalar(entry.getValueNode(), key);
    }

    private String scalar(Node node, String key) throws RuleLoadException {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, key + " must be a single value, not a " + node.getNodeId());
        }
        return scalar.getValue();
    }

    private List<Node> sequence(Node node, String key) throws RuleLoadException {
        if (node instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, key + " must be a list");
        }
        return sequence.getValue();
    }

    /** A mapping's entries by key; {@code allowed} null accepts any key. Duplicate and unknown keys are errors. */
    private Map<String, NodeTuple> mapping(Node node, Set<String> allowed, String what) throws RuleLoadException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping of keys to values");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (allowed != null && !allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            if (entries.put(key, tuple) != null) {
                throw error(tuple.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
        }
        return entries;
    }

    private RuleLoadException error(Node node, String reason) {
        return new RuleLoadException(where(node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1) + reason);
    }

    private String where(int line, int column) {
        StringBuilder text = new StringBuilder(fileName).append(':');
        if (group != null) {
            text.append(" group '").append(group).append('\'');
        }
        if (rule != null) {
            text.append(" rule '").append(rule).append('\'');
        }
        return text.append(" line ").append(line).append(" column ").append(column).append(": ").toString();
    }
}
