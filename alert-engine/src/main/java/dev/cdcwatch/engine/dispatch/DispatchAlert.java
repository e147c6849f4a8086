package dev.cdcwatch.engine.dispatch;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert as dispatch sees it, Alertmanager-style: the engine hands over its firing alerts and the
 * ones that resolved on every evaluation. {@code endsAt} is null while the alert fires.
 */
public record DispatchAlert(String fingerprint, Map<String, String> labels, Map<String, String> annotations,
                            Instant startsAt, Instant endsAt, String generatorUrl) {

    public DispatchAlert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(startsAt, "startsAt");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
    }

    public static DispatchAlert firing(String fingerprint, Map<String, String> labels, Map<String, String> annotations,
                                       Instant startsAt, String generatorUrl) {
        return new DispatchAlert(fingerprint, labels, annotations, startsAt, null, generatorUrl);
    }

    public DispatchAlert resolvedAt(Instant at) {
        return new DispatchAlert(fingerprint, labels, annotations, startsAt, at, generatorUrl);
    }

    public boolean isResolved() {
        return endsAt != null;
    }

    public String name() {
        return labels.getOrDefault("alertname", "");
    }

    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    public String annotation(String name) {
        return annotations.getOrDefault(name, "");
    }
}
