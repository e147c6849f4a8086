package dev.cdcwatch.engine.api;

import io.vertx.ext.web.RoutingContext;

/** Typed query parameters; a bad one is a 400 naming it. */
public final class QueryParams {

    private QueryParams() {
    }

    public static long number(RoutingContext context, String name, long fallback, long min, long max) {
        String text = context.queryParams().get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new ApiException(400, "query parameter '" + name + "' must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter '" + name + "' must be a whole number, got '" + text + "'");
        }
    }
}
