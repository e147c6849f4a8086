package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.dispatch.config.DispatchConfig;
import dev.cdcwatch.engine.dispatch.config.Receiver;
import dev.cdcwatch.engine.notify.DeliveryStatus;
import dev.cdcwatch.engine.notify.HttpSender;
import dev.cdcwatch.engine.notify.Integration;
import dev.cdcwatch.engine.notify.NotificationLog;
import dev.cdcwatch.engine.notify.NotificationQuery;
import dev.cdcwatch.engine.notify.NotifyMetrics;
import dev.cdcwatch.engine.notify.Outbox;
import dev.cdcwatch.engine.notify.OutboxWorker;
import dev.cdcwatch.engine.notify.dingtalk.DingTalkIntegration;
import dev.cdcwatch.engine.notify.webhook.WebhookIntegration;
import io.prometheus.client.CollectorRegistry;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatch and delivery, assembled: the engine calls {@link #accept} with its alerts each evaluation and
 * reads {@link #notifications()} for the API. Needs the Flyway migrations applied to {@code jdbi}'s database.
 */
public final class DispatchService implements AutoCloseable {

    private final Dispatcher dispatcher;
    private final OutboxWorker worker;
    private final NotificationQuery query;
    private final DeliveryStatus status;

    private DispatchService(Dispatcher dispatcher, OutboxWorker worker, NotificationQuery query, DeliveryStatus status) {
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.query = query;
        this.status = status;
    }

    /**
     * Builds the pipeline and starts delivery (pending outbox entries from a previous run go out first).
     * {@code silences} is the engine's silence check ({@link Muter#NONE} for none).
     */
    public static DispatchService start(DispatchConfig config, Jdbi jdbi, Muter silences, CollectorRegistry registry, Clock clock) {
        HttpSender http = new HttpSender();
        Map<String, List<Integration>> byReceiver = new LinkedHashMap<>();
        List<Integration> all = new ArrayList<>();
        for (Receiver receiver : config.receivers().values()) {
            List<Integration> integrations = new ArrayList<>();
            for (int i = 0; i < receiver.dingtalkConfigs().size(); i++) {
                integrations.add(new DingTalkIntegration(receiver.name(), i, receiver.dingtalkConfigs().get(i), http, clock));
            }
            for (int i = 0; i < receiver.webhookConfigs().size(); i++) {
                integrations.add(new WebhookIntegration(receiver.name(), i, receiver.webhookConfigs().get(i), http));
            }
            byReceiver.put(receiver.name(), integrations);
            all.addAll(integrations);
        }
        NotificationLog log = new NotificationLog(jdbi);
        Outbox outbox = new Outbox(jdbi, log);
        DeliveryStatus status = new DeliveryStatus(all);
        OutboxWorker worker = new OutboxWorker(outbox, all, config.delivery(), new NotifyMetrics(registry), status, clock);
        Inhibitor inhibitor = new Inhibitor(config.inhibitRules(), config.lineageInhibition());
        NotificationPipeline pipeline = new NotificationPipeline(config.timeIntervals(), inhibitor, silences, byReceiver,
                log, outbox, config.externalUrl(), worker::wake);
        worker.start();
        return new DispatchService(new Dispatcher(config.route(), pipeline, inhibitor, clock), worker, new NotificationQuery(outbox), status);
    }

    /** The current firing alerts and the newly resolved ones (endsAt set); returns at once. */
    public void accept(List<DispatchAlert> alerts) {
        dispatcher.accept(alerts);
    }

    public NotificationQuery notifications() {
        return query;
    }

    /** Per integration, its last delivery outcome and last permanent error. */
    public List<DeliveryStatus.IntegrationStatus> integrations() {
        return status.integrations();
    }

    /** Stops grouping and delivery; what is still in the outbox goes out after the next start. */
    @Override
    public void close() {
        dispatcher.close();
        worker.close();
    }
}
