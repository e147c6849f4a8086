package dev.cdcwatch.engine.api;

import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.auth.Tokens;
import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.engine.evaluation.RuleManager;
import dev.cdcwatch.engine.ingest.BatchIngester;
import dev.cdcwatch.engine.ingest.PushEndpoint;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.notify.DeliveryStatus;
import dev.cdcwatch.engine.persistence.AlertRepository;
import dev.cdcwatch.engine.silence.Silences;
import dev.cdcwatch.engine.store.SeriesStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The engine's HTTP surface assembled in one place: ingest, alerts, rules, silences, status, health and metrics. */
public final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    /** Silences and other API bodies are small; pushes have their own limit. */
    private static final long API_BODY_LIMIT = 64 * 1024;

    private ApiRouter() {
    }

    public record Parts(EngineConfig config, Tokens tokens, EngineMetrics metrics, SeriesStore store, BatchIngester ingester,
                        RuleManager rules, AlertRegistry alerts, AlertRepository alertRepository, Silences silences, Instant startedAt,
                        Supplier<List<DeliveryStatus.IntegrationStatus>> integrations, List<Consumer<Router>> extraRoutes) {
        public Parts {
            extraRoutes = List.copyOf(extraRoutes);
        }
    }

    public static Router create(Vertx vertx, Parts parts) {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(context -> Responses.json(context, 200, Map.of("status", "ok")));
        router.get("/metrics").handler(context -> context.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(parts.metrics().scrape()));
        new PushEndpoint(parts.ingester(), parts.tokens(), parts.metrics(), parts.config().ingest()).mount(router);
        router.route("/api/v1/silences*").handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT));
        new AlertsApi(parts.alerts(), parts.alertRepository()).mount(router);
        new RulesApi(parts.rules()).mount(router);
        new SilencesApi(parts.silences(), parts.tokens()).mount(router);
        new NewSilencePage().mount(router);
        new StatusApi(parts.config(), parts.store(), parts.ingester(), parts.rules(), parts.startedAt(), parts.integrations()).mount(router);
        parts.extraRoutes().forEach(mount -> mount.accept(router));
        router.route().last().handler(context -> Responses.error(context, 404, "no endpoint " + context.request().method()
                + " " + context.request().path()));
        router.route().failureHandler(ApiRouter::failure);
        return router;
    }

    private static void failure(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof ApiException api) {
            Responses.error(context, api.status(), api.getMessage());
        } else if (context.statusCode() == 413) {
            Responses.error(context, 413, "the body exceeds " + API_BODY_LIMIT + " bytes");
        } else if (failure == null && context.statusCode() >= 400 && context.statusCode() < 500) {
            Responses.error(context, context.statusCode(), "the request was refused (" + context.statusCode() + ")");
        } else {
            LOG.error("{} {} failed", context.request().method(), context.request().path(), failure);
            Responses.error(context, 500, "internal error: " + (failure == null ? "unknown" : failure.getClass().getSimpleName()));
        }
    }
}
