package dev.cdcwatch.engine.rules.promtool;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The parts of promtool's {@code test rules} file format our runner understands. */
record PromtoolTestFile(List<String> ruleFiles, String evaluationInterval, List<TestGroup> tests) {

    record TestGroup(String name, String interval, List<InputSeries> inputSeries, List<AlertRuleTest> alertRuleTest,
                     List<PromqlExprTest> promqlExprTest) {
    }

    record InputSeries(String series, String values) {
    }

    record AlertRuleTest(String evalTime, String alertname, List<ExpectedAlert> expAlerts) {
    }

    record ExpectedAlert(Map<String, String> expLabels, Map<String, String> expAnnotations) {
    }

    record PromqlExprTest(String expr, String evalTime, List<ExpectedSample> expSamples) {
    }

    record ExpectedSample(String labels, double value) {
    }

    static PromtoolTestFile read(Path file) throws IOException {
        YAMLMapper mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        return mapper.readValue(file.toFile(), PromtoolTestFile.class);
    }
}
