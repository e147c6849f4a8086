package dev.cdcwatch.lineage.kafka;

/** A poll of a cluster that failed or timed out; the message names the cluster and the step. */
public final class PollFailure extends Exception {

    public PollFailure(String cluster, String step, Throwable cause) {
        super("cluster '" + cluster + "': " + step + " failed: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
