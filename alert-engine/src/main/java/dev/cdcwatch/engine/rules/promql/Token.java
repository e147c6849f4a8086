package dev.cdcwatch.engine.rules.promql;

/** One lexical token of a PromQL expression with its 1-based line and column. */
record Token(Kind kind, String text, int line, int column) {

    enum Kind {
        NUMBER, DURATION, STRING, IDENTIFIER,
        LEFT_BRACE, RIGHT_BRACE, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, COLON, AT,
        ADD, SUB, MUL, DIV, MOD, POW,
        ASSIGN, EQL, NEQ, LSS, LTE, GTR, GTE, EQL_REGEX, NEQ_REGEX,
        EOF
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equals(keyword);
    }

    String describe() {
        return kind == Kind.EOF ? "end of input" : "'" + text + "'";
    }
}
