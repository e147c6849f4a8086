package dev.cdcwatch.engine.dispatch;

/** Decides whether a firing alert is held back: silences and inhibition are both muters, as in Alertmanager. */
@FunctionalInterface
public interface Muter {

    Muter NONE = alert -> false;

    boolean mutes(DispatchAlert alert);
}
