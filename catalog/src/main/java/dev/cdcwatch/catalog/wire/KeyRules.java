package dev.cdcwatch.catalog.wire;

import java.util.Map;

/** The rules every format's names and labels follow: Prometheus's name syntax and the batch limits. */
final class KeyRules {

    private final BatchLimits limits;

    KeyRules(BatchLimits limits) {
        this.limits = limits;
    }

    // Checks are written as if-throw: a message built as an argument would be built for every valid name too.
    void checkName(String name, int index) throws BatchFormatException {
        if (name.length() > limits.maxNameLength() || !isMetricName(name)) {
            throw new BatchFormatException("name", index, "'" + abbreviate(name) + "' is not a valid metric name");
        }
    }

    /** Checks one more label before it is put into {@code labels}. */
    void checkLabel(Map<String, String> labels, String label, String value, int index) throws BatchFormatException {
        if (labels.size() >= limits.maxLabelsPerSample()) {
            throw new BatchFormatException("labels", index, "has more than " + limits.maxLabelsPerSample() + " labels");
        }
        if (label.length() > limits.maxNameLength() || !isLabelName(label) || label.startsWith("__")) {
            throw new BatchFormatException("labels", index, "'" + abbreviate(label) + "' is not a valid label name");
        }
        if (value.length() > limits.maxLabelValueLength()) {
            throw new BatchFormatException("labels." + label, index, "is longer than " + limits.maxLabelValueLength() + " characters");
        }
        if (labels.containsKey(label)) {
            throw new BatchFormatException("labels." + label, index, "is given twice");
        }
    }

    /** Prometheus's metric name rule, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    private static boolean isMetricName(String name) {
        return isName(name, true);
    }

    /** Prometheus's label name rule, {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    private static boolean isLabelName(String name) {
        return isName(name, false);
    }

    private static boolean isName(String name, boolean colonAllowed) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    static void expect(boolean condition, String field, int index, String problem) throws BatchFormatException {
        if (!condition) {
            throw new BatchFormatException(field, index, problem);
        }
    }
}
