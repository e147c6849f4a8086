package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.promql.Token.Kind;
import dev.cdcwatch.engine.rules.promql.VectorMatching.Cardinality;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A recursive-descent (precedence-climbing) parser for the supported subset of PromQL. Anything
 * outside the subset is rejected with its position and what is not supported; types are checked
 * as Prometheus checks them.
 */
public final class PromQlParser {

    private static final Set<String> UNSUPPORTED_AGGREGATIONS =
            Set.of("topk", "bottomk", "quantile", "count_values", "stddev", "stdvar", "group");
    private static final int UNARY_OPERAND_PRECEDENCE = BinaryOp.POW.precedence();

    private final TokenStream stream;
    private final SelectorParser selectors;

    private PromQlParser(List<Token> tokens) {
        this.stream = new TokenStream(tokens);
        this.selectors = new SelectorParser(stream);
    }

    public static Expr parse(String text) throws PromQlSyntaxException {
        PromQlParser parser = new PromQlParser(Lexer.tokenize(text));
        Token first = parser.peek();
        if (first.is(Kind.EOF)) {
            throw error(first, "empty expression");
        }
        Expr expr = parser.expression(1);
        Token rest = parser.peek();
        if (!rest.is(Kind.EOF)) {
            throw error(rest, "unexpected " + rest.describe());
        }
        return expr;
    }

    private Expr expression(int minPrecedence) throws PromQlSyntaxException {
        Expr left = unary();
        while (true) {
            Token operatorToken = peek();
            Optional<BinaryOp> maybeOp = Operators.binaryOp(operatorToken);
            if (maybeOp.isEmpty() || maybeOp.get().precedence() < minPrecedence) {
                return left;
            }
            BinaryOp op = maybeOp.get();
            advance();
            boolean returnBool = false;
            if (peek().isKeyword("bool")) {
                if (!op.isComparison()) {
                    throw error(peek(), "bool modifier can only be used on comparison operators");
                }
                advance();
                returnBool = true;
            }
            VectorMatching matching = matchingModifiers(op);
            Expr right = expression(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
            left = Operators.binary(operatorToken, op, left, right, returnBool, matching);
        }
    }

    private VectorMatching matchingModifiers(BinaryOp op) throws PromQlSyntaxException {
        Cardinality defaultCardinality = op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE;
        Token token = peek();
        if (!token.isKeyword("on") && !token.isKeyword("ignoring")) {
            if (token.isKeyword("group_left") || token.isKeyword("group_right")) {
                throw error(token, token.text() + " must follow on(...) or ignoring(...)");
            }
            return new VectorMatching(defaultCardinality, List.of(), false, List.of());
        }
        advance();
        boolean on = token.isKeyword("on");
        List<String> labels = selectors.labelList();
        Token group = peek();
        if (group.isKeyword("group_left") || group.isKeyword("group_right")) {
            if (op.isSetOperator()) {
                throw error(group, "no grouping allowed for '" + op.symbol() + "' operation");
            }
            advance();
            List<String> include = peek().is(Kind.LEFT_PAREN) ? selectors.labelList() : List.of();
            for (String label : include) {
                if (on && labels.contains(label)) {
                    throw error(group, "label '" + label + "' must not occur in on() and " + group.text() + "() clause at once");
                }
            }
            Cardinality cardinality = group.isKeyword("group_left") ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
            return new VectorMatching(cardinality, labels, on, include);
        }
        return new VectorMatching(defaultCardinality, labels, on, List.of());
    }

    private Expr unary() throws PromQlSyntaxException {
        Token token = peek();
        if (token.is(Kind.SUB) || token.is(Kind.ADD)) {
            advance();
            Expr operand = expression(UNARY_OPERAND_PRECEDENCE);
            if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
                throw error(token, "unary expression only allowed on expressions of type scalar or instant vector, got "
                        + operand.type().description());
            }
            if (token.is(Kind.ADD)) {
                return operand;
            }
            return operand instanceof NumberLiteral number ? new NumberLiteral(-number.value()) : new UnaryMinus(operand);
        }
        return postfix(primary());
    }

    private Expr postfix(Expr expr) throws PromQlSyntaxException {
        Token token = peek();
        if (token.is(Kind.LEFT_BRACKET)) {
            if (!(expr instanceof VectorSelector selector)) {
                throw error(token, "ranges only allowed for vector selectors (subqueries are not supported)");
            }
            advance();
            Duration range = selectors.duration(advance(), "range");
            if (peek().is(Kind.COLON)) {
                throw error(peek(), "subqueries are not supported");
            }
            expect(Kind.RIGHT_BRACKET, "']' after range");
            expr = new MatrixSelector(selector, range);
        }
        token = peek();
        if (token.isKeyword("offset")) {
            advance();
            Duration offset = selectors.duration(advance(), "offset");
            if (expr instanceof VectorSelector selector) {
                expr = new VectorSelector(selector.matchers(), offset);
            } else if (expr instanceof MatrixSelector matrix) {
                expr = new MatrixSelector(new VectorSelector(matrix.selector().matchers(), offset), matrix.range());
            } else {
                throw error(token, "offset modifier must be preceded by an instant vector selector or range vector selector");
            }
        }
        token = peek();
        if (token.is(Kind.AT)) {
            throw error(token, "the '@' modifier is not supported");
        }
        if (token.is(Kind.LEFT_BRACKET)) {
            throw error(token, "ranges only allowed for vector selectors (subqueries are not supported)");
        }
        return expr;
    }

    private Expr primary() throws PromQlSyntaxException {
        Token token = advance();
        switch (token.kind()) {
            case NUMBER:
                return new NumberLiteral(number(token));
            case STRING:
                return new StringLiteral(token.text());
            case LEFT_PAREN: {
                Expr inner = expression(1);
                expect(Kind.RIGHT_PAREN, "')'");
                return inner;
            }
            case LEFT_BRACE:
                return selectors.selector(null, token);
            case IDENTIFIER:
                return identifier(token);
            case DURATION:
                throw error(token, "unexpected duration " + token.describe());
            default:
                throw error(token, "unexpected " + token.describe());
        }
    }

    private Expr identifier(Token token) throws PromQlSyntaxException {
        String name = token.text();
        boolean call = peek().is(Kind.LEFT_PAREN);
        Optional<AggregationOp> aggregation = Operators.aggregationOp(name);
        if (aggregation.isPresent() && (call || peek().isKeyword("by") || peek().isKeyword("without"))) {
            return aggregation(aggregation.get(), token);
        }
        if (UNSUPPORTED_AGGREGATIONS.contains(name) && (call || peek().isKeyword("by") || peek().isKeyword("without"))) {
            throw error(token, "aggregation '" + name + "' is not supported");
        }
        if (call) {
            Function function = Function.byName(name)
                    .orElseThrow(() -> error(token, "function '" + name + "' is not supported"));
            return functionCall(function, token);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if ((lower.equals("inf") || lower.equals("nan")) && !peek().is(Kind.LEFT_BRACE)) {
            return new NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
        }
        if (Operators.binaryOp(token).isPresent() || Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset")
                .contains(name)) {
            throw error(token, "unexpected keyword '" + name + "'");
        }
        if (peek().is(Kind.LEFT_BRACE)) {
            return selectors.selector(name, advance());
        }
        return new VectorSelector(List.of(LabelMatcher.of(Labels.METRIC_NAME, LabelMatcher.Type.EQUAL, name)), Duration.ZERO);
    }

    private Expr aggregation(AggregationOp op, Token at) throws PromQlSyntaxException {
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peek().isKeyword("by") || peek().isKeyword("without")) {
            without = advance().isKeyword("without");
            grouping = selectors.labelList();
            grouped = true;
        }
        expect(Kind.LEFT_PAREN, "'(' after aggregation '" + at.text() + "'");
        Token argToken = peek();
        Expr arg = expression(1);
        if (peek().is(Kind.COMMA)) {
            throw error(peek(), "aggregation '" + at.text() + "' takes exactly one argument");
        }
        expect(Kind.RIGHT_PAREN, "')' to close aggregation '" + at.text() + "'");
        if (peek().isKeyword("by") || peek().isKeyword("without")) {
            if (grouped) {
                throw error(peek(), "aggregation '" + at.text() + "' has two grouping clauses");
            }
            without = advance().isKeyword("without");
            grouping = selectors.labelList();
        }
        if (arg.type() != ValueType.VECTOR) {
            throw error(argToken, "expected type instant vector in aggregation expression, got " + arg.type().description());
        }
        return new Aggregation(op, arg, grouping, without);
    }

    private Expr functionCall(Function function, Token at) throws PromQlSyntaxException {
        expect(Kind.LEFT_PAREN, "'('");
        List<Expr> args = new ArrayList<>();
        List<Token> argTokens = new ArrayList<>();
        if (!peek().is(Kind.RIGHT_PAREN)) {
            do {
                argTokens.add(peek());
                args.add(expression(1));
            } while (peek().is(Kind.COMMA) && advance() != null);
        }
        expect(Kind.RIGHT_PAREN, "')' to close call to function '" + function.promQlName() + "'");
        if (args.size() != function.argTypes().size()) {
            throw error(at, "expected " + function.argTypes().size() + " argument(s) in call to '" + function.promQlName()
                    + "', got " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            ValueType expected = function.argTypes().get(i);
            if (args.get(i).type() != expected) {
                throw error(argTokens.get(i), "expected type " + expected.description() + " in call to function '"
                        + function.promQlName() + "', got " + args.get(i).type().description());
            }
        }
        return new FunctionCall(function, args);
    }

    private static double number(Token token) throws PromQlSyntaxException {
        String text = token.text();
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(token, "bad number '" + text + "'");
        }
    }

    private Token expect(Kind kind, String what) throws PromQlSyntaxException {
        return stream.expect(kind, what);
    }

    private Token peek() {
        return stream.peek();
    }

    private Token advance() {
        return stream.advance();
    }

    static PromQlSyntaxException error(Token at, String reason) {
        return TokenStream.error(at, reason);
    }
}
