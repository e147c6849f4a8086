package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.promql.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/** Splits a PromQL expression into tokens; numbers immediately followed by a time unit are durations. */
final class Lexer {

    private final String text;
    private int offset;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) throws PromQlSyntaxException {
        Lexer lexer = new Lexer(text);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (!token.is(Kind.EOF));
        return tokens;
    }

    private Token next() throws PromQlSyntaxException {
        skipSpaceAndComments();
        int startLine = line;
        int startColumn = offset - lineStart + 1;
        if (offset >= text.length()) {
            return new Token(Kind.EOF, "", startLine, startColumn);
        }
        char c = text.charAt(offset);
        if (Character.isDigit(c) || (c == '.' && offset + 1 < text.length() && Character.isDigit(text.charAt(offset + 1)))) {
            return number(startLine, startColumn);
        }
        if (isIdentifierStart(c)) {
            int start = offset;
            while (offset < text.length() && isIdentifierPart(text.charAt(offset))) {
                offset++;
            }
            return new Token(Kind.IDENTIFIER, text.substring(start, offset), startLine, startColumn);
        }
        if (c == '"' || c == '\'' || c == '`') {
            return new Token(Kind.STRING, string(c, startLine, startColumn), startLine, startColumn);
        }
        String two = offset + 1 < text.length() ? text.substring(offset, offset + 2) : "";
        Kind twoKind = switch (two) {
            case "==" -> Kind.EQL;
            case "!=" -> Kind.NEQ;
            case "<=" -> Kind.LTE;
            case ">=" -> Kind.GTE;
            case "=~" -> Kind.EQL_REGEX;
            case "!~" -> Kind.NEQ_REGEX;
            default -> null;
        };
        if (twoKind != null) {
            offset += 2;
            return new Token(twoKind, two, startLine, startColumn);
        }
        Kind oneKind = switch (c) {
            case '{' -> Kind.LEFT_BRACE;
            case '}' -> Kind.RIGHT_BRACE;
            case '(' -> Kind.LEFT_PAREN;
            case ')' -> Kind.RIGHT_PAREN;
            case '[' -> Kind.LEFT_BRACKET;
            case ']' -> Kind.RIGHT_BRACKET;
            case ',' -> Kind.COMMA;
            case ':' -> Kind.COLON;
            case '@' -> Kind.AT;
            case '+' -> Kind.ADD;
            case '-' -> Kind.SUB;
            case '*' -> Kind.MUL;
            case '/' -> Kind.DIV;
            case '%' -> Kind.MOD;
            case '^' -> Kind.POW;
            case '=' -> Kind.ASSIGN;
            case '<' -> Kind.LSS;
            case '>' -> Kind.GTR;
            default -> throw new PromQlSyntaxException("unexpected character '" + c + "'", startLine, startColumn);
        };
        offset++;
        return new Token(oneKind, String.valueOf(c), startLine, startColumn);
    }

    private void skipSpaceAndComments() {
        while (offset < text.length()) {
            char c = text.charAt(offset);
            if (c == '\n') {
                offset++;
                line++;
                lineStart = offset;
            } else if (Character.isWhitespace(c)) {
                offset++;
            } else if (c == '#') {
                while (offset < text.length() && text.charAt(offset) != '\n') {
                    offset++;
                }
            } else {
                return;
            }
        }
    }

    private Token number(int startLine, int startColumn) throws PromQlSyntaxException {
        int start = offset;
        if (text.startsWith("0x", offset) || text.startsWith("0X", offset)) {
            offset += 2;
            while (offset < text.length() && Character.digit(text.charAt(offset), 16) >= 0) {
                offset++;
            }
            return new Token(Kind.NUMBER, text.substring(start, offset), startLine, startColumn);
        }
        skipDigits();
        if (offset < text.length() && isUnitStart(text.charAt(offset))) {
            return duration(start, startLine, startColumn);
        }
        if (offset < text.length() && text.charAt(offset) == '.') {
            offset++;
            skipDigits();
        }
        if (offset < text.length() && (text.charAt(offset) == 'e' || text.charAt(offset) == 'E')) {
            int mark = offset;
            offset++;
            if (offset < text.length() && (text.charAt(offset) == '+' || text.charAt(offset) == '-')) {
                offset++;
            }
            if (offset < text.length() && Character.isDigit(text.charAt(offset))) {
                skipDigits();
            } else {
                offset = mark;
            }
        }
        if (offset < text.length() && isWordPart(text.charAt(offset))) {
            throw new PromQlSyntaxException("bad number or duration syntax: '" + text.substring(start, offset + 1) + "'",
                    startLine, startColumn);
        }
        return new Token(Kind.NUMBER, text.substring(start, offset), startLine, startColumn);
    }

    private Token duration(int start, int startLine, int startColumn) throws PromQlSyntaxException {
        while (offset < text.length() && isUnitStart(text.charAt(offset))) {
            offset += text.startsWith("ms", offset) ? 2 : 1;
            if (offset < text.length() && Character.isDigit(text.charAt(offset))) {
                skipDigits();
            } else {
                break;
            }
        }
        if (offset < text.length() && isWordPart(text.charAt(offset))) {
            throw new PromQlSyntaxException("bad duration syntax: '" + text.substring(start, offset + 1) + "'", startLine, startColumn);
        }
        return new Token(Kind.DURATION, text.substring(start, offset), startLine, startColumn);
    }

    private String string(char quote, int startLine, int startColumn) throws PromQlSyntaxException {
        offset++;
        StringBuilder value = new StringBuilder();
        while (offset < text.length()) {
            char c = text.charAt(offset++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\n' && quote != '`') {
                break;
            }
            if (c == '\\' && quote != '`' && offset < text.length()) {
                value.append(escape(text.charAt(offset++), startLine, startColumn));
            } else {
                value.append(c);
            }
        }
        throw new PromQlSyntaxException("unterminated string", startLine, startColumn);
    }

    private String escape(char c, int startLine, int startColumn) throws PromQlSyntaxException {
        return switch (c) {
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'v' -> "\u000b";
            case '\\', '"', '\'', '`' -> String.valueOf(c);
            case 'x' -> codePoint(2, 16, startLine, startColumn);
            case 'u' -> codePoint(4, 16, startLine, startColumn);
            case 'U' -> codePoint(8, 16, startLine, startColumn);
            default -> {
                if (c >= '0' && c <= '7') {
                    offset--;
                    yield codePoint(3, 8, startLine, startColumn);
                }
                throw new PromQlSyntaxException("unknown escape sequence '\\" + c + "' in string", startLine, startColumn);
            }
        };
    }

    private String codePoint(int digits, int radix, int startLine, int startColumn) throws PromQlSyntaxException {
        if (offset + digits > text.length()) {
            throw new PromQlSyntaxException("truncated escape sequence in string", startLine, startColumn);
        }
        try {
            int code = Integer.parseInt(text.substring(offset, offset + digits), radix);
            offset += digits;
            return new String(Character.toChars(code));
        } catch (IllegalArgumentException e) {
            throw new PromQlSyntaxException("bad escape sequence in string", startLine, startColumn);
        }
    }

    private void skipDigits() {
        while (offset < text.length() && Character.isDigit(text.charAt(offset))) {
            offset++;
        }
    }

    private static boolean isUnitStart(char c) {
        return c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w' || c == 'y';
    }

    private static boolean isIdentifierStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isIdentifierPart(char c) {
        return c == ':' || isWordPart(c);
    }

    private static boolean isWordPart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Character.isDigit(c);
    }
}
