package dev.cdcwatch.engine.dispatch;

import java.util.List;
import java.util.Map;

/** Stops the flush while the route is in one of its {@code mute_time_intervals} or outside all its {@code active_time_intervals}. */
final class TimeIntervalStage implements Stage {

    private final Map<String, TimeInterval> intervals;

    TimeIntervalStage(Map<String, TimeInterval> intervals) {
        this.intervals = Map.copyOf(intervals);
    }

    @Override
    public List<DispatchAlert> exec(FlushContext context, List<DispatchAlert> alerts) {
        Route route = context.route();
        boolean muted = route.muteTimeIntervals().stream().anyMatch(name -> intervals.get(name).contains(context.now()));
        boolean inactive = !route.activeTimeIntervals().isEmpty()
                && route.activeTimeIntervals().stream().noneMatch(name -> intervals.get(name).contains(context.now()));
        return muted || inactive ? List.of() : alerts;
    }
}
