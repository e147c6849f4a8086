package dev.cdcwatch.reporter.naming;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabelPolicyTest {

    private static final Map<String, String> OPERATOR_VARIABLES = Map.ofEntries(
            Map.entry("<host>", "tm-1"), Map.entry("<tm_id>", "tm-1:34567-abcdef"), Map.entry("<job_id>", "a5c4d3e2f1a5c4d3e2f1a5c4d3e2f1a5"),
            Map.entry("<job_name>", "orders-cdc"), Map.entry("<task_id>", "cbc357ccb763df2852fee8c4fc7d55f2"),
            Map.entry("<task_name>", "Source: mysql-cdc"), Map.entry("<task_attempt_id>", "9f0e1d2c3b4a59687766554433221100"),
            Map.entry("<task_attempt_num>", "2"), Map.entry("<subtask_index>", "0"),
            Map.entry("<operator_id>", "feca28aff5a3958840bee985ee7de4d3"), Map.entry("<operator_name>", "Source: mysql-cdc"));

    @Test
    void defaultLabelsAreStableNamesWithoutIdsOrAttempts() {
        ResolvedLabels labels = LabelPolicy.parse("labels", "job,host,task,operator,subtask,*").resolve(OPERATOR_VARIABLES, List.of());

        assertThat(labels.names()).containsExactly("job", "host", "task", "operator", "subtask");
        assertThat(labels.values()).containsExactly("orders-cdc", "tm-1", "Source: mysql-cdc", "Source: mysql-cdc", "0");
    }

    @Test
    void idsBecomeLabelsOnlyWhenAskedFor() {
        ResolvedLabels labels = LabelPolicy.parse("labels", "job,job_id,tm_id,task_attempt_num").resolve(OPERATOR_VARIABLES, List.of());

        assertThat(labels.names()).containsExactly("job", "job_id", "tm_id", "task_attempt_num");
        assertThat(labels.values()).containsExactly("orders-cdc", "a5c4d3e2f1a5c4d3e2f1a5c4d3e2f1a5", "tm-1:34567-abcdef", "2");
    }

    @Test
    void userKeyValueGroupsBecomeLabelsNamedByTheirKey() {
        Map<String, String> routeVariables = new java.util.HashMap<>(OPERATOR_VARIABLES);
        routeVariables.putAll(Map.of("<database>", "shop", "<table>", "orders", "<topic>", "cdc.shop.orders", "<my-key>", "x"));

        ResolvedLabels all = LabelPolicy.parse("labels", "job,subtask,*").resolve(routeVariables, List.of());
        ResolvedLabels chosen = LabelPolicy.parse("labels", "job,table").resolve(routeVariables, List.of());

        assertThat(all.names()).containsExactly("job", "subtask", "database", "my_key", "table", "topic");
        assertThat(all.values()).containsExactly("orders-cdc", "0", "shop", "x", "orders", "cdc.shop.orders");
        assertThat(chosen.names()).containsExactly("job", "table");
    }

    @Test
    void catalogOrderComesFirst() {
        ResolvedLabels labels = LabelPolicy.parse("labels", "host,subtask,job").resolve(OPERATOR_VARIABLES, List.of("job", "host", "task", "subtask"));

        assertThat(labels.names()).containsExactly("job", "host", "subtask");
    }

    @Test
    void labelsOnlyComeFromVariablesTheGroupHas() {
        ResolvedLabels labels = LabelPolicy.parse("labels", "job,host,task,operator,subtask,*").resolve(Map.of("<host>", "jm-1"), List.of());

        assertThat(labels.names()).containsExactly("host");
    }

    @Test
    void seriesOfOneLabelSetShareOneNamesList() {
        LabelPolicy policy = LabelPolicy.parse("labels", "job,host");
        assertThat(policy.resolve(OPERATOR_VARIABLES, List.of()).names())
                .isSameAs(policy.resolve(Map.of("<job_name>", "other", "<host>", "h"), List.of()).names());
    }
}
