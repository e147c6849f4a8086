package dev.cdcwatch.engine.rules;

import java.util.List;

/** Reads a Prometheus rule file (alerting rules only) into rule groups with parsed expressions. */
public final class RuleFileParser {

    private RuleFileParser() {
    }

    /**
     * Parses and checks a whole file: YAML structure, PromQL expressions and templates.
     *
     * @param fileName used in error messages only
     * @throws RuleLoadException naming the file, group, rule, line and column, and what is wrong
     */
    public static List<RuleGroup> parse(String yaml, String fileName) throws RuleLoadException {
        throw new RuleLoadException(fileName + ": rule files are not supported yet");
    }
}
