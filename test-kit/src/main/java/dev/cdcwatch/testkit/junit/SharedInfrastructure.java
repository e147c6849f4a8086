package dev.cdcwatch.testkit.junit;

import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Supplier;

/**
 * Injects the MariaDB server and Kafka broker that all test classes of one JVM share. Each starts on
 * first use and stops when JUnit closes its root context at the end of the run.
 */
public final class SharedInfrastructure implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedInfrastructure.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MariaDbServer.class || type == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == MariaDbServer.class) {
            return shared(context, MariaDbServer.class, MariaDbServer::start);
        }
        return shared(context, KafkaBroker.class, KafkaBroker::start);
    }

    private static <T extends AutoCloseable> T shared(ExtensionContext context, Class<T> type, Supplier<T> starter) {
        // The root store closes AutoCloseable values once every test class of this run has finished.
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(type, key -> starter.get(), type);
    }
}
