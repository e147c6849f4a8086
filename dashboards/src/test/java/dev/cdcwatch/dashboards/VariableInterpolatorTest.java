package dev.cdcwatch.dashboards;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariableInterpolatorTest {

    @Test
    void fillsEveryReferenceStyleGrafanaAccepts() {
        String filled = VariableInterpolator.interpolate("rate(a{job=~\"$job\", table=~\"${table}\", t=~\"[[topic]]\"}[$__rate_interval])",
                Map.of("job", "j", "table", "t", "topic", ".*", "__rate_interval", "10s"));

        assertThat(filled).isEqualTo("rate(a{job=~\"j\", table=~\"t\", t=~\".*\"}[10s])");
    }

    @Test
    void referenceWithoutValueIsNamed() {
        assertThatThrownBy(() -> VariableInterpolator.interpolate("a{job=~\"$job\"}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$job");
    }

    @Test
    void selectedValuesBecomeAnEscapedAlternation() {
        assertThat(VariableInterpolator.regexOf(List.of("Source:_mysql-cdc"))).isEqualTo("Source:_mysql-cdc");
        assertThat(VariableInterpolator.regexOf(List.of("a.b", "c"))).isEqualTo("(a\\\\.b|c)");
    }
}
