package dev.cdcwatch.dashboards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The dashboards this module ships on the class path under {@code dashboards/}, and the Grafana
 * provisioning files under {@code provisioning/}. The engine serves them; tests check their queries.
 */
public final class Dashboards {

    /** Class path folder of the dashboard JSON files. */
    public static final String FOLDER = "dashboards";
    /** Class path resources a user copies to {@code /etc/grafana/provisioning/}. */
    public static final List<String> PROVISIONING_RESOURCES = List.of(
            "provisioning/datasources/cdcwatch.yaml", "provisioning/dashboards/cdcwatch.yaml");
    /** Class path resource of the example Prometheus configuration. */
    public static final String PROMETHEUS_EXAMPLE = "prometheus/prometheus.yml";

    /** Every shipped dashboard's uid (a test checks this against the folder's content). */
    public static final List<String> UIDS = List.of(
            "cdcwatch-overview", "cdcwatch-job-detail", "cdcwatch-consumer-lag", "cdcwatch-lineage-alerts");

    private Dashboards() {
    }

    /** Every shipped dashboard, parsed. */
    public static List<Dashboard> all() {
        return UIDS.stream().map(uid -> byUid(uid).orElseThrow(
                () -> new IllegalStateException("dashboard " + uid + " is listed but " + FOLDER + "/" + uid + ".json is not on the class path")))
                .toList();
    }

    /** The dashboard with this uid, if cdc-watch ships one. */
    public static Optional<Dashboard> byUid(String uid) {
        if (!UIDS.contains(uid)) {
            return Optional.empty();
        }
        String resource = FOLDER + "/" + uid + ".json";
        return resourceText(resource).map(json -> DashboardParser.parse(json, resource));
    }

    /** A class path resource of this module as text, e.g. one of {@link #PROVISIONING_RESOURCES}. */
    public static Optional<String> resourceText(String resource) {
        try (InputStream in = Dashboards.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + resource, e);
        }
    }
}
