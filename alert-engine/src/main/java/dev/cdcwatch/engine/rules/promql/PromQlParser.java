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
import java.util.regex.PatternSyntaxException;

/**
 * A recursive-descent (precedence-climbing) parser for the supported subset of PromQL. Anything
 * outside the subset is rejected with its position and what is not supported; types are checked
 * as Prometheus checks them.
 */
public final class PromQlParser {

    private static final Set<String> UNSUPPORTED_AGGREGATIONS =
            Set.of("topk", "bottomk", "quantile", "count_values", "stddev", "stdvar", "group");
    private static final int UNARY_OPERAND_PRECEDENCE = BinaryOp.POW.precedence();

    private final List<Token> tokens;
    private int position;

    private PromQlParser(List<Token> tokens) {
        this.tokens = tokens;
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
            Optional<BinaryOp> maybeOp = binaryOp(operatorToken);
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
            left = binary(operatorToken, op, left, right, returnBool, matching);
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
        List<String> labels = labelList();
        Token group = peek();
        if (group.isKeyword("group_left") || group.isKeyword("group_right")) {
            if (op.isSetOperator()) {
                throw error(group, "no grouping allowed for '" + op.symbol() + "' operation");
            }
            advance();
            List<String> include = peek().is(Kind.LEFT_PAREN) ? labelList() : List.of();
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

    private Expr binary(Token at, BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching)
            throws PromQlSyntaxException {
        for (Expr operand : List.of(lhs, rhs)) {
            if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
                throw error(at, "binary expression must contain only scalar and instant vector types, got "
                        + operand.type().description());
            }
        }
        boolean bothVectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
        if (op.isComparison() && !returnBool && lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
            throw error(at, "comparisons between scalars must use BOOL modifier");
        }
        if (op.isSetOperator() && !bothVectors) {
            throw error(at, "set operator '" + op.symbol() + "' not allowed in binary scalar expression");
        }
        boolean hasModifier = !matching.labels().isEmpty() || matching.on()
                || matching.cardinality() == Cardinality.MANY_TO_ONE || matching.cardinality() == Cardinality.ONE_TO_MANY;
        if (!bothVectors && hasModifier) {
            throw error(at, "vector matching only allowed between instant vectors");
        }
        return new BinaryExpr(op, lhs, rhs, returnBool, bothVectors ? matching : null);
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
            Duration range = duration(advance(), "range");
            if (peek().is(Kind.COLON)) {
                throw error(peek(), "subqueries are not supported");
            }
            expect(Kind.RIGHT_BRACKET, "']' after range");
            expr = new MatrixSelector(selector, range);
        }
        token = peek();
        if (token.isKeyword("offset")) {
            advance();
            Duration offset = duration(advance(), "offset");
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
                return selector(null, token);
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
        Optional<AggregationOp> aggregation = aggregationOp(name);
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
        if (binaryOp(token).isPresent() || Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset")
                .contains(name)) {
            throw error(token, "unexpected keyword '" + name + "'");
        }
        if (peek().is(Kind.LEFT_BRACE)) {
            return selector(name, advance());
        }
        return new VectorSelector(List.of(LabelMatcher.of(Labels.METRIC_NAME, LabelMatcher.Type.EQUAL, name)), Duration.ZERO);
    }

    private Expr aggregation(AggregationOp op, Token at) throws PromQlSyntaxException {
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peek().isKeyword("by") || peek().isKeyword("without")) {
            without = advance().isKeyword("without");
            grouping = labelList();
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
            grouping = labelList();
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

    private Expr selector(String metricName, Token brace) throws PromQlSyntaxException {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (metricName != null) {
            matchers.add(LabelMatcher.of(Labels.METRIC_NAME, LabelMatcher.Type.EQUAL, metricName));
        }
        if (brace.is(Kind.LEFT_BRACE)) {
            while (!peek().is(Kind.RIGHT_BRACE)) {
                matchers.add(matcher());
                if (!peek().is(Kind.COMMA)) {
                    break;
                }
                advance();
            }
            expect(Kind.RIGHT_BRACE, "'}' to close the label matchers");
        }
        if (matchers.stream().allMatch(matcher -> matcher.matches(""))) {
            throw error(brace, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(matchers, Duration.ZERO);
    }

    private LabelMatcher matcher() throws PromQlSyntaxException {
        Token name = advance();
        if (!name.is(Kind.IDENTIFIER)) {
            throw error(name, "expected a label name, got " + name.describe());
        }
        Token op = advance();
        LabelMatcher.Type type = switch (op.kind()) {
            case ASSIGN -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case EQL_REGEX -> LabelMatcher.Type.REGEX;
            case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
            default -> throw error(op, "expected a label matching operator (=, !=, =~, !~), got " + op.describe());
        };
        Token value = advance();
        if (!value.is(Kind.STRING)) {
            throw error(value, "expected a quoted label value, got " + value.describe());
        }
        try {
            return LabelMatcher.of(name.text(), type, value.text());
        } catch (PatternSyntaxException e) {
            throw error(value, "invalid regular expression '" + value.text() + "': " + e.getDescription());
        }
    }

    private List<String> labelList() throws PromQlSyntaxException {
        expect(Kind.LEFT_PAREN, "'(' before the label list");
        List<String> labels = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            Token label = advance();
            if (!label.is(Kind.IDENTIFIER)) {
                throw error(label, "expected a label name, got " + label.describe());
            }
            labels.add(label.text());
            if (!peek().is(Kind.COMMA)) {
                break;
            }
            advance();
        }
        expect(Kind.RIGHT_PAREN, "')' to close the label list");
        return labels;
    }

    private Duration duration(Token token, String what) throws PromQlSyntaxException {
        if (!token.is(Kind.DURATION)) {
            throw error(token, "expected a duration for the " + what + " (e.g. 5m), got " + token.describe());
        }
        Duration duration = Durations.parse(token.text());
        if (what.equals("range") && duration.isZero()) {
            throw error(token, "range must be greater than 0");
        }
        return duration;
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

    private static Optional<BinaryOp> binaryOp(Token token) {
        return Optional.ofNullable(switch (token.kind()) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case EQL -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case LSS -> BinaryOp.LSS;
            case LTE -> BinaryOp.LTE;
            case GTR -> BinaryOp.GTR;
            case GTE -> BinaryOp.GTE;
            case IDENTIFIER -> switch (token.text()) {
                case "and" -> BinaryOp.AND;
                case "or" -> BinaryOp.OR;
                case "unless" -> BinaryOp.UNLESS;
                default -> null;
            };
            default -> null;
        });
    }

    private static Optional<AggregationOp> aggregationOp(String name) {
        return switch (name) {
            case "sum" -> Optional.of(AggregationOp.SUM);
            case "min" -> Optional.of(AggregationOp.MIN);
            case "max" -> Optional.of(AggregationOp.MAX);
            case "avg" -> Optional.of(AggregationOp.AVG);
            case "count" -> Optional.of(AggregationOp.COUNT);
            default -> Optional.empty();
        };
    }

    private Token expect(Kind kind, String what) throws PromQlSyntaxException {
        Token token = advance();
        if (!token.is(kind)) {
            throw error(token, "expected " + what + ", got " + token.describe());
        }
        return token;
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token advance() {
        Token token = tokens.get(position);
        if (!token.is(Kind.EOF)) {
            position++;
        }
        return token;
    }

    private static PromQlSyntaxException error(Token at, String reason) {
        return new PromQlSyntaxException(reason, at.line(), at.column());
    }
}
