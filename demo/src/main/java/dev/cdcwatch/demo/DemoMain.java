package dev.cdcwatch.demo;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code mvn -q -pl demo exec:exec}: starts the whole pipeline on loopback, prints where to look and
 * how to inject faults, and runs until Ctrl-C, which stops everything it started.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream console = System.out;
        Demo demo = Demo.create();
        // Vert.x's file cache would go to java.io.tmpdir; a Ctrl-C while the engine starts stops Vert.x from
        // registering its own clean-up, so the cache lives in the demo's directory, which close() removes.
        System.setProperty("vertx.cacheDirBase", demo.workDir().resolve("vertx").toString());
        CountDownLatch startEnded = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            if (!demo.closed()) {
                console.println("\nstopping the demo ...");
                demo.close();
                // On a Ctrl-C during start-up the step under way ends first and stops what it started.
                awaitQuietly(startEnded);
                console.println("stopped; nothing left running");
            }
            stopped.countDown();
        }, "demo-shutdown"));
        stopWhenParentEnds(console);
        try {
            demo.startAll(options(), console);
        } catch (RuntimeException e) {
            startEnded.countDown();
            if (!stopping.get()) {
                console.println("cdc-watch demo could not start: " + rootMessage(e));
            }
            System.exit(1);
            return;
        }
        startEnded.countDown();
        printGuide(console, demo);
        stopped.await();
    }

    /**
     * {@code mvn exec:exec} passes no signal on to the demo: when Maven ends without the demo being told
     * (Maven killed, or a SIGINT sent to Maven alone), the demo stops too rather than run on unseen.
     */
    private static void stopWhenParentEnds(PrintStream console) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            console.println("\nthe process that started the demo has ended");
            System.exit(0);
        }));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The default ports, or {@code -Ddemo.engine.port}, {@code -Ddemo.control.port} (0: any free one) and
     * {@code -Ddemo.reporter.port} (the first of the 100 ports the reporter tries; the guide shows the one it bound).
     */
    private static Demo.Options options() {
        Demo.Options defaults = Demo.Options.DEFAULTS;
        return new Demo.Options(Integer.getInteger("demo.engine.port", defaults.enginePort()),
                Integer.getInteger("demo.control.port", defaults.controlPort()),
                Integer.getInteger("demo.reporter.port", defaults.reporterPort()));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return e.getMessage() + (cause != e ? " (" + cause.getMessage() + ")" : "");
    }

    static void printGuide(PrintStream console, Demo demo) {
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
