package dev.cdcwatch.bench.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One core's CPU ticks since boot from {@code /proc/stat}: all of them, those stolen by the hypervisor and the idle ones. */
record CoreTicks(long total, long steal, long idle) {

    /** Every core's ticks, by core number. */
    static List<CoreTicks> read() {
        try {
            // cpuN user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
            return Files.readAllLines(Path.of("/proc/stat")).stream().filter(line -> line.matches("cpu\\d+ .*")).map(line -> {
                String[] fields = line.trim().split("\\s+");
                long total = 0;
                for (int i = 1; i <= 8; i++) {
                    total += Long.parseLong(fields[i]);
                }
                return new CoreTicks(total, Long.parseLong(fields[8]), Long.parseLong(fields[4]));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }

    double stealPercentSince(CoreTicks start) {
        return 100.0 * (steal - start.steal) / (total - start.total);
    }

    double idlePercentSince(CoreTicks start) {
        return 100.0 * (idle - start.idle) / (total - start.total);
    }
}
