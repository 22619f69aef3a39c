package io.consultdesk.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The form framed by the server's own pages (the staff embed page's preview, {@code ?host=} this server's origin):
 * it may be framed by the server itself, says it is a preview, and a post stores nothing and emails nobody, while
 * the same post from a clinic's site is a request. The clock is the booking tests' Monday, so a slot is bookable.
 */
class EmbedPreviewTest {
    static final String REAL_HOST = "?host=" + enc("http://localhost:8080");
    static MutableClock clock;
    static TestServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.parse("2026-11-16T16:00:00Z"));
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        server.clearLeads();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The server's own origin, as the test client reaches it. */
    static String self() {
        return "http://localhost:" + server.port();
    }

    static String previewHost() {
        return "?host=" + enc(self());
    }

    static HttpResponse<String> post(String path, Map<String, String> form) {
        return server.post(path, "application/x-www-form-urlencoded", Leads.formBody(form));
    }

    static long count(String sql) {
        return server.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void theFormFramedByTheServerItselfIsAPreviewThatMayTalkToItsFrame() {
        HttpResponse<String> r = server.get("/embed/demo" + previewHost());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("class=\"cd-preview\">Preview — nothing you enter here is sent<"), r.body());
        assertTrue(r.body().contains("data-host-origin=\"" + self() + "\""), "sizing messages go to the preview page");
        assertTrue(r.body().contains("action=\"/embed/demo" + previewHost() + "\""), "the post stays a preview");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.endsWith("frame-ancestors 'self' http://127.0.0.1:* http://localhost:*"), csp);

        HttpResponse<String> real = server.get("/embed/demo" + REAL_HOST);
        assertFalse(real.body().contains("cd-preview"), "a clinic's site shows no banner");
        assertTrue(real.body().contains("data-host-origin=\"http://localhost:8080\""));
        HttpResponse<String> other = server.get("/embed/demo?host=" + enc("http://localhost:1"));
        assertFalse(other.body().contains("cd-preview"), "only the server's own port is its origin");
    }

    @Test
    void aPreviewPostStoresNothingAndSendsNothingWhileTheSamePostFromASiteIsARequest() {
        String path = "/embed/demo" + previewHost();
        Map<String, String> form = Leads.validForm(server.get(path).body());
        HttpResponse<String> preview = post(path, form);
        assertEquals(200, preview.statusCode());
        assertTrue(preview.body().contains("Sending is off in the preview"), preview.body());
        assertTrue(preview.body().contains("value=\"casey@example.com\""), "the form again, as typed");
        assertEquals(0, server.leadCount());
        assertEquals(0, count("SELECT count(*) FROM outbox"), "no email queued (every email leaves through the outbox)");
        assertEquals(0, count("SELECT count(*) FROM lead_consent"));
        assertEquals(0, count("SELECT count(*) FROM rate_limit"), "not even a rate-limit hit");

        Map<String, String> again = Leads.validForm(server.get("/embed/demo" + REAL_HOST).body());
        HttpResponse<String> stored = post("/embed/demo" + REAL_HOST, again);
        assertEquals(200, stored.statusCode());
        assertEquals(1, server.leadCount(), "the same answers from a clinic's site are a request");
        assertTrue(count("SELECT count(*) FROM outbox") > 0, "and its emails are queued");
    }

    @Test
    void theBookingStepsPostsBookNothingInAPreview() {
        Map<String, String> form = Leads.validForm(server.get("/embed/demo" + REAL_HOST).body());
        String lead = TestServer.hiddenField(post("/embed/demo" + REAL_HOST, form).body(), "bookingToken");
        Map<String, String> book = Map.of("bookingToken", lead, "type", "phone", "location", "los-angeles",
                "zone", "America/New_York", "slot", "2026-11-17T09:00:00-08:00");

        HttpResponse<String> previewBook = post("/embed/demo/book" + previewHost(), book);
        assertEquals(409, previewBook.statusCode());
        assertTrue(previewBook.body().contains("Sending is off in the preview"), previewBook.body());
        HttpResponse<String> previewCallback = post("/embed/demo/callback" + previewHost(),
                Map.of("bookingToken", lead, "days", "mon", "time", "morning"));
        assertEquals(409, previewCallback.statusCode());
        assertEquals(0, count("SELECT count(*) FROM booking"));
        assertEquals(0, count("SELECT count(*) FROM lead WHERE callback_window IS NOT NULL"));

        assertEquals(200, post("/embed/demo/book" + REAL_HOST, book).statusCode(), "the same booking from the site");
        assertEquals(1, count("SELECT count(*) FROM booking"));
    }
}
