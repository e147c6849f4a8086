package dev.cdcwatch.engine.api;

import dev.cdcwatch.engine.silence.SilenceMatcher;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /silences/new?filter={alertname="X",job="y"}}: where a notification's Silence link leads. A plain
 * HTML form with the alert's matchers filled in that posts to {@code POST /api/v1/silences} with the admin token
 * the user types (the page itself needs none and keeps none), and the same request as a curl command.
 */
final class NewSilencePage {

    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Duration DEFAULT_DURATION = Duration.ofHours(2);

    void mount(Router router) {
        router.get("/silences/new").handler(this::page);
    }

    private void page(RoutingContext context) {
        String filter = context.queryParams().get("filter");
        List<SilenceMatcher> matchers = parse(filter == null ? "" : filter);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matchers", matchers);
        body.put("startsAt", now);
        body.put("endsAt", now.plus(DEFAULT_DURATION));
        body.put("createdBy", "<your name>");
        body.put("comment", "<why>");
        String curl = "curl -X POST -H 'Authorization: Bearer <admin token>' -H 'Content-Type: application/json' \\\n  --data '"
                + json(body) + "' \\\n  " + base(context) + "/api/v1/silences";
        String lines = String.join("\n", matchers.stream().map(NewSilencePage::line).toList());
        context.response().putHeader("Content-Type", "text/html; charset=utf-8").end(HTML
                .replace("${matchers}", escape(lines))
                .replace("${hours}", String.valueOf(DEFAULT_DURATION.toHours()))
                .replace("${curl}", escape(curl)));
    }

    /** The matchers of a filter in the label-set notation; anything else in it, or a matcher with a bad regex, is left out. */
    static List<SilenceMatcher> parse(String filter) {
        List<SilenceMatcher> matchers = new ArrayList<>();
        Matcher match = MATCHER.matcher(filter);
        while (match.find()) {
            String op = match.group(2);
            try {
                matchers.add(new SilenceMatcher(match.group(1), match.group(3).replace("\\\"", "\""), op.contains("~"), !op.startsWith("!")));
            } catch (IllegalArgumentException badRegex) {
                // the user writes that matcher in the form
            }
        }
        return matchers;
    }

    private static String line(SilenceMatcher matcher) {
        String op = matcher.isEqual() ? (matcher.isRegex() ? "=~" : "=") : (matcher.isRegex() ? "!~" : "!=");
        return matcher.name() + op + "\"" + matcher.value().replace("\"", "\\\"") + "\"";
    }

    private static String json(Object value) {
        try {
            return Responses.JSON.writeValueAsString(value).replace("'", "'\\''");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base(RoutingContext context) {
        URI uri = URI.create(context.request().absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** HTML-escapes, and '$' too, so that a label value cannot hold a placeholder of the page filled in after it. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;")
                .replace("$", "&#36;");
    }

    private static final String HTML = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>New silence - cdc-watch</title></head>
            <body>
            <h1>New silence</h1>
            <form id="silence">
              <p><label>Matchers, one a line (<code>name="value"</code>, <code>=~</code> regex, <code>!=</code>, <code>!~</code>)<br>
                <textarea name="matchers" rows="6" cols="70">${matchers}</textarea></label></p>
              <p><label>Hours <input name="hours" type="number" min="0.1" step="0.1" value="${hours}"></label></p>
              <p><label>Created by <input name="createdBy" required></label></p>
              <p><label>Comment <input name="comment" size="50"></label></p>
              <p><label>Admin token <input name="token" type="password" required></label></p>
              <p><button type="submit">Create silence</button></p>
            </form>
            <pre id="result"></pre>
            <p>Or from a shell:</p>
            <pre id="curl">${curl}</pre>
            <script>
            document.getElementById('silence').addEventListener('submit', async event => {
              event.preventDefault();
              const form = event.target;
              const matchers = form.matchers.value.split('\\n').map(line => line.trim()).filter(line => line).map(line => {
                const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*"(.*)"$/.exec(line);
                if (!m) { throw new Error('not a matcher: ' + line); }
                return {name: m[1], value: m[3].replace(/\\\\"/g, '"'), isRegex: m[2].includes('~'), isEqual: !m[2].startsWith('!')};
              });
              const now = new Date();
              const body = {matchers, startsAt: now.toISOString(), endsAt: new Date(now.getTime() + form.hours.value * 3600000).toISOString(),
                            createdBy: form.createdBy.value, comment: form.comment.value};
              const response = await fetch('/api/v1/silences', {method: 'POST', body: JSON.stringify(body),
                  headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + form.token.value}});
              document.getElementById('result').textContent = response.status + ' ' + await response.text();
            });
            </script>
            </body>
            </html>
            """;
}
