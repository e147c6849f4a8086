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
import java.util.Set;

/** Parses the inside of one {@code {{ ... }}} action into a pipeline; {@code base} is the action's offset in the template. */
final class ActionParser {

    private static final Set<String> VARIABLES = Set.of("$labels", "$value", "$externalLabels", "$externalURL", "$");

    private final String action;
    private final int base;
    private int at;

    ActionParser(String action, int base) {
        this.action = action;
        this.base = base;
    }

    Pipeline pipeline() throws TemplateException {
        Pipeline pipeline = pipelineUntil((char) 0);
        if (at < action.length()) {
            throw fail("unexpected '" + action.charAt(at) + "'");
        }
        return pipeline;
    }

    private Pipeline pipelineUntil(char closing) throws TemplateException {
        List<Command> commands = new ArrayList<>();
        List<Operand> operands = new ArrayList<>();
        while (true) {
            skipSpace();
            if (at >= action.length() || action.charAt(at) == closing) {
                break;
            }
            char c = action.charAt(at);
            if (c == '|') {
                at++;
                commands.add(command(operands));
                operands = new ArrayList<>();
            } else {
                operands.add(operand());
            }
        }
        commands.add(command(operands));
        return new Pipeline(commands);
    }

    private Command command(List<Operand> operands) throws TemplateException {
        if (operands.isEmpty()) {
            throw fail("missing value for command");
        }
        if (operands.size() > 1 && !(operands.get(0) instanceof FunctionName)) {
            throw fail("can't give argument to non-function " + operands.get(0));
        }
        return new Command(List.copyOf(operands));
    }

    private Operand operand() throws TemplateException {
        char c = action.charAt(at);
        if (c == '(') {
            at++;
            Pipeline nested = pipelineUntil(')');
            if (at >= action.length()) {
                throw fail("unclosed left paren");
            }
            at++;
            return new Nested(nested);
        }
        if (c == '"' || c == '`') {
            return new Literal(string(c));
        }
        if (c == '$' || c == '.') {
            return field();
        }
        if (Character.isDigit(c) || c == '-' || c == '+') {
            return number();
        }
        int start = at;
        String word = word();
        if (word.isEmpty()) {
            throw fail("unexpected '" + c + "'");
        }
        if (word.equals("true") || word.equals("false")) {
            return new Literal(Boolean.valueOf(word));
        }
        if (!TemplateFunctions.exists(word)) {
            throw new TemplateException("function \"" + word + "\" not defined", base + start + 1);
        }
        return new FunctionName(word);
    }

    private Operand field() throws TemplateException {
        int start = at;
        String root;
        if (action.charAt(at) == '$') {
            at++;
            root = "$" + word();
            if (!VARIABLES.contains(root)) {
                throw new TemplateException("undefined variable \"" + root + "\"", base + start + 1);
            }
        } else {
            root = ".";
        }
        skipSpace();
        if (action.startsWith(":=", at) || (action.startsWith("=", at) && !action.startsWith("==", at))) {
            throw fail("variable declarations are not supported");
        }
        List<String> path = new ArrayList<>();
        while (at < action.length() && action.charAt(at) == '.') {
            at++;
            String name = word();
            if (name.isEmpty()) {
                if (root.equals(".") && path.isEmpty()) {
                    break;
                }
                throw fail("missing field name after '.'");
            }
            path.add(name);
        }
        return new Field(root, path);
    }

    private Operand number() throws TemplateException {
        int start = at;
        at++;
        while (at < action.length() && (Character.isLetterOrDigit(action.charAt(at)) || ".+-_".indexOf(action.charAt(at)) >= 0)) {
            at++;
        }
        String literal = action.substring(start, at);
        try {
            if (literal.matches("[-+]?\\d+")) {
                return new Literal(Long.parseLong(literal));
            }
            return new Literal(Double.parseDouble(literal));
        } catch (NumberFormatException e) {
            throw new TemplateException("bad number syntax: \"" + literal + "\"", base + start + 1);
        }
    }

    private String string(char quote) throws TemplateException {
        int start = at;
        at++;
        StringBuilder value = new StringBuilder();
        while (at < action.length()) {
            char c = action.charAt(at++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\' && quote == '"' && at < action.length()) {
                char escaped = action.charAt(at++);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> escaped;
                });
            } else {
                value.append(c);
            }
        }
        throw new TemplateException("unterminated quoted string", base + start + 1);
    }

    private String word() {
        int start = at;
        while (at < action.length() && (Character.isLetterOrDigit(action.charAt(at)) || action.charAt(at) == '_')) {
            at++;
        }
        return action.substring(start, at);
    }

    private void skipSpace() {
        while (at < action.length() && Character.isWhitespace(action.charAt(at))) {
            at++;
        }
    }

    private TemplateException fail(String reason) {
        return new TemplateException(reason, base + at + 1);
    }
}
