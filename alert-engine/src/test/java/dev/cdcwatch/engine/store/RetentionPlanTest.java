package dev.cdcwatch.engine.store;

import dev.cdcwatch.engine.rules.promql.PromQlParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPlanTest {

    private static final Duration LOOKBACK = Duration.ofMinutes(5);
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private static RetentionPlan plan(String... exprs) throws Exception {
        List<dev.cdcwatch.engine.rules.promql.Expr> parsed = new java.util.ArrayList<>();
        for (String expr : exprs) {
            parsed.add(PromQlParser.parse(expr));
        }
        return RetentionPlan.of(parsed, LOOKBACK, MARGIN);
    }

    @Test
    void rangeSelectorsKeepTheirRangeAndInstantSelectorsOnlyTheMargin() throws Exception {
        RetentionPlan plan = plan("increase(disconnects_total[5m]) > 0 and connected == 0", "max_over_time(lag[10m]) > 1");

        assertThat(plan.retentionMillis("disconnects_total")).isEqualTo(Duration.ofMinutes(5).plus(MARGIN).toMillis());
        assertThat(plan.retentionMillis("lag")).isEqualTo(Duration.ofMinutes(10).plus(MARGIN).toMillis());
        assertThat(plan.retentionMillis("connected")).isEqualTo(MARGIN.toMillis());
        assertThat(plan.retentionMillis("unreferenced")).isEqualTo(MARGIN.toMillis());
        assertThat(plan.seriesLifeMillis("connected")).isEqualTo(LOOKBACK.plus(MARGIN).toMillis());
        assertThat(plan.longest()).isEqualTo(Duration.ofMinutes(10).plus(MARGIN));
    }

    @Test
    void offsetsAndSelectorsWithoutAMetricNameWidenTheWindow() throws Exception {
        RetentionPlan plan = plan("up offset 1m == 0", "max_over_time({job=\"x\"}[2m]) > 0");

        assertThat(plan.retentionMillis("up")).isEqualTo(Duration.ofMinutes(1).plus(LOOKBACK).plus(MARGIN).toMillis());
        assertThat(plan.retentionMillis("anything")).isEqualTo(Duration.ofMinutes(2).plus(MARGIN).toMillis());
    }

    @Test
    void aRangeReadOnlyForItsNewestSampleKeepsTheMarginButLivesAsLongAsTheRange() throws Exception {
        RetentionPlan plan = plan("max by (job) (last_over_time(uptime[15m])) unless absent_over_time(up[20m])");

        assertThat(plan.retentionMillis("uptime")).isEqualTo(MARGIN.toMillis());
        assertThat(plan.seriesLifeMillis("uptime")).isEqualTo(Duration.ofMinutes(15).plus(MARGIN).toMillis());
        assertThat(plan.retentionMillis("up")).isEqualTo(MARGIN.toMillis());
        assertThat(plan.seriesLifeMillis("up")).isEqualTo(Duration.ofMinutes(20).plus(MARGIN).toMillis());
    }
}
