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

/**
 * Parses the subset of Go's text/template that alert templates use: text, {@code {{ pipeline }}},
 * {@code if / else / else if / end}, comments and {@code {{- -}}} trim markers.
 */
final class TemplateParser {

    private static final Set<String> VARIABLES = Set.of("$labels", "$value", "$externalLabels", "$externalURL", "$");
    private static final Set<String> UNSUPPORTED = Set.of("range", "with", "define", "template", "block", "break", "continue");

    private final String text;
    private int offset;

    private TemplateParser(String text) {
        this.text = text;
    }

    static List<Node> parse(String text) throws TemplateException {
        TemplateParser parser = new TemplateParser(text);
        List<Node> nodes = new ArrayList<>();
        String end = parser.nodes(nodes);
        if (end != null) {
            throw parser.error("unexpected {{" + end + "}}");
        }
        return nodes;
    }

    /** Parses nodes until the end of input (returns null) or an {@code else}/{@code end} action (returns its text). */
    private String nodes(List<Node> into) throws TemplateException {
        while (offset < text.length()) {
            int open = text.indexOf("{{", offset);
            if (open < 0) {
                into.add(new Node.Text(text.substring(offset)));
                offset = text.length();
                break;
            }
            boolean trimLeft = text.startsWith("{{- ", open) || text.startsWith("{{-\t", open) || text.startsWith("{{-\n", open);
            String before = text.substring(offset, open);
            if (trimLeft) {
                before = before.stripTrailing();
            }
            if (!before.isEmpty()) {
                into.add(new Node.Text(before));
            }
            offset = open + (trimLeft ? 3 : 2);
            int close = findClose();
            boolean trimRight = close >= 2 && text.charAt(close - 1) == '-' && Character.isWhitespace(text.charAt(close - 2));
            String raw = text.substring(offset, trimRight ? close - 1 : close);
            String action = raw.trim();
            int actionStart = offset + raw.length() - raw.stripLeading().length();
            offset = close + 2;
            if (trimRight) {
                while (offset < text.length() && Character.isWhitespace(text.charAt(offset))) {
                    offset++;
                }
            }
            if (action.startsWith("/*")) {
                continue;
            }
            String keyword = action.split("\\s+", 2)[0];
            if (keyword.equals("end") || keyword.equals("else")) {
                return action;
            }
            if (UNSUPPORTED.contains(keyword)) {
                throw new TemplateException("'" + keyword + "' actions are not supported", actionStart + 1);
            }
            if (keyword.equals("if")) {
                into.add(ifNode(action.substring(2), actionStart + 2));
            } else {
                into.add(new Node.Action(new ActionParser(action, actionStart).pipeline()));
            }
        }
        return null;
    }

    private Node ifNode(String condition, int at) throws TemplateException {
        Pipeline pipeline = new ActionParser(condition, at).pipeline();
        List<Node> then = new ArrayList<>();
        String end = nodes(then);
        List<Node> otherwise = new ArrayList<>();
        if (end == null) {
            throw new TemplateException("unexpected end of template: {{if}} without {{end}}", at + 1);
        }
        if (end.startsWith("else")) {
            String rest = end.substring(4).trim();
            if (rest.startsWith("if ")) {
                otherwise.add(ifNode(rest.substring(2), at));
                return new Node.If(pipeline, then, otherwise);
            }
            end = nodes(otherwise);
            if (end == null || !end.equals("end")) {
                throw new TemplateException("{{else}} without {{end}}", at + 1);
            }
        }
        return new Node.If(pipeline, then, otherwise);
    }

    private int findClose() throws TemplateException {
        boolean inString = false;
        char quote = 0;
        for (int i = offset; i + 1 < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
            } else if (c == '"' || c == '`') {
                inString = true;
                quote = c;
            } else if (c == '}' && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw error("unclosed action: missing '}}'");
    }

    private TemplateException error(String reason) {
        return new TemplateException(reason, offset + 1);
    }

    /** Parses the inside of one action into a pipeline. */
    private static final class ActionParser {
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
}
