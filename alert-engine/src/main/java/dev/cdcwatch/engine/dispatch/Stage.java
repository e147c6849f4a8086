package dev.cdcwatch.engine.dispatch;

import java.util.List;

/** One step of the notification pipeline; returns the alerts the next step gets (empty stops the chain). */
@FunctionalInterface
public interface Stage {

    List<DispatchAlert> exec(FlushContext context, List<DispatchAlert> alerts);
}
