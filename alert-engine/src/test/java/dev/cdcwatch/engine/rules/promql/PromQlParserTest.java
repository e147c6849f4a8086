package dev.cdcwatch.engine.rules.promql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            histogram_quantile(0.9, rate(x[5m]))        | 1 | 1  | function 'histogram_quantile' is not supported
            topk(3, x)                                  | 1 | 1  | aggregation 'topk' is not supported
            quantile by (job) (0.5, x)                  | 1 | 1  | aggregation 'quantile' is not supported
            rate(x[5m:1m])                              | 1 | 10 | subqueries are not supported
            max_over_time(rate(x[5m])[1h:])             | 1 | 26 | ranges only allowed for vector selectors (subqueries are not supported)
            x @ 1609746000                              | 1 | 3  | the '@' modifier is not supported
            label_replace(x, "a", "b", "c", "d")        | 1 | 1  | function 'label_replace' is not supported
            rate(x)                                     | 1 | 6  | expected type range vector in call to function 'rate', got instant vector
            sum(x[5m])                                  | 1 | 5  | expected type instant vector in aggregation expression, got range vector
            1 > 2                                       | 1 | 3  | comparisons between scalars must use BOOL modifier
            x + bool y                                  | 1 | 5  | bool modifier can only be used on comparison operators
            1 and x                                     | 1 | 3  | set operator 'and' not allowed in binary scalar expression
            x{job="a"                                   | 1 | 10 | expected '}' to close the label matchers, got end of input
            {job=~""}                                   | 1 | 1  | vector selector must contain at least one non-empty matcher
            x{job=~"("}                                 | 1 | 8  | invalid regular expression '(': Unclosed group
            rate(x[5x])                                 | 1 | 8  | bad number or duration syntax: '5x'
            sum(x, y)                                   | 1 | 6  | aggregation 'sum' takes exactly one argument
            x +                                         | 1 | 4  | unexpected end of input
            """)
    void unsupportedOrInvalidSyntaxIsRejectedWithPosition(String expr, int line, int column, String reason) {
        assertThatThrownBy(() -> PromQlParser.parse(expr))
                .isInstanceOfSatisfying(PromQlSyntaxException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                });
    }

    @Test
    void errorPositionCountsLinesOfMultiLineExpressions() {
        assertThatThrownBy(() -> PromQlParser.parse("sum by (job) (\n  rate(x[5m])\n) > on() topk(1, y)"))
                .isInstanceOfSatisfying(PromQlSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(10);
                    assertThat(e.getMessage()).isEqualTo("line 3 column 10: aggregation 'topk' is not supported");
                });
    }

    @Test
    void multiplicationBindsTighterThanAdditionAndComparison() throws Exception {
        Expr expr = PromQlParser.parse("a + b * c > d");
        assertThat(expr).isInstanceOfSatisfying(BinaryExpr.class, comparison -> {
            assertThat(comparison.op()).isEqualTo(BinaryOp.GTR);
            assertThat(comparison.lhs()).isInstanceOfSatisfying(BinaryExpr.class, sum -> {
                assertThat(sum.op()).isEqualTo(BinaryOp.ADD);
                assertThat(sum.rhs()).isInstanceOfSatisfying(BinaryExpr.class, product -> assertThat(product.op()).isEqualTo(BinaryOp.MUL));
            });
        });
    }

    @Test
    void orBindsLooserThanAndAndUnless() throws Exception {
        Expr expr = PromQlParser.parse("a or b and c unless d");
        assertThat(expr).isInstanceOfSatisfying(BinaryExpr.class, or -> {
            assertThat(or.op()).isEqualTo(BinaryOp.OR);
            assertThat(or.rhs()).isInstanceOfSatisfying(BinaryExpr.class, unless -> {
                assertThat(unless.op()).isEqualTo(BinaryOp.UNLESS);
                assertThat(unless.lhs()).isInstanceOfSatisfying(BinaryExpr.class, and -> assertThat(and.op()).isEqualTo(BinaryOp.AND));
            });
        });
    }

    @Test
    void aggregationGroupingMayFollowTheArgument() throws Exception {
        assertThat(PromQlParser.parse("sum(x) without (instance)")).isEqualTo(PromQlParser.parse("sum without (instance) (x)"));
    }

    @Test
    void maxRangeIsTheLongestRangePlusOffsetOrTheLookback() throws Exception {
        Duration lookback = Duration.ofMinutes(5);
        assertThat(PromQlParser.parse("rate(x[10m] offset 5m) > y").maxRange(lookback)).isEqualTo(Duration.ofMinutes(15));
        assertThat(PromQlParser.parse("x offset 1m").maxRange(lookback)).isEqualTo(Duration.ofMinutes(6));
        assertThat(PromQlParser.parse("time() > bool 1").maxRange(lookback)).isEqualTo(Duration.ZERO);
    }

    @Test
    void numberLiteralsIncludeHexExponentsInfAndNaN() throws Exception {
        assertThat(PromQlParser.parse("0x1F")).isEqualTo(new NumberLiteral(31));
        assertThat(PromQlParser.parse("1.5e3")).isEqualTo(new NumberLiteral(1500));
        assertThat(PromQlParser.parse("-Inf")).isEqualTo(new NumberLiteral(Double.NEGATIVE_INFINITY));
        assertThat(((NumberLiteral) PromQlParser.parse("NaN")).value()).isNaN();
    }

    @Test
    void stringLiteralsUnescapeAndRawStringsDoNot() throws Exception {
        assertThat(PromQlParser.parse("x{a=\"q\\\"t\\n\"}")).isInstanceOfSatisfying(VectorSelector.class,
                selector -> assertThat(selector.matchers().get(1).value()).isEqualTo("q\"t\n"));
        assertThat(PromQlParser.parse("x{a=~`\\d+`}")).isInstanceOfSatisfying(VectorSelector.class,
                selector -> assertThat(selector.matchers().get(1).value()).isEqualTo("\\d+"));
    }
}
