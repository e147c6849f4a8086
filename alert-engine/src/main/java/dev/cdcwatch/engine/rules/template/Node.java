package dev.cdcwatch.engine.rules.template;

import java.util.List;

/** The parse tree of a template: text, {@code {{ pipeline }}} actions and {@code if/else/end}. */
sealed interface Node {

    record Text(String text) implements Node {
    }

    record Action(Pipeline pipeline) implements Node {
    }

    record If(Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {
    }

    /** {@code command | command ...}: each command gets the previous result as its last argument. */
    record Pipeline(List<Command> commands) {
    }

    /** A function name with arguments, or a single operand. */
    record Command(List<Operand> operands) {
    }

    sealed interface Operand {
    }

    /** {@code $labels.job}, {@code $value}, {@code .Labels.job}: a root ({@code $name} or {@code .}) and field names. */
    record Field(String root, List<String> path) implements Operand {
    }

    record Literal(Object value) implements Operand {
    }

    record FunctionName(String name) implements Operand {
    }

    record Nested(Pipeline pipeline) implements Operand {
    }
}
