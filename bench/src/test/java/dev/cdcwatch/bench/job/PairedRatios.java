package dev.cdcwatch.bench.job;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The per-round ratios of one variant to the other, in percent, sorted, with their median and a distribution-free
 * interval for that median: the k-th lowest to the k-th highest ratio, k as large as keeps the sign test's coverage
 * at 95 % or more (for 8 rounds: lowest to highest, 99.2 %; for 10: second to ninth, 97.9 %).
 */
record PairedRatios(List<Double> sorted, double median, double low, double high, double coverage) {

    static PairedRatios of(List<Double> percents) {
        List<Double> sorted = percents.stream().sorted().toList();
        int n = sorted.size();
        int k = 1;
        while (k + 1 <= n / 2 && coverage(n, k + 1) >= 0.95) {
            k++;
        }
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new PairedRatios(sorted, median, sorted.get(k - 1), sorted.get(n - k), coverage(n, k));
    }

    /** 1 - 2 P(Binomial(n, 1/2) < k): the chance the true median lies between the k-th lowest and k-th highest. */
    private static double coverage(int n, int k) {
        double tail = 0;
        double choose = 1;
        for (int i = 0; i < k; i++) {
            tail += choose;
            choose = choose * (n - i) / (i + 1);
        }
        return 1 - 2 * tail / Math.pow(2, n);
    }

    /** Met when the whole interval is at or above {@code target}, not met when it is wholly below, else not resolved. */
    String verdict(double target) {
        return low >= target ? "met" : high < target ? "not met" : "not resolved";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "median %.1f %%, %.0f %% interval %.1f-%.1f %% (sorted: %s)", median, 100 * coverage, low, high,
                sorted.stream().map(ratio -> String.format(Locale.ROOT, "%.1f", ratio)).collect(Collectors.joining(", ")));
    }
}
