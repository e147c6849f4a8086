package dev.cdcwatch.engine.rules.template;


import dev.cdcwatch.engine.rules.template.Node.Pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the subset of Go's text/template that alert templates use: text, {@code {{ pipeline }}},
 * {@code if / else / else if / end}, comments and {@code {{- -}}} trim markers.
 */
final class TemplateParser {

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
}
