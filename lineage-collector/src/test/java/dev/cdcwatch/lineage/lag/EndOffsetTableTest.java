package dev.cdcwatch.lineage.lag;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndOffsetTableTest {

    @Test
    void appendTimeIsInterpolatedBetweenTheSightingsAroundTheOffset() {
        EndOffsetTable table = new EndOffsetTable(10);
        table.observe(100, 1_000);
        table.observe(200, 2_000);

        // Records 100..199 were appended between 1000 and 2000 ms; 149 is the 50th of the 100.
        assertThat(table.appendTimeOf(149)).isEqualTo(EndOffsetTable.AppendTime.at(1_500));
        assertThat(table.appendTimeOf(199)).isEqualTo(EndOffsetTable.AppendTime.at(2_000));
    }

    @Test
    void anIdleEndOffsetNarrowsTheSpanToItsLastSighting() {
        EndOffsetTable table = new EndOffsetTable(10);
        table.observe(10, 1_000);
        table.observe(10, 9_000);
        table.observe(11, 10_000);

        // Record 10 arrived after the idle end offset was last seen at 9000, not at some point since 1000.
        assertThat(table.appendTimeOf(10)).isEqualTo(EndOffsetTable.AppendTime.at(10_000));
    }

    @Test
    void anOffsetAtOrPastTheEndIsNotAppendedYet() {
        EndOffsetTable table = new EndOffsetTable(10);
        table.observe(50, 1_000);

        assertThat(table.appendTimeOf(50).kind()).isEqualTo(EndOffsetTable.AppendTime.Kind.NOT_YET);
    }

    @Test
    void anOffsetOlderThanTheTableIsBoundedByTheFirstSighting() {
        EndOffsetTable table = new EndOffsetTable(10);
        table.observe(1_000, 5_000);
        table.observe(1_100, 6_000);

        assertThat(table.appendTimeOf(0)).isEqualTo(EndOffsetTable.AppendTime.before(5_000));
    }

    @Test
    void thinningKeepsTheOldestPointAndTheRecentResolution() {
        EndOffsetTable table = new EndOffsetTable(8);
        for (int i = 0; i <= 40; i++) {
            table.observe(i * 10L, i * 1_000L);
        }

        assertThat(table.size()).isLessThanOrEqualTo(8);
        assertThat(table.appendTimeOf(-1)).isEqualTo(EndOffsetTable.AppendTime.before(0));
        assertThat(table.appendTimeOf(399)).isEqualTo(EndOffsetTable.AppendTime.at(40_000));
    }

    @Test
    void aSmallerEndOffsetStartsTheHistoryOver() {
        EndOffsetTable table = new EndOffsetTable(10);
        table.observe(500, 1_000);
        table.observe(600, 2_000);
        table.observe(5, 3_000);

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.appendTimeOf(0)).isEqualTo(EndOffsetTable.AppendTime.before(3_000));
    }
}
