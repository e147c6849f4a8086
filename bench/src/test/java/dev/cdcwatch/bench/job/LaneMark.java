package dev.cdcwatch.bench.job;

import java.util.List;

/**
 * What both lanes had done at one moment (instrumented first): rows in Kafka, CPU used, the cores' ticks, and the
 * pushes and scrapes the instrumented lane's reporter had answered.
 */
record LaneMark(long nanos, long[] rows, List<LaneCpu> cpu, List<CoreTicks> cores, int pushes, long scrapes) {
}
