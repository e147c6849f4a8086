package dev.cdcwatch.engine.dispatch;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/** A named set of weekly windows ({@code time_intervals}), used to mute a route or to keep it active only then. */
public record TimeInterval(String name, List<Window> windows) {

    /** Days (empty: every day) and times of day (empty: all day) in one time zone; end time is exclusive. */
    public record Window(Set<DayOfWeek> weekdays, List<TimeRange> times, ZoneId location) {

        public Window {
            weekdays = Set.copyOf(weekdays);
            times = List.copyOf(times);
        }

        boolean contains(Instant instant) {
            ZonedDateTime local = instant.atZone(location);
            if (!weekdays.isEmpty() && !weekdays.contains(local.getDayOfWeek())) {
                return false;
            }
            if (times.isEmpty()) {
                return true;
            }
            LocalTime time = local.toLocalTime();
            return times.stream().anyMatch(range -> !time.isBefore(range.start()) && (range.endOfDay() || time.isBefore(range.end())));
        }
    }

    /** {@code end} 24:00 is written as {@code endOfDay}, as LocalTime cannot hold it. */
    public record TimeRange(LocalTime start, LocalTime end, boolean endOfDay) {
    }

    public TimeInterval {
        windows = List.copyOf(windows);
    }

    public boolean contains(Instant instant) {
        return windows.stream().anyMatch(window -> window.contains(instant));
    }
}
