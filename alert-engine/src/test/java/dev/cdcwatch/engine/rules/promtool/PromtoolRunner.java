package dev.cdcwatch.engine.rules.promtool;

import dev.cdcwatch.engine.rules.AlertingRule;
import dev.cdcwatch.engine.rules.RuleFileParser;
import dev.cdcwatch.engine.rules.RuleGroup;
import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.rules.promql.Durations;
import dev.cdcwatch.engine.rules.promql.Evaluator;
import dev.cdcwatch.engine.rules.promql.PromQlParser;
import dev.cdcwatch.engine.rules.promtool.AlertTracker.FiringAlert;
import dev.cdcwatch.engine.rules.promtool.PromtoolTestFile.AlertRuleTest;
import dev.cdcwatch.engine.rules.promtool.PromtoolTestFile.ExpectedAlert;
import dev.cdcwatch.engine.rules.promtool.PromtoolTestFile.ExpectedSample;
import dev.cdcwatch.engine.rules.promtool.PromtoolTestFile.InputSeries;
import dev.cdcwatch.engine.rules.promtool.PromtoolTestFile.PromqlExprTest;
import dev.cdcwatch.engine.rules.promtool.PromtoolTestFile.TestGroup;
import dev.cdcwatch.engine.series.Labels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a promtool {@code test rules} file with our parser, evaluator and a minimal alert state
 * machine, the way promtool 2.42 does: every group is evaluated at each {@code evaluation_interval}
 * step from 0, and a test at {@code eval_time} sees the firing alerts of the last step at or before it.
 */
public final class PromtoolRunner {

    private static final Duration LOOKBACK = Duration.ofMinutes(5);

    private PromtoolRunner() {
    }

    /** How many alert and expression cases ran, and every failure as a readable line. */
    public record Result(int cases, List<String> failures) {
    }

    public static Result run(Path testFile) throws Exception {
        PromtoolTestFile file = PromtoolTestFile.read(testFile);
        List<RuleGroup> groups = new ArrayList<>();
        for (String ruleFile : file.ruleFiles()) {
            Path path = testFile.getParent().resolve(ruleFile);
            groups.addAll(RuleFileParser.parse(Files.readString(path), path.getFileName().toString()));
        }
        Duration evaluationInterval = file.evaluationInterval() == null ? Duration.ofMinutes(1) : Durations.parse(file.evaluationInterval());
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (TestGroup test : nullToEmpty(file.tests())) {
            cases += nullToEmpty(test.alertRuleTest()).size() + nullToEmpty(test.promqlExprTest()).size();
            failures.addAll(runGroup(test, groups, evaluationInterval).stream().map(failure -> testName(test) + failure).toList());
        }
        return new Result(cases, failures);
    }

    private static List<String> runGroup(TestGroup test, List<RuleGroup> groups, Duration evaluationInterval) throws Exception {
        InMemorySeriesSource source = load(test);
        Evaluator evaluator = new Evaluator(source, LOOKBACK);
        List<String> failures = new ArrayList<>();
        for (PromqlExprTest exprTest : nullToEmpty(test.promqlExprTest())) {
            failures.addAll(checkExpression(evaluator, exprTest));
        }
        List<AlertRuleTest> alertTests = new ArrayList<>(nullToEmpty(test.alertRuleTest()));
        alertTests.sort(Comparator.comparing(alertTest -> Durations.parse(alertTest.evalTime())));
        if (alertTests.isEmpty()) {
            return failures;
        }
        List<AlertTracker> trackers = groups.stream().flatMap(group -> group.rules().stream()).map(AlertTracker::new).toList();
        long step = evaluationInterval.toMillis();
        long last = Durations.parse(alertTests.get(alertTests.size() - 1).evalTime()).toMillis();
        int next = 0;
        for (long time = 0; time <= last && next < alertTests.size(); time += step) {
            for (AlertTracker tracker : trackers) {
                tracker.evaluate(evaluator, time);
            }
            while (next < alertTests.size() && Durations.parse(alertTests.get(next).evalTime()).toMillis() < time + step) {
                failures.addAll(checkAlerts(alertTests.get(next++), trackers));
            }
        }
        return failures;
    }

    private static InMemorySeriesSource load(TestGroup test) throws Exception {
        InMemorySeriesSource source = new InMemorySeriesSource();
        long interval = test.interval() == null ? 60_000 : Durations.parse(test.interval()).toMillis();
        for (InputSeries input : nullToEmpty(test.inputSeries())) {
            Labels labels = SeriesNotation.labels(input.series());
            List<Double> values = SeriesNotation.values(input.values());
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    source.add(labels, i * interval, values.get(i));
                }
            }
        }
        return source;
    }

    private static List<String> checkExpression(Evaluator evaluator, PromqlExprTest test) throws Exception {
        long time = Durations.parse(test.evalTime()).toMillis();
        List<VectorSample> got = evaluator.evaluate(PromQlParser.parse(test.expr()), time);
        List<String> expected = new ArrayList<>();
        for (ExpectedSample sample : nullToEmpty(test.expSamples())) {
            expected.add(SeriesNotation.labels(sample.labels()) + " " + sample.value());
        }
        List<String> actual = got.stream().map(sample -> sample.labels() + " " + sample.value()).sorted().toList();
        List<String> sortedExpected = expected.stream().sorted().toList();
        if (!sameSamples(actual, sortedExpected)) {
            return List.of("expr '" + test.expr() + "' at " + test.evalTime() + ": expected " + sortedExpected + " but got " + actual);
        }
        return List.of();
    }

    private static boolean sameSamples(List<String> actual, List<String> expected) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            String[] a = actual.get(i).split(" (?=[^ ]+$)");
            String[] e = expected.get(i).split(" (?=[^ ]+$)");
            double av = Double.parseDouble(a[1]);
            double ev = Double.parseDouble(e[1]);
            boolean close = av == ev || Math.abs(av - ev) <= 1e-9 * Math.max(Math.abs(av), Math.abs(ev)) || (Double.isNaN(av) && Double.isNaN(ev));
            if (!a[0].equals(e[0]) || !close) {
                return false;
            }
        }
        return true;
    }

    private static List<String> checkAlerts(AlertRuleTest test, List<AlertTracker> trackers) {
        List<String> expected = new ArrayList<>();
        for (ExpectedAlert alert : nullToEmpty(test.expAlerts())) {
            Map<String, String> labels = new TreeMap<>(alert.expLabels() == null ? Map.of() : alert.expLabels());
            labels.put("alertname", test.alertname());
            expected.add(Labels.of(labels) + " " + new TreeMap<>(alert.expAnnotations() == null ? Map.of() : alert.expAnnotations()));
        }
        List<String> actual = trackers.stream().flatMap(tracker -> tracker.firing().stream())
                .filter(alert -> test.alertname().equals(alert.labels().get("alertname")))
                .map(PromtoolRunner::describe).sorted().toList();
        List<String> sortedExpected = expected.stream().sorted().toList();
        if (!actual.equals(sortedExpected)) {
            return List.of("alert '" + test.alertname() + "' at " + test.evalTime() + ": expected " + sortedExpected + " but got " + actual);
        }
        return List.of();
    }

    private static String describe(FiringAlert alert) {
        return alert.labels() + " " + new TreeMap<>(alert.annotations());
    }

    private static String testName(TestGroup test) {
        return test.name() == null ? "" : "test '" + test.name() + "': ";
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
