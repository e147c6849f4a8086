package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.promql.Token.Kind;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/** Parses vector selectors with their label matchers, label lists and durations. */
final class SelectorParser {

    private final TokenStream stream;

    SelectorParser(TokenStream stream) {
        this.stream = stream;
    }

    Expr selector(String metricName, Token brace) throws PromQlSyntaxException {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (metricName != null) {
            matchers.add(LabelMatcher.of(Labels.METRIC_NAME, LabelMatcher.Type.EQUAL, metricName));
        }
        if (brace.is(Kind.LEFT_BRACE)) {
            while (!stream.peek().is(Kind.RIGHT_BRACE)) {
                matchers.add(matcher());
                if (!stream.peek().is(Kind.COMMA)) {
                    break;
                }
                stream.advance();
            }
            stream.expect(Kind.RIGHT_BRACE, "'}' to close the label matchers");
        }
        if (matchers.stream().allMatch(matcher -> matcher.matches(""))) {
            throw TokenStream.error(brace, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(matchers, Duration.ZERO);
    }

    private LabelMatcher matcher() throws PromQlSyntaxException {
        Token name = stream.advance();
        if (!name.is(Kind.IDENTIFIER)) {
            throw TokenStream.error(name, "expected a label name, got " + name.describe());
        }
        Token op = stream.advance();
        LabelMatcher.Type type = switch (op.kind()) {
            case ASSIGN -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case EQL_REGEX -> LabelMatcher.Type.REGEX;
            case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
            default -> throw TokenStream.error(op, "expected a label matching operator (=, !=, =~, !~), got " + op.describe());
        };
        Token value = stream.advance();
        if (!value.is(Kind.STRING)) {
            throw TokenStream.error(value, "expected a quoted label value, got " + value.describe());
        }
        try {
            return LabelMatcher.of(name.text(), type, value.text());
        } catch (PatternSyntaxException e) {
            throw TokenStream.error(value, "invalid regular expression '" + value.text() + "': " + e.getDescription());
        }
    }

    List<String> labelList() throws PromQlSyntaxException {
        stream.expect(Kind.LEFT_PAREN, "'(' before the label list");
        List<String> labels = new ArrayList<>();
        while (!stream.peek().is(Kind.RIGHT_PAREN)) {
            Token label = stream.advance();
            if (!label.is(Kind.IDENTIFIER)) {
                throw TokenStream.error(label, "expected a label name, got " + label.describe());
            }
            labels.add(label.text());
            if (!stream.peek().is(Kind.COMMA)) {
                break;
            }
            stream.advance();
        }
        stream.expect(Kind.RIGHT_PAREN, "')' to close the label list");
        return labels;
    }

    Duration duration(Token token, String what) throws PromQlSyntaxException {
        if (!token.is(Kind.DURATION)) {
            throw TokenStream.error(token, "expected a duration for the " + what + " (e.g. 5m), got " + token.describe());
        }
        Duration duration = Durations.parse(token.text());
        if (what.equals("range") && duration.isZero()) {
            throw TokenStream.error(token, "range must be greater than 0");
        }
        return duration;
    }
}
