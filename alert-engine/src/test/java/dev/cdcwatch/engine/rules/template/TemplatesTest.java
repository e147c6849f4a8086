package dev.cdcwatch.engine.rules.template;

import dev.cdcwatch.engine.series.Labels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expansion itself is checked against promtool in constructs_test.yml; these cover what promtool files cannot. */
class TemplatesTest {

    private static final Labels LABELS = Labels.of("__name__", "lag", "job", "orders");

    @Test
    void labelsValueAndHumanizersExpand() {
        assertThat(Templates.expand("{{ $labels.job }}: {{ $value | humanizeDuration }} ({{ humanize $value }})", LABELS, 3725))
                .isEqualTo("orders: 1h 2m 5s (3.725k)");
    }

    @Test
    void missingLabelExpandsToEmpty() {
        assertThat(Templates.expand("[{{ $labels.nope }}]", LABELS, 1)).isEqualTo("[]");
    }

    @Test
    void externalLabelsAreAvailable() {
        assertThat(Templates.expand("{{ $externalLabels.cluster }}", LABELS, 1, Labels.of("cluster", "prod"), ""))
                .isEqualTo("prod");
    }

    @Test
    void goNumberFormattingIsKept() {
        assertThat(Templates.expand("{{ $value }}", LABELS, 0.5)).isEqualTo("0.5");
        assertThat(Templates.expand("{{ $value }}", LABELS, 1e21)).isEqualTo("1e+21");
        assertThat(Templates.expand("{{ $value }}", LABELS, 0.00001)).isEqualTo("1e-05");
        assertThat(Templates.expand("{{ printf \"%.3g\" $value }}", LABELS, 123456)).isEqualTo("1.23e+05");
        assertThat(Templates.expand("{{ $value | humanize }}", LABELS, 0.0042)).isEqualTo("4.2m");
    }

    @Test
    void expansionErrorsBecomeTheTextInsteadOfThrowing() {
        assertThat(Templates.expand("{{ $labels.job | humanize }}", LABELS, 1))
                .startsWith("<error expanding template: ")
                .contains("orders");
    }

    @Test
    void unsupportedActionsFailTheCheck() {
        assertThatThrownBy(() -> Templates.check("{{ range $labels }}x{{ end }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("column 4: 'range' actions are not supported");
        assertThatThrownBy(() -> Templates.check("{{ if $value }}x"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("without {{end}}");
        assertThatThrownBy(() -> Templates.check("{{ $value "))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("missing '}}'");
    }
}
