package dev.cdcwatch.engine.notify;

import dev.cdcwatch.engine.api.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/notifications?status=&receiver=&limit=}: what was sent, when and to whom, and
 * what failed and why. Message bodies are left out: they can be large and carry mobiles.
 */
public final class NotificationsApi {

    private final NotificationQuery query;

    public NotificationsApi(NotificationQuery query) {
        this.query = query;
    }

    public void mount(Router router) {
        router.get("/api/v1/notifications").blockingHandler(this::list);
    }

    private void list(RoutingContext context) {
        OutboxEntry.Status status;
        int limit;
        try {
            String statusParam = context.request().getParam("status");
            status = statusParam == null ? null : OutboxEntry.Status.valueOf(statusParam.toUpperCase(Locale.ROOT));
            String limitParam = context.request().getParam("limit");
            limit = limitParam == null ? 100 : Integer.parseInt(limitParam);
        } catch (IllegalArgumentException e) {
            Responses.error(context, 400, "status must be pending, sent or failed and limit a number up to " + NotificationQuery.MAX_LIMIT);
            return;
        }
        Responses.json(context, 200, Map.of(
                "pending", query.pending(),
                "notifications", query.recent(status, context.request().getParam("receiver"), Math.min(Math.max(limit, 1),
                        NotificationQuery.MAX_LIMIT)).stream().map(NotificationsApi::view).toList()));
    }

    private static Map<String, Object> view(OutboxEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id());
        view.put("receiver", entry.receiver());
        view.put("integration", entry.integration());
        view.put("groupKey", entry.groupKey());
        view.put("title", entry.title());
        view.put("alerts", entry.alertCount());
        view.put("status", entry.status().name().toLowerCase(Locale.ROOT));
        view.put("attempts", entry.attempts());
        view.put("createdAt", entry.createdAt());
        view.put("nextAttemptAt", entry.nextAttemptAt());
        view.put("sentAt", entry.sentAt());
        view.put("lastError", entry.lastError());
        return view;
    }
}
