package io.consultdesk.support;

import io.consultdesk.App;
import io.consultdesk.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * The real server for tests: the same {@link App} as production, on port 0, with a fresh SQLite file in
 * a temporary directory. Close it to stop the server and delete the directory.
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final App app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private TestServer(Path dataDir, App app) {
        this.dataDir = dataDir;
        this.app = app;
    }

    public static TestServer start() {
        return start(Builder.defaults());
    }

    public static TestServer start(Builder b) {
        try {
            return start(b, Files.createTempDirectory("consultdesk-test"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestServer start(Builder b, Path dir) {
        // Listens where a real start would: this machine only in dev mode, every interface otherwise (as before).
        Config config = new Config(0, dir, b.baseUrl, b.dev, b.rateLimitPerHour, b.trustProxy, b.minFillTime, b.mail, Optional.empty(),
                Config.defaultBind(b.dev), b.demo || b.dev);
        return new TestServer(dir, new App(config, b.clock).start());
    }

    /**
     * Stops this server (as a deployment would: graceful stop) and starts a new one on the same data
     * directory with the given settings. Use the returned server from then on; it owns the directory.
     */
    public TestServer restart(Builder b) {
        app.stop();
        return start(b, dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Settings a test may change; everything else is the production default. */
    public static final class Builder {
        int rateLimitPerHour = 1000;
        boolean dev = false;
        boolean trustProxy = false;
        Duration minFillTime = Duration.ZERO;
        Clock clock = Clock.systemUTC();
        io.consultdesk.mail.MailSettings mail = io.consultdesk.mail.MailSettings.files();
        Optional<URI> baseUrl = Optional.empty();
        boolean demo = true;

        public static Builder defaults() {
            return new Builder();
        }

        /** The public URL (CONSULTDESK_BASE_URL); unset, links point to http://localhost:{port}. */
        public Builder baseUrl(String url) {
            baseUrl = Optional.of(URI.create(url));
            return this;
        }

        /**
         * Whether the server starts with the demo clinic, as {@code java -jar consultdesk.jar demo} and dev mode do
         * (the default here: most tests use it). {@code demo(false)} with {@code dev(false)} is a production start.
         */
        public Builder demo(boolean on) {
            demo = on;
            return this;
        }

        public Builder rateLimitPerHour(int n) {
            rateLimitPerHour = n;
            return this;
        }

        /** Dev mode: templates from disk, the demo clinic, the admins' /staff/dev pages, and this machine only. */
        public Builder dev(boolean on) {
            dev = on;
            return this;
        }

        public Builder trustProxy(boolean on) {
            trustProxy = on;
            return this;
        }

        public Builder minFillTime(Duration d) {
            minFillTime = d;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        /** Send through this SMTP server (GreenMail in tests) instead of writing .eml files. */
        public Builder smtp(String host, int port) {
            mail = io.consultdesk.mail.MailSettings.smtp(host, port);
            return this;
        }

        public Builder mail(io.consultdesk.mail.MailSettings settings) {
            mail = settings;
            return this;
        }
    }

    public App app() {
        return app;
    }

    public Jdbi jdbi() {
        return app.database().jdbi();
    }

    public int port() {
        return app.port();
    }

    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), headers);
    }

    public HttpResponse<String> postJson(String path, String json, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), headers);
    }

    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), headers);
    }

    public HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every lead, its consent rows and the rate-limit windows, so a test starts from none. */
    public void clearLeads() {
        jdbi().useHandle(h -> {
            h.execute("DELETE FROM lead_note");
            h.execute("DELETE FROM outbox");
            h.execute("DELETE FROM booking_seat");
            h.execute("DELETE FROM booking");
            h.execute("DELETE FROM lead_consent");
            h.execute("DELETE FROM lead");
            h.execute("DELETE FROM rate_limit");
        });
    }

    /** The value of a hidden form field in a page. */
    public static String hiddenField(String html, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name);
        }
        return m.group(1);
    }

    /** A lead's answers as stored, opened with the server's data key. */
    public io.consultdesk.lead.SealedAnswers answers(String leadId) {
        String sealed = jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM lead WHERE id = :id")
                .bind("id", leadId).mapTo(String.class).one());
        return io.consultdesk.lead.SealedAnswers.open(app.database().sealer(), leadId, sealed);
    }

    /**
     * A lead's row as a map, with its sealed answers opened under the names the plain columns had before
     * they were encrypted (conditions, tms_checklist, message, screening, triage_reasons as JSON text) and
     * the totals computed from the answers (depression_total, anxiety_total), as staff would see them; likewise
     * the sealed name, email, phone and triage (help_now, urgent and acknowledged as 0/1, priority, flags as JSON
     * text, acknowledged_at, escalated_at as Instants).
     */
    public java.util.Map<String, Object> leadRow(String leadId) {
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>(jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM lead WHERE id = :id").bind("id", leadId).mapToMap().one()));
        io.consultdesk.lead.SealedAnswers a = answers(leadId);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            row.put("conditions", json.writeValueAsString(a.conditions()));
            row.put("tms_checklist", json.writeValueAsString(a.tmsChecklist()));
            row.put("message", a.message());
            row.put("screening", a.screening().isNull() ? null : json.writeValueAsString(a.screening()));
            row.put("triage_reasons", json.writeValueAsString(a.triageReasons()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (String column : java.util.List.of("name", "email", "phone")) {
            row.put(column, contact(leadId, column));
        }
        io.consultdesk.lead.SealedLead.Triage t = triage(leadId);
        row.put("help_now", t.helpNow() ? 1 : 0);
        row.put("urgent", t.urgent() ? 1 : 0);
        row.put("priority", t.priority());
        try {
            row.put("flags", json.writeValueAsString(t.flags()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        row.put("acknowledged_at", t.acknowledgedAt());
        row.put("acknowledged_by", t.acknowledgedBy());
        row.put("escalated_at", t.escalatedAt());
        row.put("depression_total", total(a, "depression"));
        row.put("anxiety_total", total(a, "anxiety"));
        return row;
    }

    /** A lead's name, email or phone ({@code column}), opened with the server's data key. */
    public String contact(String leadId, String column) {
        String sealed = jdbi().withHandle(h -> h.createQuery("SELECT " + java.util.Map.of("name", "name", "email", "email",
                "phone", "phone").get(column) + " FROM lead WHERE id = :id").bind("id", leadId).mapTo(String.class).one());
        return app.database().sealer().open(sealed, io.consultdesk.db.SealContexts.lead(leadId, column));
    }

    /** A lead's triage (crisis markers, priority, flags, acknowledgement, escalation), opened with the data key. */
    public io.consultdesk.lead.SealedLead.Triage triage(String leadId) {
        String sealed = jdbi().withHandle(h -> h.createQuery("SELECT triage FROM lead WHERE id = :id")
                .bind("id", leadId).mapTo(String.class).one());
        return io.consultdesk.lead.SealedLead.Triage.open(app.database().opened(), leadId, sealed);
    }

    /** The id of the lead whose email is this one (opened with the data key; fails unless exactly one). */
    public String leadIdByEmail(String email) {
        java.util.List<String> ids = jdbi().withHandle(h -> h.createQuery("SELECT id FROM lead").mapTo(String.class).list())
                .stream().filter(id -> email.equals(contact(id, "email"))).toList();
        if (ids.size() != 1) {
            throw new IllegalStateException(ids.size() + " leads with that email");
        }
        return ids.get(0);
    }

    /** An outbox row's recipient, opened with the data key. */
    public String recipient(String outboxId) {
        String sealed = jdbi().withHandle(h -> h.createQuery("SELECT recipient FROM outbox WHERE id = :id")
                .bind("id", outboxId).mapTo(String.class).one());
        return app.database().sealer().open(sealed, io.consultdesk.db.SealContexts.recipient(outboxId));
    }

    /** How many outbox rows go to this address (recipients are sealed, so each is opened). */
    public long outboxTo(String address, String where) {
        return jdbi().withHandle(h -> h.createQuery("SELECT id FROM outbox" + (where.isEmpty() ? "" : " WHERE " + where))
                .mapTo(String.class).list()).stream().filter(id -> address.equals(recipient(id))).count();
    }

    /** The id of the only lead (fails when there is not exactly one). */
    public String onlyLeadId() {
        return jdbi().withHandle(h -> h.createQuery("SELECT id FROM lead").mapTo(String.class).one());
    }

    private static Integer total(io.consultdesk.lead.SealedAnswers a, String part) {
        var node = a.screening().path(part);
        var instrument = io.consultdesk.screening.Instrument.fromCode(node.path("instrument").asText(""));
        if (instrument.isEmpty()) {
            return null;
        }
        java.util.List<Integer> answers = new java.util.ArrayList<>();
        node.path("answers").forEach(n -> answers.add(n.isNull() ? null : n.asInt()));
        return io.consultdesk.screening.Scoring.score(instrument.get(), answers).total().orElse(null);
    }

    public long leadCount() {
        return jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM lead").mapTo(Long.class).one());
    }

    @Override
    public void close() {
        app.stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
