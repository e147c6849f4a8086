package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.notify.NotificationQuery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The dispatcher in a JVM of its own, fed an alert storm, for {@link DeliveryRecoveryTest} to kill with
 * SIGKILL. Arguments: database directory, receiver URL, number of alerts. Prints {@code pending N} as it goes.
 */
public final class StormProcess {

    private StormProcess() {
    }

    public static void main(String[] args) {
        DispatchFixture fixture = new DispatchFixture(Path.of(args[0]));
        DispatchService service = fixture.start(DeliveryRecoveryTest.config(args[1]));
        List<DispatchAlert> storm = DeliveryRecoveryTest.storm(Integer.parseInt(args[2]));
        NotificationQuery notifications = service.notifications();
        for (int from = 0; ; from = (from + 50) % storm.size()) {
            List<DispatchAlert> batch = new ArrayList<>(storm.subList(from, Math.min(from + 50, storm.size())));
            service.accept(batch);
            System.out.println("pending " + notifications.pending());
            LockSupport.parkNanos(20_000_000);
        }
    }
}
