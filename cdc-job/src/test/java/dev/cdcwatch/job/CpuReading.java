package dev.cdcwatch.job;

import com.sun.management.OperatingSystemMXBean;
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
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time consumed so far by this JVM (Flink MiniCluster, in-JVM Kafka, the benchmark's client), by each of
 * its live threads (with the bytes each allocated) and by the MariaDB server process, read together so a
 * difference of two readings covers one window. Unlike wall time, CPU time does not count time spent waiting
 * for a core.
 */
record CpuReading(long jvmNanos, long mariadbNanos, Map<Long, ThreadUse> threads) {

    /** One thread's CPU time and bytes allocated on the heap. */
    record ThreadUse(long cpuNanos, long allocatedBytes) {

        ThreadUse plus(ThreadUse other) {
            return new ThreadUse(cpuNanos + other.cpuNanos, allocatedBytes + other.allocatedBytes);
        }
    }

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // /proc/<pid>/stat counts in USER_HZ ticks, which the kernel fixes at 100 on x86 and arm64.
    private static final long NANOS_PER_TICK = 10_000_000L;

    static CpuReading now(long mariadbPid) {
        Map<Long, ThreadUse> threads = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            long bytes = THREADS.getThreadAllocatedBytes(id);
            if (nanos >= 0 && bytes >= 0) {
                threads.put(id, new ThreadUse(nanos, bytes));
            }
        }
        return new CpuReading(OS.getProcessCpuTime(), processCpuNanos(mariadbPid), threads);
    }

    static Set<Long> liveThreads() {
        return Arrays.stream(THREADS.getAllThreadIds()).boxed().collect(Collectors.toUnmodifiableSet());
    }

    /** Use since {@code start}; threads started within the window count in full, threads that ended in it not at all. */
    CpuReading since(CpuReading start) {
        Map<Long, ThreadUse> since = new HashMap<>(threads);
        since.replaceAll((id, use) -> {
            ThreadUse before = start.threads.getOrDefault(id, new ThreadUse(0, 0));
            return new ThreadUse(use.cpuNanos - before.cpuNanos, use.allocatedBytes - before.allocatedBytes);
        });
        return new CpuReading(jvmNanos - start.jvmNanos, mariadbNanos - start.mariadbNanos, since);
    }

    /**
     * Use of the live threads not in {@code excluded}, by name with numbers replaced by N
     * (kafka-producer-network-thread | producer-N).
     */
    Map<String, ThreadUse> threadUseByNameExcept(Set<Long> excluded) {
        Map<String, ThreadUse> byName = new TreeMap<>();
        threads.forEach((id, use) -> {
            ThreadInfo info = excluded.contains(id) ? null : THREADS.getThreadInfo(id);
            if (info != null) {
                byName.merge(info.getThreadName().replaceAll("\\d+", "N"), use, ThreadUse::plus);
            }
        });
        return byName;
    }

    private static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces; fields 14 and 15 (utime, stime)
            // are the 12th and 13th after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }
}
