package dev.cdcwatch.engine.dispatch.config;

import dev.cdcwatch.config.ConfigNode;
import dev.cdcwatch.engine.dispatch.TimeInterval;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Alertmanager's {@code time_intervals}: weekdays (ranges like {@code monday:friday}) and times of day in a location. */
final class TimeIntervalParser {

    private static final Pattern CLOCK = Pattern.compile("([01]\\d|2[0-4]):([0-5]\\d)");

    private TimeIntervalParser() {
    }

    static Map<String, TimeInterval> parse(List<ConfigNode> nodes) {
        Map<String, TimeInterval> intervals = new LinkedHashMap<>();
        for (ConfigNode node : nodes) {
            node.rejectUnknownKeys(Set.of("name", "time_intervals"));
            String name = node.requiredString("name");
            List<TimeInterval.Window> windows = new ArrayList<>();
            for (ConfigNode window : node.sections("time_intervals")) {
                windows.add(window(window));
            }
            if (intervals.put(name, new TimeInterval(name, windows)) != null) {
                throw new DispatchConfigException(node.key("name"), "repeats time interval name '" + name + "'");
            }
        }
        return intervals;
    }

    private static TimeInterval.Window window(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("weekdays", "times", "location"));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> weekdays = node.strings("weekdays");
        for (int i = 0; i < weekdays.size(); i++) {
            days.addAll(dayRange(node.key("weekdays") + "[" + i + "]", weekdays.get(i)));
        }
        List<TimeInterval.TimeRange> times = new ArrayList<>();
        for (ConfigNode range : node.sections("times")) {
            range.rejectUnknownKeys(Set.of("start_time", "end_time"));
            LocalTime start = clock(range, "start_time");
            String end = range.requiredString("end_time");
            boolean endOfDay = end.equals("24:00");
            LocalTime endTime = endOfDay ? LocalTime.MAX : clock(range, "end_time");
            if (!endOfDay && !endTime.isAfter(start)) {
                throw new DispatchConfigException(range.key("end_time"), "must be after start_time " + start);
            }
            times.add(new TimeInterval.TimeRange(start, endTime, endOfDay));
        }
        ZoneId location;
        try {
            location = node.has("location") ? ZoneId.of(node.string("location", "UTC")) : ZoneOffset.UTC;
        } catch (DateTimeException e) {
            throw new DispatchConfigException(node.key("location"), "is not a time zone such as Asia/Shanghai or UTC");
        }
        return new TimeInterval.Window(days, times, location);
    }

    private static LocalTime clock(ConfigNode node, String name) {
        String text = node.requiredString(name);
        Matcher matcher = CLOCK.matcher(text);
        if (!matcher.matches() || (matcher.group(1).equals("24") && !matcher.group(2).equals("00")) || text.equals("24:00")) {
            throw new DispatchConfigException(node.key(name), "must be a time of day HH:MM (00:00 to 23:59; end_time may be 24:00), got '" + text + "'");
        }
        return LocalTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    private static Set<DayOfWeek> dayRange(String key, String text) {
        String[] ends = text.toLowerCase(Locale.ROOT).split(":");
        if (ends.length > 2) {
            throw new DispatchConfigException(key, "must be a weekday or a range such as monday:friday, got '" + text + "'");
        }
        DayOfWeek first = day(key, ends[0]);
        DayOfWeek last = ends.length == 2 ? day(key, ends[1]) : first;
        if (last.compareTo(first) < 0) {
            throw new DispatchConfigException(key, "runs backwards: '" + text + "'");
        }
        return EnumSet.range(first, last);
    }

    private static DayOfWeek day(String key, String name) {
        try {
            return DayOfWeek.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DispatchConfigException(key, "'" + name + "' is not a weekday (monday ... sunday)");
        }
    }
}
