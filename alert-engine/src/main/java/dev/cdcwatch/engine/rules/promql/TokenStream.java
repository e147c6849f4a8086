package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.promql.Token.Kind;

import java.util.List;

/** The parser's cursor over the tokens; the last token is always EOF, which is never consumed. */
final class TokenStream {

    private final List<Token> tokens;
    private int position;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token expect(Kind kind, String what) throws PromQlSyntaxException {
        Token token = advance();
        if (!token.is(kind)) {
            throw error(token, "expected " + what + ", got " + token.describe());
        }
        return token;
    }

    Token peek() {
        return tokens.get(position);
    }

    Token advance() {
        Token token = tokens.get(position);
        if (!token.is(Kind.EOF)) {
            position++;
        }
        return token;
    }

    static PromQlSyntaxException error(Token at, String reason) {
        return new PromQlSyntaxException(reason, at.line(), at.column());
    }
}
