package io.consultdesk;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server can be told from outside, read once from environment variables.
 * Every variable has a default, so a fresh machine runs with no configuration at all.
 */
public record Config(
        int port,
        Path dataDir,
        Optional<URI> baseUrl,
        boolean dev,
        int rateLimitPerHour,
        boolean trustProxy,
        Duration minFillTime) {

    public static final String PORT = "CONSULTDESK_PORT";
    public static final String DATA_DIR = "CONSULTDESK_DATA_DIR";
    public static final String BASE_URL = "CONSULTDESK_BASE_URL";
    public static final String DEV = "CONSULTDESK_DEV";
    public static final String RATE_LIMIT_PER_HOUR = "CONSULTDESK_RATE_LIMIT_PER_HOUR";
    public static final String TRUST_PROXY = "CONSULTDESK_TRUST_PROXY";
    public static final String MIN_FILL_SECONDS = "CONSULTDESK_MIN_FILL_SECONDS";

    /** Thrown when a variable holds a value the server cannot use; the message names the variable. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String variable, String value, String expected) {
            super(variable + "=" + value + " is not valid: expected " + expected);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        int port = intVar(env, PORT, 7070, 0, 65535);
        Path dataDir = Path.of(env.getOrDefault(DATA_DIR, "./data").trim());
        Optional<URI> baseUrl = Optional.ofNullable(env.get(BASE_URL))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Config::baseUrl);
        boolean dev = boolVar(env, DEV, false);
        int rate = intVar(env, RATE_LIMIT_PER_HOUR, 20, 1, 1_000_000);
        boolean trustProxy = boolVar(env, TRUST_PROXY, false);
        int minFill = intVar(env, MIN_FILL_SECONDS, 3, 0, 600);
        return new Config(port, dataDir, baseUrl, dev, rate, trustProxy, Duration.ofSeconds(minFill));
    }

    /** The public URL used in links; before one is configured, the local address the server listens on. */
    public URI publicUrl(int actualPort) {
        return baseUrl.orElseGet(() -> URI.create("http://localhost:" + actualPort));
    }

    public Path databaseFile() {
        return dataDir.resolve("consultdesk.db");
    }

    public Config withPort(int newPort) {
        return new Config(newPort, dataDir, baseUrl, dev, rateLimitPerHour, trustProxy, minFillTime);
    }

    private static URI baseUrl(String raw) {
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new Invalid(BASE_URL, raw, "an http(s) URL such as https://consult.example.com");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new Invalid(BASE_URL, raw, "an http(s) URL such as https://consult.example.com");
        }
    }

    private static int intVar(Map<String, String> env, String name, int fallback, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new Invalid(name, raw, "a whole number from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new Invalid(name, raw, "a whole number from " + min + " to " + max);
        }
    }

    private static boolean boolVar(Map<String, String> env, String name, boolean fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new Invalid(name, raw, "true or false");
        };
    }
}
