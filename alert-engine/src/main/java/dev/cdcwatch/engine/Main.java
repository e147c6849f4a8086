package dev.cdcwatch.engine;

import dev.cdcwatch.config.ConfigException;
import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.engine.config.EngineConfigLoader;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the alert engine: {@code Main [--config engine.yaml]}. Without a config it runs on the
 * embedded defaults (H2 under {@code ./data/}, the default rules, port 8080). SIGTERM or Ctrl-C
 * stops it gracefully.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Our shutdown hook logs while it stops the engine; Log4j's own hook would switch logging off first.
        if (System.getProperty("log4j2.shutdownHookEnabled") == null) {
            System.setProperty("log4j2.shutdownHookEnabled", "false");
        }
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else {
                System.err.println("usage: Main [--config engine.yaml]   (unexpected argument '" + args[i] + "')");
                System.exit(2);
            }
        }
        Engine engine;
        try {
            EngineConfig config = EngineConfigLoader.load(configFile);
            engine = Engine.start(config);
        } catch (ConfigException | EngineStartException e) {
            // Every section's config error (engine, dispatch, lineage) shares the base type: one line naming the key.
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (UncheckedIOException e) {
            System.err.println(e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "cdcwatch-shutdown"));
        stopped.await();
    }
}
