package dev.cdcwatch.lineage.lag;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitWindowTest {

    private static CommitWindow window(long[][] offsetAndLag) {
        CommitWindow window = new CommitWindow(6);
        for (long[] entry : offsetAndLag) {
            window.add(entry[0], entry[1]);
        }
        return window;
    }

    @Test
    void caughtUpIsOk() {
        assertThat(window(new long[][] {{10, 5}, {15, 0}}).evaluate(true)).isEqualTo(GroupStatus.OK);
    }

    @Test
    void lagGrowingAtEveryRecentPollIsWarn() {
        CommitWindow window = window(new long[][] {{10, 0}, {12, 1}, {14, 3}, {16, 6}});

        assertThat(window.evaluate(true)).isEqualTo(GroupStatus.WARN);
    }

    @Test
    void lagThatAlsoShrinksIsOk() {
        CommitWindow window = window(new long[][] {{10, 4}, {12, 6}, {18, 2}, {20, 5}, {25, 3}, {30, 4}});

        assertThat(window.evaluate(true)).isEqualTo(GroupStatus.OK);
    }

    @Test
    void anUnmovedOffsetOverAFullWindowWithLagIsStallWhileOwned() {
        CommitWindow window = window(new long[][] {{10, 4}, {10, 4}, {10, 4}, {10, 4}, {10, 4}, {10, 4}});

        assertThat(window.evaluate(true)).isEqualTo(GroupStatus.STALL);
    }

    @Test
    void anUnmovedOffsetOverAFullWindowWithLagIsStopWithoutAnOwner() {
        CommitWindow window = window(new long[][] {{10, 4}, {10, 5}, {10, 6}, {10, 7}, {10, 8}, {10, 9}});

        assertThat(window.evaluate(false)).isEqualTo(GroupStatus.STOP);
    }

    @Test
    void anIdleCaughtUpConsumerWhoseTopicGetsARecordIsNotStall() {
        CommitWindow window = window(new long[][] {{10, 0}, {10, 0}, {10, 0}, {10, 0}, {10, 0}, {10, 1}});

        assertThat(window.evaluate(true)).isEqualTo(GroupStatus.OK);
        window.add(10, 1);
        assertThat(window.evaluate(true)).as("one poll without lag is still in the window").isEqualTo(GroupStatus.OK);
        for (int i = 0; i < 4; i++) {
            window.add(10, 1);
        }
        assertThat(window.evaluate(true)).as("lag at every poll of the window").isEqualTo(GroupStatus.STALL);
    }

    @Test
    void anUnmovedOffsetOverAPartialWindowIsNotYetStall() {
        CommitWindow window = window(new long[][] {{10, 4}, {10, 4}, {10, 4}});

        assertThat(window.evaluate(true)).isEqualTo(GroupStatus.OK);
    }

    @Test
    void anOffsetGoingBackIsRewind() {
        CommitWindow window = window(new long[][] {{100, 0}, {40, 60}, {45, 55}});

        assertThat(window.evaluate(true)).isEqualTo(GroupStatus.REWIND);
    }

    @Test
    void rewindClearsOnceItLeavesTheWindow() {
        CommitWindow window = window(new long[][] {{100, 0}, {40, 60}});
        for (int i = 0; i < 6; i++) {
            window.add(50 + i * 10, 0);
        }

        assertThat(window.evaluate(true)).isEqualTo(GroupStatus.OK);
    }
}
