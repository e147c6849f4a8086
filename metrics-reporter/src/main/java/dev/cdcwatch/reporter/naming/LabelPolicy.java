package dev.cdcwatch.reporter.naming;

import dev.cdcwatch.reporter.config.InvalidOptionException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which of Flink's scope variables become labels, and under which names. Flink's own variables get short,
 * stable names ({@code <job_name>} is {@code job}); ids and attempt numbers, which change on every restart,
 * are labels only when asked for. User key/value groups ({@code group.addGroup("table", "orders")}) become
 * labels named by their key.
 */
public final class LabelPolicy {

    /** Flink's scope variables by the label name they get. */
    public static final Map<String, String> FLINK_VARIABLES = flinkVariables();

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

    private sealed interface Entry permits FlinkLabel, UserLabel, AllUserLabels {
    }

    private record FlinkLabel(String label, String variable) implements Entry {
    }

    private record UserLabel(String label, String variable) implements Entry {
    }

    private record AllUserLabels() implements Entry {
    }

    private final List<Entry> entries;
    private final String text;
    private final Map<List<String>, List<String>> internedNames = new ConcurrentHashMap<>();

    private LabelPolicy(List<Entry> entries, String text) {
        this.entries = List.copyOf(entries);
        this.text = text;
    }

    /** Parses the {@code labels} option: comma-separated label names, {@code *} for every user key/value group. */
    public static LabelPolicy parse(String key, String text) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                if (text.isBlank()) {
                    break;
                }
                throw new InvalidOptionException(key, "'" + text + "' has an empty entry");
            }
            if (!seen.add(name)) {
                throw new InvalidOptionException(key, "'" + name + "' is listed twice");
            }
            if (name.equals("*")) {
                entries.add(new AllUserLabels());
            } else if (FLINK_VARIABLES.containsKey(name)) {
                entries.add(new FlinkLabel(name, FLINK_VARIABLES.get(name)));
            } else if (name.startsWith("<") && name.endsWith(">") && FLINK_VARIABLES.containsValue(name)) {
                throw new InvalidOptionException(key, "write '" + labelOf(name) + "' rather than the scope variable '" + name + "'");
            } else if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new InvalidOptionException(key, "'" + name + "' is not a valid Prometheus label name");
            } else {
                entries.add(new UserLabel(name, "<" + name + ">"));
            }
        }
        return new LabelPolicy(entries, text);
    }

    /**
     * The labels of a metric registered in a group with these variables.
     *
     * @param preferredOrder labels to put first, in this order (a catalog entry's labels); the rest follow in the
     *                       order of the {@code labels} option
     */
    public ResolvedLabels resolve(Map<String, String> variables, List<String> preferredOrder) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry instanceof FlinkLabel flink) {
                putIfPresent(labels, flink.label(), variables.get(flink.variable()));
            } else if (entry instanceof UserLabel user) {
                if (!FLINK_VARIABLES.containsValue(user.variable())) {
                    putIfPresent(labels, user.label(), variables.get(user.variable()));
                }
            } else {
                Map<String, String> userVariables = new TreeMap<>();
                variables.forEach((variable, value) -> {
                    if (!FLINK_VARIABLES.containsValue(variable)) {
                        userVariables.put(userLabel(variable), value);
                    }
                });
                userVariables.forEach((label, value) -> putIfPresent(labels, label, value));
            }
        }
        List<String> names = new ArrayList<>(labels.size());
        for (String preferred : preferredOrder) {
            if (labels.containsKey(preferred)) {
                names.add(preferred);
            }
        }
        for (String name : labels.keySet()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        List<String> values = new ArrayList<>(names.size());
        for (String name : names) {
            values.add(labels.get(name));
        }
        List<String> interned = internedNames.computeIfAbsent(List.copyOf(names), copy -> copy);
        return new ResolvedLabels(interned, List.copyOf(values));
    }

    private static void putIfPresent(Map<String, String> labels, String label, String value) {
        if (value != null && !labels.containsKey(label)) {
            labels.put(label, value);
        }
    }

    /** The label a user variable such as {@code <my-table>} gets: its key with invalid characters as '_'. */
    static String userLabel(String variable) {
        String key = variable.startsWith("<") && variable.endsWith(">") ? variable.substring(1, variable.length() - 1) : variable;
        String label = INVALID_LABEL_CHARS.matcher(key).replaceAll("_");
        if (label.isEmpty() || Character.isDigit(label.charAt(0)) || label.startsWith("__")) {
            label = "u_" + label;
        }
        return label;
    }

    private static String labelOf(String variable) {
        return FLINK_VARIABLES.entrySet().stream().filter(e -> e.getValue().equals(variable)).map(Map.Entry::getKey)
                .findFirst().orElse(variable);
    }

    private static Map<String, String> flinkVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("job", "<job_name>");
        variables.put("host", "<host>");
        variables.put("task", "<task_name>");
        variables.put("operator", "<operator_name>");
        variables.put("subtask", "<subtask_index>");
        variables.put("job_id", "<job_id>");
        variables.put("tm_id", "<tm_id>");
        variables.put("task_id", "<task_id>");
        variables.put("task_attempt_id", "<task_attempt_id>");
        variables.put("task_attempt_num", "<task_attempt_num>");
        variables.put("operator_id", "<operator_id>");
        return java.util.Collections.unmodifiableMap(variables);
    }

    @Override
    public String toString() {
        return text;
    }
}
