package dev.cdcwatch.engine.silence;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cdcwatch.engine.series.LabelMatcher;

import java.util.regex.PatternSyntaxException;

/** One matcher of a silence, in Alertmanager's shape: {@code isEqual=false} negates, {@code isRegex} matches a fully anchored regex. */
public record SilenceMatcher(
        @JsonProperty("name") String name,
        @JsonProperty("value") String value,
        @JsonProperty("isRegex") boolean isRegex,
        @JsonProperty("isEqual") boolean isEqual) {

    public SilenceMatcher {
        if (name == null || !name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("matcher name '" + name + "' is not a valid label name");
        }
        if (value == null) {
            throw new IllegalArgumentException("matcher '" + name + "' needs a value");
        }
        if (isRegex) {
            try {
                java.util.regex.Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher '" + name + "' has an invalid regex: " + e.getDescription());
            }
        }
    }

    public LabelMatcher toLabelMatcher() {
        LabelMatcher.Type type = isRegex
                ? (isEqual ? LabelMatcher.Type.REGEX : LabelMatcher.Type.NOT_REGEX)
                : (isEqual ? LabelMatcher.Type.EQUAL : LabelMatcher.Type.NOT_EQUAL);
        return LabelMatcher.of(name, type, value);
    }
}
