package dev.cdcwatch.bench.job;

import com.sun.management.ThreadMXBean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * CPU time used so far by each live thread of this JVM, by thread id, with the machine's CPU ticks from
 * {@code /proc/stat}, read together so that the difference of two readings covers one window. Unlike wall
 * time, CPU time does not count time spent waiting for a core.
 */
record ThreadCpu(Map<Long, Long> nanosById, Map<Long, String> names, MachineTicks machine) {

    /** The machine's CPU ticks since boot: all of them, those stolen by the hypervisor and the idle ones. */
    record MachineTicks(long total, long steal, long idle) {
    }

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    static ThreadCpu now() {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            long used = info == null ? -1 : THREADS.getThreadCpuTime(info.getThreadId());
            if (used >= 0) {
                nanos.put(info.getThreadId(), used);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return new ThreadCpu(nanos, names, machineTicks());
    }

    static Set<Long> liveThreads() {
        return Arrays.stream(THREADS.getAllThreadIds()).boxed().collect(Collectors.toUnmodifiableSet());
    }

    /**
     * CPU nanoseconds used since {@code start} by the threads alive now that {@code include} accepts (id, name);
     * a thread started in between counts in full, one that ended in between not at all.
     */
    long nanosSince(ThreadCpu start, BiPredicate<Long, String> include) {
        return nanosById.entrySet().stream().filter(thread -> include.test(thread.getKey(), names.get(thread.getKey())))
                .mapToLong(thread -> thread.getValue() - start.nanosById.getOrDefault(thread.getKey(), 0L)).sum();
    }

    /** Share of the machine's CPU time stolen by the hypervisor since {@code start}, in percent. */
    double stealPercentSince(ThreadCpu start) {
        return 100.0 * (machine.steal - start.machine.steal) / (machine.total - start.machine.total);
    }

    /** Share of the machine's CPU time left idle since {@code start}, in percent. */
    double idlePercentSince(ThreadCpu start) {
        return 100.0 * (machine.idle - start.machine.idle) / (machine.total - start.machine.total);
    }

    /** CPU time another process has used so far, from {@code /proc/<pid>/stat}. */
    static long processNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces; utime and stime are the 12th and
            // 13th fields after it, in USER_HZ ticks, which the kernel fixes at 100 on x86 and arm64.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }

    private static MachineTicks machineTicks() {
        try {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new MachineTicks(total, Long.parseLong(fields[8]), Long.parseLong(fields[4]));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }
}
