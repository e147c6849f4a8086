package dev.cdcwatch.engine.dispatch;

import java.util.List;

/** Drops firing alerts a muter (silences, inhibition) holds back; resolved alerts always pass, so their resolution is still told. */
final class MuteStage implements Stage {

    private final Muter muter;

    MuteStage(Muter muter) {
        this.muter = muter;
    }

    @Override
    public List<DispatchAlert> exec(FlushContext context, List<DispatchAlert> alerts) {
        return alerts.stream().filter(alert -> alert.isResolved() || !muter.mutes(alert)).toList();
    }
}
