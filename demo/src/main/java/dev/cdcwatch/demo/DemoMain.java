package dev.cdcwatch.demo;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mvn -q -pl demo exec:exec}: starts the whole pipeline on loopback, prints where to look and
 * how to inject faults, and runs until Ctrl-C, which stops everything it started.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream console = System.out;
        Demo demo;
        try {
            demo = Demo.start(Demo.Options.DEFAULTS, console);
        } catch (RuntimeException e) {
            console.println("cdc-watch demo could not start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.println("\nstopping the demo ...");
            demo.close();
            console.println("stopped; nothing left running");
            stopped.countDown();
        }, "demo-shutdown"));
        printGuide(console, demo);
        stopped.await();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return e.getMessage() + (cause != e ? " (" + cause.getMessage() + ")" : "");
    }

    private static void printGuide(PrintStream console, Demo demo) {
        int engine = demo.engine().port();
        int control = demo.faults().port();
        console.printf("""

                cdc-watch demo is running. Everything listens on 127.0.0.1 only.

                  alert engine API     http://127.0.0.1:%1$d/api/v1/alerts   (also /api/v1/rules, /api/v1/lineage, /api/v1/notifications)
                  engine metrics       http://127.0.0.1:%1$d/metrics
                  dashboards           http://127.0.0.1:%1$d/dashboards  (Grafana JSON; provisioning files in dashboards/)
                  reporter /metrics    http://127.0.0.1:%2$d/metrics
                  admin token          %3$s

                Inject a fault from a second terminal (DELETE the same URL to take it back):
                """, engine, demo.reporterPort(), demo.adminToken());
        demo.faults().faults().forEach((name, fault) -> console.printf("  curl -X POST http://127.0.0.1:%d/faults/%s%n      %s%n",
                control, name, fault.description()));
        console.printf("  curl http://127.0.0.1:%d/faults      (what is on)%n%nDingTalk and webhook messages appear below. Ctrl-C stops everything.%n",
                control);
    }
}
