package dev.cdcwatch.testkit.dingtalk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DingTalk custom-robot endpoint on 127.0.0.1 that checks what DingTalk checks: a known
 * {@code access_token}; for signed robots {@code timestamp} within an hour of now and {@code sign} =
 * Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)); the keyword in the content when the robot has
 * one; the JSON shape of text and markdown messages; the size limit; and the per-minute rate limit.
 * It answers with DingTalk's JSON ({@code errcode}/{@code errmsg}, always HTTP 200) and records what it accepted.
 */
public final class DingTalkRobotServer implements AutoCloseable {

    public static final int OK = 0;
    public static final int TOKEN_UNKNOWN = 300001;
    public static final int SECURITY_REJECTED = 310000;
    public static final int THROTTLED = 130101;
    public static final int BAD_PARAMETER = 40035;
    public static final int TOO_LONG = 460101;
    public static final int MAX_TEXT_BYTES = 20_000;

    private static final String MORE = ", more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]";
    private static final Duration TIMESTAMP_TOLERANCE = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A robot: its token, the signing secret (null: unsigned) and keyword (null: none). */
    public record Robot(String accessToken, String secret, String keyword) {
    }

    /** A message the robot accepted. */
    public record AcceptedMessage(String accessToken, String msgtype, String title, String text,
                                  List<String> atMobiles, boolean atAll, long receivedAtMillis) {
    }

    /** Every answer given, accepted or not. */
    public record Answer(String accessToken, int errcode, String errmsg, long atMillis) {
    }

    private final HttpReceiver http;
    private final int messagesPerWindow;
    private final Duration window;
    private final Map<String, Robot> robots = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();
    private final List<AcceptedMessage> accepted = new CopyOnWriteArrayList<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();

    private DingTalkRobotServer(HttpReceiver http, int messagesPerWindow, Duration window) {
        this.http = http;
        this.messagesPerWindow = messagesPerWindow;
        this.window = window;
        http.respondWith(this::answer);
    }

    /** DingTalk's own limit: 20 messages a minute per robot. */
    public static DingTalkRobotServer start() {
        return start(20, Duration.ofMinutes(1));
    }

    /** A stricter or shorter limit, so tests can provoke and outlast throttling quickly. */
    public static DingTalkRobotServer start(int messagesPerWindow, Duration window) {
        return new DingTalkRobotServer(HttpReceiver.start(), messagesPerWindow, window);
    }

    /** On a given port, so a test can bring the robot "back" where clients expect it. */
    public static DingTalkRobotServer start(int port, int messagesPerWindow, Duration window) {
        return new DingTalkRobotServer(HttpReceiver.start(port), messagesPerWindow, window);
    }

    public DingTalkRobotServer addRobot(Robot robot) {
        robots.put(robot.accessToken(), robot);
        return this;
    }

    /** The robot's webhook URL, as DingTalk shows it: {@code .../robot/send?access_token=...}. */
    public String webhookUrl(String accessToken) {
        return http.url("/robot/send?access_token=" + accessToken);
    }

    public List<AcceptedMessage> accepted() {
        return List.copyOf(accepted);
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    private synchronized HttpReceiver.Response answer(ReceivedRequest request) {
        Map<String, String> query = query(request.uri().getRawQuery());
        String token = query.getOrDefault("access_token", "");
        long now = System.currentTimeMillis();
        String problem = check(request, query, token, now);
        int errcode = problem == null ? OK : Integer.parseInt(problem.substring(0, problem.indexOf(' ')));
        String errmsg = problem == null ? "ok" : problem.substring(problem.indexOf(' ') + 1);
        answers.add(new Answer(token, errcode, errmsg, now));
        return HttpReceiver.Response.json(200, "{\"errcode\":" + errcode + ",\"errmsg\":" + quote(errmsg) + "}");
    }

    /** Null when accepted, else "errcode errmsg". */
    private String check(ReceivedRequest request, Map<String, String> query, String token, long now) {
        if (!request.method().equals("POST") || !request.uri().getPath().equals("/robot/send")) {
            return BAD_PARAMETER + " only POST /robot/send is served";
        }
        Robot robot = robots.get(token);
        if (robot == null) {
            return TOKEN_UNKNOWN + " token is not exist";
        }
        if (robot.secret() != null) {
            String signProblem = checkSignature(robot, query, now);
            if (signProblem != null) {
                return signProblem;
            }
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.bodyText());
        } catch (IOException e) {
            return BAD_PARAMETER + " missing parameter json";
        }
        if (body == null || !body.isObject()) {
            return BAD_PARAMETER + " missing parameter json";
        }
        String msgtype = body.path("msgtype").asText();
        String title;
        String text;
        if (msgtype.equals("markdown")) {
            title = body.path("markdown").path("title").asText("");
            text = body.path("markdown").path("text").asText("");
            if (title.isEmpty() || text.isEmpty()) {
                return BAD_PARAMETER + " missing parameter markdown.title or markdown.text";
            }
        } else if (msgtype.equals("text")) {
            title = "";
            text = body.path("text").path("content").asText("");
            if (text.isEmpty()) {
                return BAD_PARAMETER + " missing parameter text.content";
            }
        } else {
            return BAD_PARAMETER + " missing parameter msgtype (text or markdown)";
        }
        JsonNode at = body.path("at");
        List<String> mobiles = new ArrayList<>();
        if (!at.isMissingNode()) {
            JsonNode atMobiles = at.path("atMobiles");
            if (!atMobiles.isMissingNode() && !atMobiles.isArray()) {
                return BAD_PARAMETER + " at.atMobiles must be an array";
            }
            atMobiles.forEach(mobile -> mobiles.add(mobile.asText()));
            if (!at.path("isAtAll").isMissingNode() && !at.path("isAtAll").isBoolean()) {
                return BAD_PARAMETER + " at.isAtAll must be a boolean";
            }
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            return TOO_LONG + " message too long, exceed " + MAX_TEXT_BYTES + " bytes";
        }
        if (robot.keyword() != null && !(title + "\n" + text).contains(robot.keyword())) {
            return SECURITY_REJECTED + " keywords not in content" + MORE;
        }
        Deque<Long> sends = recent.computeIfAbsent(token, t -> new ArrayDeque<>());
        while (!sends.isEmpty() && sends.peekFirst() <= now - window.toMillis()) {
            sends.removeFirst();
        }
        if (sends.size() >= messagesPerWindow) {
            return THROTTLED + " send too fast, exceed " + messagesPerWindow + " times per minute";
        }
        sends.addLast(now);
        accepted.add(new AcceptedMessage(token, msgtype, title, text, List.copyOf(mobiles), at.path("isAtAll").asBoolean(false), now));
        return null;
    }

    private static String checkSignature(Robot robot, Map<String, String> query, long now) {
        String timestamp = query.get("timestamp");
        String sign = query.get("sign");
        if (timestamp == null || sign == null) {
            return SECURITY_REJECTED + " sign not match" + MORE;
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return SECURITY_REJECTED + " invalid timestamp" + MORE;
        }
        if (Math.abs(now - millis) > TIMESTAMP_TOLERANCE.toMillis()) {
            return SECURITY_REJECTED + " invalid timestamp" + MORE;
        }
        return expectedSign(millis, robot.secret()).equals(sign) ? null : SECURITY_REJECTED + " sign not match" + MORE;
    }

    private static String expectedSign(long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** Query parameters, URL-decoded once, as a web server hands them to DingTalk's check. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
