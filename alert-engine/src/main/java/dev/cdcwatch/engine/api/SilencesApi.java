package dev.cdcwatch.engine.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cdcwatch.engine.auth.Tokens;
import dev.cdcwatch.engine.silence.Silence;
import dev.cdcwatch.engine.silence.SilenceMatcher;
import dev.cdcwatch.engine.silence.Silences;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Silences in Alertmanager's shape. {@code GET /api/v1/silences}, {@code GET /api/v1/silences/:id};
 * with the admin token: {@code POST /api/v1/silences} (create, or update when {@code id} is given)
 * and {@code DELETE /api/v1/silences/:id} (expire).
 */
final class SilencesApi {

    record SilenceRequest(String id, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
    }

    record SilenceView(String id, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment,
                       Instant updatedAt, Map<String, String> status) {

        static SilenceView of(Silence silence, Instant now) {
            return new SilenceView(silence.id(), silence.matchers(), silence.startsAt(), silence.endsAt(), silence.createdBy(),
                    silence.comment(), silence.updatedAt(), Map.of("state", silence.status(now).name().toLowerCase(Locale.ROOT)));
        }
    }

    private final Silences silences;
    private final Tokens tokens;

    SilencesApi(Silences silences, Tokens tokens) {
        this.silences = silences;
        this.tokens = tokens;
    }

    void mount(Router router) {
        router.get("/api/v1/silences").handler(this::list);
        router.get("/api/v1/silences/:id").handler(this::get);
        router.post("/api/v1/silences").handler(this::requireAdmin).blockingHandler(this::save, false);
        router.delete("/api/v1/silences/:id").handler(this::requireAdmin).blockingHandler(this::expire, false);
    }

    private void requireAdmin(RoutingContext context) {
        if (!tokens.allowsAdmin(context.request().getHeader("Authorization"))) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "this endpoint needs the admin token as 'Authorization: Bearer <token>'");
        }
        context.next();
    }

    private void list(RoutingContext context) {
        Instant now = Instant.now();
        Responses.json(context, 200, Map.of("silences", silences.list().stream().map(silence -> SilenceView.of(silence, now)).toList()));
    }

    private void get(RoutingContext context) {
        String id = context.pathParam("id");
        Silence silence = silences.get(id).orElseThrow(() -> new ApiException(404, "no silence '" + id + "'"));
        Responses.json(context, 200, SilenceView.of(silence, Instant.now()));
    }

    private void save(RoutingContext context) {
        SilenceRequest request = parse(context);
        try {
            Silence saved = silences.save(request.id(), request.matchers() == null ? List.of() : request.matchers(), request.startsAt(),
                    request.endsAt(), request.createdBy(), request.comment());
            Responses.json(context, request.id() == null ? 201 : 200, Map.of("silenceId", saved.id()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "silence: " + e.getMessage());
        }
    }

    private static SilenceRequest parse(RoutingContext context) {
        if (context.body() == null || context.body().buffer() == null || context.body().length() == 0) {
            throw new ApiException(400, "silence: the body must be a JSON object");
        }
        try {
            return Responses.JSON.readValue(context.body().buffer().getBytes(), SilenceRequest.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(reference -> reference.getFieldName() != null
                    ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String problem = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new ApiException(400, "silence" + (field.isEmpty() ? "" : "." + field) + ": " + firstLine(problem));
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "silence: the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw new ApiException(400, "silence: the body cannot be read: " + e.getMessage());
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private void expire(RoutingContext context) {
        String id = context.pathParam("id");
        if (!silences.expire(id)) {
            throw new ApiException(404, "no silence '" + id + "'");
        }
        Responses.json(context, 200, Map.of("silenceId", id, "status", "expired"));
    }
}
