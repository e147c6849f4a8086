package dev.cdcwatch.lineage.lag;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The last polls of one partition of one group: committed offset and lag at each. Burrow keeps a
 * window of commits read from {@code __consumer_offsets}; polling through the Admin API we keep one
 * entry per poll instead, so "a full window" means {@code size} polls.
 */
final class CommitWindow {

    private record Entry(long committedOffset, long lag) {
    }

    private final int size;
    private final ArrayDeque<Entry> entries;

    CommitWindow(int size) {
        this.size = size;
        this.entries = new ArrayDeque<>(size + 1);
    }

    void add(long committedOffset, long lag) {
        entries.addLast(new Entry(committedOffset, lag));
        if (entries.size() > size) {
            entries.removeFirst();
        }
    }

    /**
     * Rules, first match wins: the offset went back -> REWIND; no lag now -> OK; the offset did not
     * move over a full window with lag at every poll -> STALL, or STOP when no member owns the
     * partition; lag grew at each of the last half window of polls -> WARN; else OK. As in Burrow, a
     * poll without lag in the window rules out STALL/STOP: an idle, caught-up consumer whose topic gets a
     * record has not stalled. WARN looks at the recent half only so that a consumer that stops shows
     * WARN before the full window turns it into STALL or STOP.
     */
    GroupStatus evaluate(boolean owned) {
        Entry last = entries.peekLast();
        if (last == null) {
            return GroupStatus.OK;
        }
        if (wentBack()) {
            return GroupStatus.REWIND;
        }
        if (last.lag() == 0) {
            return GroupStatus.OK;
        }
        if (entries.size() == size && entries.peekFirst().committedOffset() == last.committedOffset() && lagAtEveryPoll()) {
            return owned ? GroupStatus.STALL : GroupStatus.STOP;
        }
        if (trailingGrowth() >= Math.max(2, size / 2)) {
            return GroupStatus.WARN;
        }
        return GroupStatus.OK;
    }

    private boolean wentBack() {
        Iterator<Entry> it = entries.iterator();
        long previous = it.next().committedOffset();
        while (it.hasNext()) {
            long offset = it.next().committedOffset();
            if (offset < previous) {
                return true;
            }
            previous = offset;
        }
        return false;
    }

    private boolean lagAtEveryPoll() {
        return entries.stream().allMatch(entry -> entry.lag() > 0);
    }

    /** How many of the latest polls in a row each saw more lag than the poll before. */
    private int trailingGrowth() {
        Iterator<Entry> it = entries.descendingIterator();
        long later = it.next().lag();
        int steps = 0;
        while (it.hasNext()) {
            long earlier = it.next().lag();
            if (later <= earlier) {
                break;
            }
            steps++;
            later = earlier;
        }
        return steps;
    }
}
