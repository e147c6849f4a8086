package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.dispatch.config.DispatchConfig;
import dev.cdcwatch.engine.dispatch.config.DispatchConfigException;
import dev.cdcwatch.engine.dispatch.config.DispatchConfigParser;
import dev.cdcwatch.engine.notify.dingtalk.DingTalkConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatchConfigParserTest {

    private static final String RECEIVERS = """
            receivers:
              - name: oncall
                dingtalk_configs:
                  - webhook_url: https://oapi.dingtalk.com/robot/send?access_token=abc
                    secret: SEC123
              - name: dba
                webhook_configs:
                  - url: http://hooks.internal:9000/alert
            """;

    private static DispatchConfig parse(String yaml) {
        return DispatchConfigParser.parseYaml(yaml);
    }

    @Test
    void defaultsSuitCdcOnCall() {
        DispatchConfig config = parse("route:\n  receiver: oncall\n" + RECEIVERS.replace("http://hooks.internal:9000/alert",
                "https://oapi.dingtalk.com/robot/send?access_token=x"));

        assertThat(config.route().timing()).isEqualTo(new GroupTiming(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofHours(1)));
        assertThat(config.route().groupBy()).isEqualTo(GroupBy.ALERTNAME);
        DingTalkConfig dingtalk = config.receivers().get("oncall").dingtalkConfigs().get(0);
        assertThat(dingtalk.messagesPerMinute()).isEqualTo(20);
        assertThat(dingtalk.maxMessageBytes()).isEqualTo(20_000);
        assertThat(dingtalk.sendResolved()).isTrue();
        assertThat(config.lineageInhibition().enabled()).isTrue();
        assertThat(config.delivery().giveUpAfter()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void dashboardLinkDefaultsToTheOverviewInGrafanaWhenTheGrafanaUrlIsSetAndToTheEngineServedOneOtherwise() {
        String receivers = RECEIVERS.replace("http://hooks.internal:9000/alert", "https://oapi.dingtalk.com/robot/send?access_token=x");
        DingTalkConfig engineServed = parse("route:\n  receiver: oncall\n" + receivers).receivers().get("oncall").dingtalkConfigs().get(0);
        DingTalkConfig grafana = parse("notify:\n  grafana_url: https://grafana.example/\nroute:\n  receiver: oncall\n" + receivers)
                .receivers().get("oncall").dingtalkConfigs().get(0);

        assertThat(engineServed.dashboardUrl()).isEqualTo("{{external_url}}/dashboards/cdcwatch-overview.json");
        assertThat(grafana.dashboardUrl()).isEqualTo("https://grafana.example/d/cdcwatch-overview");
        assertThat(grafana.silenceUrl()).isEqualTo("{{external_url}}/silences/new?filter={{silence_filter}}");
    }

    @Test
    void childRoutesInheritAndTheFirstMatchWinsUnlessContinue() {
        DispatchConfig config = parse("""
                notify:
                  allowed_hosts: [oapi.dingtalk.com, hooks.internal]
                route:
                  receiver: oncall
                  group_by: [alertname, table]
                  group_wait: 1s
                  routes:
                    - matchers: ['team="dba"', 'severity=~"critical|warning"']
                      receiver: dba
                      continue: true
                      repeat_interval: 4h
                    - matchers: ['team="dba"']
                      group_by: ['...']
                """ + RECEIVERS);

        Route dba = config.route().routes().get(0);
        assertThat(dba.key()).isEqualTo("{}/{team=\"dba\",severity=~\"critical|warning\"}");
        assertThat(dba.timing()).isEqualTo(new GroupTiming(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(4)));
        assertThat(dba.groupBy().labels()).containsExactly("alertname", "table");
        assertThat(config.route().match(Map.of("team", "dba", "severity", "critical")))
                .extracting(Route::receiver).containsExactly("dba", "oncall");
        assertThat(config.route().match(Map.of("team", "dba", "severity", "info")))
                .singleElement().satisfies(route -> assertThat(route.groupBy().all()).isTrue());
        assertThat(config.route().match(Map.of("team", "cdc"))).containsExactly(config.route());
    }

    @Test
    void urlToAHostNotAllowedIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> parse("route:\n  receiver: oncall\n" + RECEIVERS))
                .isInstanceOf(DispatchConfigException.class)
                .hasMessageContaining("'receivers[1].webhook_configs[0].url' targets host 'hooks.internal', which is not in notify.allowed_hosts");
    }

    @Test
    void routeToAnUndefinedReceiverIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> parse("""
                notify:
                  allowed_hosts: [oapi.dingtalk.com, hooks.internal]
                route:
                  receiver: oncall
                  routes:
                    - receiver: nobody
                """ + RECEIVERS))
                .hasMessageContaining("'route.routes[0].receiver' names receiver 'nobody', which is not defined");
    }

    @Test
    void badValuesAreErrorsNamingTheKey() {
        String allowed = "notify:\n  allowed_hosts: [oapi.dingtalk.com, hooks.internal]\n";
        Map<String, String> cases = Map.of(
                "route:\n  receiver: oncall\n  routes:\n    - matchers: ['team=~\"(\"']\n",
                "'route.routes[0].matchers[0]' has an invalid regular expression",
                "route:\n  receiver: oncall\n  group_wait: soon\n", "'route.group_wait' must be a duration",
                "route:\n  receiver: oncall\n  grup_by: [x]\n", "'route.grup_by' is not a known key",
                "route:\n  receiver: oncall\n  mute_time_intervals: [weekends]\n",
                "'route.mute_time_intervals[0]' names time interval 'weekends', which is not defined",
                "route:\n  receiver: oncall\ninhibit_rules:\n  - target_matchers: ['severity=\"warning\"']\n",
                "'inhibit_rules[0].source_matchers' must list at least one matcher");
        cases.forEach((yaml, message) -> assertThatThrownBy(() -> parse(allowed + yaml + RECEIVERS))
                .as(yaml).hasMessageContaining(message));
    }

    @Test
    void unknownTemplatePlaceholderIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> parse("route:\n  receiver: oncall\n" + """
                receivers:
                  - name: oncall
                    dingtalk_configs:
                      - webhook_url: https://oapi.dingtalk.com/robot/send?access_token=abc
                        message_template: "{{severty}} {{summary}}"
                """))
                .hasMessageContaining("'receivers[0].dingtalk_configs[0].message_template' uses unknown placeholders [severty]");
    }

    @Test
    void timeIntervalsReadWeekdayRangesTimesAndLocation() {
        DispatchConfig config = parse("""
                route:
                  receiver: oncall
                  active_time_intervals: [office]
                time_intervals:
                  - name: office
                    time_intervals:
                      - weekdays: ['monday:friday']
                        times: [{start_time: '09:00', end_time: '18:00'}]
                        location: Asia/Shanghai
                receivers:
                  - name: oncall
                """);

        TimeInterval office = config.timeIntervals().get("office");
        assertThat(office.contains(Instant.parse("2026-11-25T02:00:00Z"))).isTrue();   // Wed 10:00 in Shanghai
        assertThat(office.contains(Instant.parse("2026-11-25T11:00:00Z"))).isFalse();  // Wed 19:00
        assertThat(office.contains(Instant.parse("2026-11-28T02:00:00Z"))).isFalse();  // Sat 10:00
        assertThat(config.route().activeTimeIntervals()).isEqualTo(List.of("office"));
    }
}
