package io.consultdesk.embed;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The "started at" token in the embedded form: the time the form was shown, signed so a bot cannot
 * forge an old one. Stateless, so any instance can check it.
 */
public final class FormTokens {
    private final byte[] key;
    private final Clock clock;

    public FormTokens(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    public String issue() {
        String millis = Long.toString(clock.millis());
        return millis + "." + sign(millis);
    }

    /** How long ago the form was shown, or empty when the token is missing, forged or from the future. */
    public Optional<Duration> age(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String millis = token.substring(0, dot);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, sign(millis).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            Duration age = Duration.ofMillis(clock.millis() - Long.parseLong(millis));
            return age.isNegative() ? Optional.empty() : Optional.of(age);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String sign(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal(("form-started:" + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
