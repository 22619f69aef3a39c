package io.consultdesk;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import io.consultdesk.mail.MailSettings;

/**
 * Everything the server can be told from outside, read once from environment variables.
 * Every variable has a default, so a fresh machine runs with no configuration at all.
 *
 * @param bind the address the server listens on ({@link #BIND}): this machine only in dev mode and for the demo
 * @param demo the demo clinic, its page {@code /demo} and {@code /} leading there: dev mode or the {@code demo}
 *     command only, never a production start
 */
public record Config(
        int port,
        Path dataDir,
        Optional<URI> baseUrl,
        boolean dev,
        int rateLimitPerHour,
        boolean trustProxy,
        Duration minFillTime,
        MailSettings mail,
        Optional<byte[]> dataKey,
        String bind,
        boolean demo) {

    public static final String PORT = "CONSULTDESK_PORT";
    public static final String DATA_DIR = "CONSULTDESK_DATA_DIR";
    public static final String BASE_URL = "CONSULTDESK_BASE_URL";
    public static final String DEV = "CONSULTDESK_DEV";
    public static final String RATE_LIMIT_PER_HOUR = "CONSULTDESK_RATE_LIMIT_PER_HOUR";
    public static final String TRUST_PROXY = "CONSULTDESK_TRUST_PROXY";
    public static final String MIN_FILL_SECONDS = "CONSULTDESK_MIN_FILL_SECONDS";
    public static final String SMTP_HOST = "CONSULTDESK_SMTP_HOST";
    public static final String SMTP_PORT = "CONSULTDESK_SMTP_PORT";
    public static final String SMTP_USERNAME = "CONSULTDESK_SMTP_USERNAME";
    public static final String SMTP_PASSWORD = "CONSULTDESK_SMTP_PASSWORD";
    public static final String SMTP_TRANSPORT = "CONSULTDESK_SMTP_TRANSPORT";
    public static final String MAIL_FROM = "CONSULTDESK_MAIL_FROM";
    public static final String MAIL_GIVE_UP_HOURS = "CONSULTDESK_MAIL_GIVE_UP_HOURS";
    public static final String DATA_KEY = "CONSULTDESK_DATA_KEY";
    public static final String BIND = "CONSULTDESK_BIND";
    /** Every interface: a production server is reached through a proxy or a container's port. */
    public static final String ALL_INTERFACES = "0.0.0.0";
    /** Only this machine: dev mode and the demo, which nobody else should reach. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Where the server listens unless {@link #BIND} says: only this machine in dev mode and for the demo. */
    public static String defaultBind(boolean devOrDemo) {
        return devOrDemo ? LOOPBACK : ALL_INTERFACES;
    }

    /** Thrown when a variable holds a value the server cannot use; the message names the variable. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String variable, String value, String expected) {
            super(variable + "=" + value + " is not valid: expected " + expected);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        return fromEnv(env, false);
    }

    /**
     * @param demoCommand started as {@code consultdesk.jar demo}: the demo clinic and its page, as in dev mode, and
     *     (unless {@link #BIND} says otherwise) reachable only from this machine
     */
    public static Config fromEnv(Map<String, String> env, boolean demoCommand) {
        int port = intVar(env, PORT, 7070, 0, 65535);
        Path dataDir = Path.of(env.getOrDefault(DATA_DIR, "./data").trim());
        Optional<URI> baseUrl = Optional.ofNullable(env.get(BASE_URL))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Config::baseUrl);
        boolean dev = boolVar(env, DEV, false);
        int rate = intVar(env, RATE_LIMIT_PER_HOUR, 20, 1, 1_000_000);
        boolean trustProxy = boolVar(env, TRUST_PROXY, false);
        int minFill = intVar(env, MIN_FILL_SECONDS, 3, 0, 600);
        Optional<byte[]> dataKey = Optional.ofNullable(env.get(DATA_KEY)).filter(k -> !k.isBlank()).map(k ->
                io.consultdesk.db.DataKey.decode(k).orElseThrow(() -> new Invalid(DATA_KEY, "(hidden)",
                        "32 random bytes in base64, e.g. from: openssl rand -base64 32")));
        boolean demo = dev || demoCommand;
        String bind = text(env, BIND).map(Config::bindAddress).orElse(defaultBind(demo));
        return new Config(port, dataDir, baseUrl, dev, rate, trustProxy, Duration.ofSeconds(minFill), mail(env), dataKey,
                bind, demo);
    }

    /** A host name, an IPv4 address or an IPv6 address (brackets optional); never a port or a path. */
    private static String bindAddress(String raw) {
        String host = raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
        boolean name = host.matches("[A-Za-z0-9.-]+") && !host.startsWith("-") && !host.startsWith(".");
        boolean ipv6 = host.matches("[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*");
        if (!name && !ipv6) {
            throw new Invalid(BIND, raw, "an address of this machine to listen on: 127.0.0.1 (this machine only),"
                    + " 0.0.0.0 (every interface), or one interface's address");
        }
        return host;
    }

    /** The key that seals names, contact details, answers, crisis markers and notes: from the environment, or the key file in the data directory. */
    public io.consultdesk.db.Sealer sealer() {
        io.consultdesk.db.DataDir.secure(dataDir);
        return io.consultdesk.db.DataKey.load(dataKey, dataDir);
    }

    /** Cookies get the Secure attribute when the public URL is https (TLS terminated in front of the server). */
    public boolean secureCookies() {
        return https();
    }

    /** Whether the public URL is https (TLS terminated in front of the server): Secure cookies and HSTS. */
    public boolean https() {
        return baseUrl.map(u -> "https".equals(u.getScheme())).orElse(false);
    }

    private static MailSettings mail(Map<String, String> env) {
        Optional<String> host = text(env, SMTP_HOST);
        host.filter(h -> !h.matches("[A-Za-z0-9.:\\[\\]-]+")).ifPresent(h -> {
            throw new Invalid(SMTP_HOST, h, "a host name or IP address");
        });
        Optional<String> user = text(env, SMTP_USERNAME);
        Optional<String> password = Optional.ofNullable(env.get(SMTP_PASSWORD)).filter(p -> !p.isEmpty());
        if (password.isPresent() && user.isEmpty()) {
            throw new Invalid(SMTP_USERNAME, "", "a user name when " + SMTP_PASSWORD + " is set");
        }
        // With a user name the default is starttls (TLS required): a password, booking links and staff links never
        // go over a connection a network could have stripped of its STARTTLS offer.
        MailSettings.Transport transport = text(env, SMTP_TRANSPORT).map(t -> switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "smtp" -> MailSettings.Transport.SMTP;
            case "starttls" -> MailSettings.Transport.STARTTLS;
            case "smtps" -> MailSettings.Transport.SMTPS;
            default -> throw new Invalid(SMTP_TRANSPORT, t, "smtp, starttls or smtps");
        }).orElse(user.isPresent() ? MailSettings.Transport.STARTTLS : MailSettings.Transport.SMTP);
        if (transport == MailSettings.Transport.SMTP && user.isPresent()) {
            throw new Invalid(SMTP_TRANSPORT, env.get(SMTP_TRANSPORT).trim(), "starttls or smtps when " + SMTP_USERNAME
                    + " is set: the SMTP password is never sent over a connection that may not be encrypted. For a relay"
                    + " that takes mail without a password (e.g. on this machine), unset " + SMTP_USERNAME + " and "
                    + SMTP_PASSWORD);
        }
        int port = intVar(env, SMTP_PORT, transport.defaultPort, 1, 65535);
        String from = text(env, MAIL_FROM).orElse(MailSettings.DEFAULT_FROM);
        if (!io.consultdesk.mail.EmailAddresses.isValid(from) && !from.matches("[A-Za-z0-9._%+-]+@localhost")) {
            throw new Invalid(MAIL_FROM, from, "an email address such as no-reply@clinic.example");
        }
        int giveUpHours = intVar(env, MAIL_GIVE_UP_HOURS, (int) MailSettings.DEFAULT_GIVE_UP_AFTER.toHours(), 1, 24 * 30);
        return new MailSettings(host, port, user, password, transport, from, Duration.ofHours(giveUpHours));
    }

    private static Optional<String> text(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** The public URL used in links; before one is configured, the local address the server listens on. */
    public URI publicUrl(int actualPort) {
        return baseUrl.orElseGet(() -> URI.create("http://localhost:" + actualPort));
    }

    public Path databaseFile() {
        return dataDir.resolve("consultdesk.db");
    }

    /** Where emails are written as .eml files when no SMTP server is set. */
    public Path mailDir() {
        return dataDir.resolve("mail");
    }

    public Config withPort(int newPort) {
        return new Config(newPort, dataDir, baseUrl, dev, rateLimitPerHour, trustProxy, minFillTime, mail, dataKey, bind, demo);
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
