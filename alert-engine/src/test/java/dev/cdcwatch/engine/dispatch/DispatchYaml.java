package dev.cdcwatch.engine.dispatch;

/**
 * The dispatch config of the tests: fast polling and backoff, loopback allowed, and a root route to one
 * receiver with one integration, grouped by {@code alertname} with 50 ms group wait, 100 ms group interval
 * and 1 h repeat interval. Each part can be changed; {@link #yaml()} writes the document.
 */
public final class DispatchYaml {

    private final String receiver;
    private final String integration;
    private String groupBy = "[alertname]";
    private String groupWait = "50ms";
    private String groupInterval = "100ms";
    private String repeatInterval = "1h";
    private String integrationKeys = "";
    private String routes = "";
    private String sections = "";

    private DispatchYaml(String receiver, String integration) {
        this.receiver = receiver;
        this.integration = integration;
    }

    /** Receiver {@code hook} with a webhook to {@code url}. */
    public static DispatchYaml webhook(String url) {
        return new DispatchYaml("hook", "webhook_configs:\n  - url: " + url + "\n");
    }

    /** Receiver {@code oncall} with a DingTalk robot at {@code webhookUrl}. */
    public static DispatchYaml dingtalk(String webhookUrl) {
        return new DispatchYaml("oncall", "dingtalk_configs:\n  - webhook_url: " + webhookUrl + "\n");
    }

    public DispatchYaml groupBy(String... labels) {
        groupBy = "[" + String.join(", ", labels) + "]";
        return this;
    }

    public DispatchYaml timing(String groupWait, String groupInterval, String repeatInterval) {
        this.groupWait = groupWait;
        this.groupInterval = groupInterval;
        this.repeatInterval = repeatInterval;
        return this;
    }

    /** More keys of the integration, e.g. {@code max_alerts: 2}. */
    public DispatchYaml integrationKeys(String yaml) {
        integrationKeys = yaml;
        return this;
    }

    /** Child routes of the root route: the items of its {@code routes} list. */
    public DispatchYaml routes(String yaml) {
        routes = "routes:\n" + yaml.indent(2);
        return this;
    }

    /** More top-level sections, e.g. {@code inhibit_rules} or {@code time_intervals}. */
    public DispatchYaml sections(String yaml) {
        sections = yaml;
        return this;
    }

    public String yaml() {
        return """
                notify:
                  external_url: http://cdc-watch.test
                  allowed_hosts: [127.0.0.1]
                  poll_interval: 20ms
                  initial_backoff: 50ms
                  max_backoff: 200ms
                route:
                  receiver: %s
                  group_by: %s
                  group_wait: %s
                  group_interval: %s
                  repeat_interval: %s
                %sreceivers:
                  - name: %s
                %s%s""".formatted(receiver, groupBy, groupWait, groupInterval, repeatInterval, routes.indent(2), receiver,
                (integration + integrationKeys.indent(4)).indent(4), sections);
    }
}
