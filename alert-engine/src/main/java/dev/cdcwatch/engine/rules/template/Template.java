package dev.cdcwatch.engine.rules.template;

import dev.cdcwatch.engine.rules.template.Node.Command;
import dev.cdcwatch.engine.rules.template.Node.Field;
import dev.cdcwatch.engine.rules.template.Node.FunctionName;
import dev.cdcwatch.engine.rules.template.Node.Literal;
import dev.cdcwatch.engine.rules.template.Node.Nested;
import dev.cdcwatch.engine.rules.template.Node.Operand;
import dev.cdcwatch.engine.rules.template.Node.Pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A parsed template, expanded against one alert's data. */
final class Template {

    /** What a template sees: {@code $labels}, {@code $value}, {@code $externalLabels}, {@code $externalURL}. */
    record Data(Map<String, String> labels, double value, Map<String, String> externalLabels, String externalUrl) {

        Object variable(String name) {
            return switch (name) {
                case "$labels" -> labels;
                case "$value" -> value;
                case "$externalLabels" -> externalLabels;
                case "$externalURL" -> externalUrl;
                default -> dot();
            };
        }

        Map<String, Object> dot() {
            return Map.of("Labels", labels, "Value", value, "ExternalLabels", externalLabels, "ExternalURL", externalUrl);
        }
    }

    private final List<Node> nodes;

    Template(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** @throws IllegalArgumentException saying what failed, e.g. a function given the wrong arguments */
    String expand(Data data) {
        StringBuilder out = new StringBuilder();
        write(nodes, data, out);
        return out.toString();
    }

    private static void write(List<Node> nodes, Data data, StringBuilder out) {
        for (Node node : nodes) {
            if (node instanceof Node.Text text) {
                out.append(text.text());
            } else if (node instanceof Node.Action action) {
                out.append(GoFormat.value(run(action.pipeline(), data)));
            } else if (node instanceof Node.If conditional) {
                write(truthy(run(conditional.condition(), data)) ? conditional.then() : conditional.otherwise(), data, out);
            }
        }
    }

    private static Object run(Pipeline pipeline, Data data) {
        Object piped = null;
        boolean first = true;
        for (Command command : pipeline.commands()) {
            piped = command(command, data, first ? null : piped, !first);
            first = false;
        }
        return piped;
    }

    private static Object command(Command command, Data data, Object piped, boolean hasPiped) {
        List<Operand> operands = command.operands();
        if (operands.get(0) instanceof FunctionName function) {
            List<Object> args = new ArrayList<>();
            for (Operand operand : operands.subList(1, operands.size())) {
                args.add(value(operand, data));
            }
            if (hasPiped) {
                args.add(piped);
            }
            return TemplateFunctions.call(function.name(), args);
        }
        if (hasPiped) {
            throw new IllegalArgumentException("can't give argument to non-function " + operands.get(0));
        }
        return value(operands.get(0), data);
    }

    private static Object value(Operand operand, Data data) {
        if (operand instanceof Literal literal) {
            return literal.value();
        }
        if (operand instanceof Nested nested) {
            return run(nested.pipeline(), data);
        }
        if (operand instanceof FunctionName function) {
            return TemplateFunctions.call(function.name(), List.of());
        }
        Field field = (Field) operand;
        Object current = field.root().equals(".") ? data.dot() : data.variable(field.root());
        for (String name : field.path()) {
            if (!(current instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("can't evaluate field " + name + " in type " + GoFormat.value(current));
            }
            Object next = map.get(name);
            current = next == null ? "" : next;
        }
        return current;
    }

    /** Go's truth: false, 0, empty string and empty map are false. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        if (value instanceof String text) {
            return !text.isEmpty();
        }
        return !(value instanceof Map<?, ?> map) || !map.isEmpty();
    }
}
