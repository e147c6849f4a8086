package dev.cdcwatch.engine.notify.dingtalk;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** DingTalk's robot signature: Base64 HMAC-SHA256 over {@code timestamp + "\n" + secret}, URL-encoded, as query parameters. */
public final class DingTalkSigner {

    private DingTalkSigner() {
    }

    public static String sign(long timestampMillis, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** The robot URL with {@code timestamp} and {@code sign} added. */
    public static URI signedUrl(URI webhookUrl, String secret, long timestampMillis) {
        String separator = webhookUrl.getRawQuery() == null ? "?" : "&";
        return URI.create(webhookUrl + separator + "timestamp=" + timestampMillis
                + "&sign=" + URLEncoder.encode(sign(timestampMillis, secret), StandardCharsets.UTF_8));
    }
}
