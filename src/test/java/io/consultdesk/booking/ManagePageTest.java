package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The visitor's page from the link in their booking emails, {@code /consultation/{token}}, on the demo
 * clinic at a fixed time (Monday 2026-11-16, 8:00 in Los Angeles). The visitor is in New York and has an
 * in-person consultation in Beverly Hills on Thursday, November 19 at 1:00 PM Pacific.
 */
class ManagePageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    static final String THURSDAY_1PM = "2026-11-19T13:00:00-08:00";
    static final Pattern LINK = Pattern.compile("/consultation/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");
    static MutableClock clock;
    static TestServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(MONDAY_8AM_LA);
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

    // --- helpers ---

    static String lead(TestServer s, String email) throws Exception {
        String json = Leads.validJson().replace("\"state\": \"CA\"", "\"timeZone\": \"America/New_York\", \"state\": \"CA\"")
                .replace("jordan@example.com", email);
        HttpResponse<String> r = s.postJson("/api/v1/clinics/demo/leads", json);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    static BookingDao.BookingRow book(TestServer s, String lead, String type, String location, String start) {
        Clinic demo = s.app().clinics().find("demo").orElseThrow();
        BookingService.Outcome o = s.app().bookings().book(demo, lead, type, location, OffsetDateTime.parse(start).toInstant(),
                BookingService.Source.api("127.0.0.1"));
        if (!(o instanceof BookingService.Outcome.Booked b)) {
            throw new AssertionError("not booked: " + o);
        }
        return b.booking();
    }

    /** A visitor in New York with the Thursday consultation; returns the link's token. */
    static String thursday() throws Exception {
        return server.app().bookings().manageToken(book(server, lead(server, "jordan@example.com"), "in-person", "beverly-hills",
                THURSDAY_1PM));
    }

    static HttpResponse<String> post(String path, String body) {
        return server.post(path, "application/x-www-form-urlencoded", body);
    }

    static BookingDao.BookingRow row(String token) {
        return server.app().bookings().find(BookingTokens.bookingId(token).orElseThrow()).orElseThrow();
    }

    static long count(String sql) {
        return server.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static void assertGone(HttpResponse<String> r, boolean withPhone) {
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("This link no longer works"), r.body());
        assertEquals(withPhone, r.body().contains("(310) 555-0142"), r.body());
        assertFalse(r.body().contains("November"), "nothing about the consultation");
        assertFalse(r.body().contains("Beverly Hills"));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    }

    static List<MimeMessage> emails(TestServer s) {
        Path dir = s.dataDir().resolve("mail");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".eml")).sorted().map(p -> {
                try {
                    return Mails.parse(Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The link to this booking in the newest email to the visitor whose subject starts so. */
    static Optional<String> linkInEmail(String bookingId, String subjectStart) {
        return emails(server).stream().filter(m -> Mails.to(m).equals("jordan@example.com"))
                .filter(m -> Mails.subject(m).startsWith(subjectStart))
                .map(m -> LINK.matcher(Mails.textParts(m).get("text/plain")))
                .filter(Matcher::find).map(m -> m.group(1)).filter(t -> t.startsWith(bookingId + ".")).reduce((a, b) -> b);
    }

    // --- tests ---

    @Test
    void theLinkShowsTheConsultationAndAGetChangesNothing() throws Exception {
        String token = thursday();
        BookingDao.BookingRow before = row(token);
        long outbox = count("SELECT count(*) FROM outbox");
        long audit = count("SELECT count(*) FROM audit_log");

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = server.get("/consultation/" + token);
            assertEquals(200, r.statusCode(), r.body());
            String html = r.body();
            assertTrue(html.contains("Your free consultation"));
            assertTrue(html.contains("<dd>Thursday, November 19, 2026, 4:00 PM (Eastern Time)</dd>"), html);
            assertTrue(html.contains("<dd>Thursday, November 19, 2026, 1:00 PM (Pacific Time)</dd>"));
            assertTrue(html.contains("<dd>In-person consultation, 30 min</dd>"));
            assertTrue(html.contains("Beverly Hills, 9400 Brighton Way, Suite 210, Beverly Hills, CA 90210"));
            assertTrue(html.contains("(310) 555-0142"));
            assertTrue(html.contains("This form is not monitored 24/7. It is not for emergencies."));
            // Choose another time: the same type and place, the zone to choose, the booked time itself left out.
            assertTrue(html.contains("Choose another time"));
            assertTrue(html.contains("Times are shown in Eastern Time (your time zone)."));
            assertTrue(html.contains("<form class=\"cd-times\" id=\"bk-times\" method=\"get\" action=\"/consultation/" + token + "\""), html);
            assertTrue(html.contains("action=\"/consultation/" + token + "/reschedule\""));
            assertFalse(html.contains("name=\"type\" id="), "the type cannot change");
            assertFalse(html.contains("value=\"" + THURSDAY_1PM + "\""), "its own time is not offered");
            assertTrue(html.contains("value=\"2026-11-19T13:40:00-08:00\""));
            assertTrue(html.contains(">Move to this time</button>"));
            // Cancel, behind a confirmation.
            assertTrue(html.contains("Cancel this consultation"));
            assertTrue(html.contains("action=\"/consultation/" + token + "/cancel\""));
            assertTrue(html.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));

            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
            assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
            assertEquals("noindex, nofollow", r.headers().firstValue("X-Robots-Tag").orElse(null));
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.startsWith("default-src 'self'; script-src 'self'; style-src 'self' 'sha256-"), csp);
            assertTrue(csp.endsWith("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline"));
            assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
        }
        // Another zone and later days are shown by a GET too, still changing nothing.
        HttpResponse<String> la = server.get("/consultation/" + token + "?zone=America/Los_Angeles&from=2026-11-19&page=2026-11-24");
        assertEquals(200, la.statusCode());
        assertTrue(la.body().contains("Times are shown in Pacific Time (the clinic’s time zone)."));
        assertTrue(la.body().contains("<legend>Tuesday, November 24</legend>"), la.body());
        assertTrue(la.body().contains("<dd>Thursday, November 19, 2026, 1:00 PM (Pacific Time)</dd>"));
        assertEquals(200, server.get("/consultation/" + token + "?zone=Nowhere/Else&page=garbage").statusCode());

        assertEquals(before, row(token), "a GET never changes the booking");
        assertEquals(outbox, count("SELECT count(*) FROM outbox"));
        assertEquals(audit, count("SELECT count(*) FROM audit_log"));
    }

    @Test
    void cancelWorksOnce() throws Exception {
        String token = thursday();
        String lead = row(token).leadId();
        HttpResponse<String> r = post("/consultation/" + token + "/cancel", "zone=America/New_York");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Your consultation is cancelled"), r.body());
        assertTrue(r.body().contains("4:00 PM (Eastern Time)"));
        assertTrue(r.body().contains("Call us at (310) 555-0142"));
        BookingDao.BookingRow cancelled = row(token);
        assertEquals("cancelled", cancelled.status());
        assertEquals("visitor", cancelled.cancelledBy());
        assertEquals("new", server.leadRow(lead).get("status"), "back where the booking found it");
        assertTrue(server.app().bookings().free(server.app().clinics().find("demo").orElseThrow(), Optional.of("in-person"),
                Optional.of("beverly-hills"), LocalDate.of(2026, 11, 19), LocalDate.of(2026, 11, 19)).stream()
                .anyMatch(s -> s.start().equals(OffsetDateTime.parse(THURSDAY_1PM).toInstant())), "the time is free again");

        assertGone(post("/consultation/" + token + "/cancel", ""), true);
        assertGone(server.get("/consultation/" + token), true);
        assertGone(post("/consultation/" + token + "/reschedule", "slot=2026-11-24T09:00:00-08:00"), true);
        assertEquals(cancelled, row(token));
        long audited = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE lead_id = :l AND action = 'booking.cancelled'").bind("l", lead)
                .mapTo(Long.class).one());
        assertEquals(1L, audited);
    }

    @Test
    void rescheduleWorksOnceAndTheNewEmailCarriesTheLinkThatWorks() throws Exception {
        String token = thursday();
        String id = row(token).id();
        Eventually.await("the confirmation email", () -> linkInEmail(id, "Your free consultation is booked").isPresent());
        assertEquals(token, linkInEmail(id, "Your free consultation is booked").orElseThrow());

        HttpResponse<String> r = post("/consultation/" + token + "/reschedule",
                "zone=America/New_York&slot=" + java.net.URLEncoder.encode("2026-11-24T09:00:00-08:00", StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Your consultation has a new time"), r.body());
        assertTrue(r.body().contains("<dd>Tuesday, November 24, 2026, 12:00 PM (Eastern Time)</dd>"), r.body());
        BookingDao.BookingRow moved = row(token);
        assertEquals(Instant.parse("2026-11-24T17:00:00Z"), moved.startsAt());
        assertEquals(1, moved.sequence());

        // The link it came with no longer works, for anything.
        assertGone(server.get("/consultation/" + token), true);
        assertGone(post("/consultation/" + token + "/reschedule", "slot=2026-11-26T09:00:00-08:00"), true);
        assertGone(post("/consultation/" + token + "/cancel", ""), true);
        assertEquals(moved, row(token));

        // The email about the move carries the new link, which works.
        Eventually.await("the email about the move", () -> linkInEmail(id, "Your consultation has moved").isPresent());
        String fresh = linkInEmail(id, "Your consultation has moved").orElseThrow();
        assertNotEquals(token, fresh);
        HttpResponse<String> page = server.get("/consultation/" + fresh);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<dd>Tuesday, November 24, 2026, 12:00 PM (Eastern Time)</dd>"));
    }

    @Test
    void aTimeTakenMeanwhileIs409AndTheBookingStaysAsItWas() throws Exception {
        String token = thursday();
        book(server, lead(server, "sam@example.com"), "in-person", "beverly-hills", "2026-11-24T09:00:00-08:00");
        HttpResponse<String> r = post("/consultation/" + token + "/reschedule",
                "zone=America/New_York&slot=2026-11-24T09%3A00%3A00-08%3A00");
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("That time was just taken — here are the times still free."), r.body());
        assertTrue(r.body().contains("<legend>Tuesday, November 24</legend>"), "from the day the visitor looked at");
        assertFalse(r.body().contains("value=\"2026-11-24T09:00:00-08:00\""));
        assertEquals(OffsetDateTime.parse(THURSDAY_1PM).toInstant(), row(token).startsAt());
        assertEquals(0, row(token).sequence());
        assertEquals(200, server.get("/consultation/" + token).statusCode(), "the link still works");
    }

    @Test
    void noTimeOrATimeNotOfferedIs422() throws Exception {
        String token = thursday();
        HttpResponse<String> none = post("/consultation/" + token + "/reschedule", "zone=America/New_York");
        assertEquals(422, none.statusCode());
        assertTrue(none.body().contains("Please choose a time."), none.body());
        HttpResponse<String> odd = post("/consultation/" + token + "/reschedule", "slot=2026-11-24T09%3A10%3A00-08%3A00");
        assertEquals(422, odd.statusCode());
        assertTrue(odd.body().contains("That time is no longer offered."), odd.body());
        HttpResponse<String> same = post("/consultation/" + token + "/reschedule", "slot=2026-11-19T13%3A00%3A00-08%3A00");
        assertEquals(200, same.statusCode());
        assertTrue(same.body().contains("That is already the time of your consultation."));
        assertEquals(0, row(token).sequence());
    }

    @Test
    void aMadeUpTokenOrALeadIdIs404() throws Exception {
        String token = thursday();
        BookingDao.BookingRow b = row(token);
        String forged = b.id() + "." + "A".repeat(24);
        assertGone(server.get("/consultation/" + forged), true);
        assertGone(post("/consultation/" + forged + "/cancel", ""), true);
        assertGone(post("/consultation/" + forged + "/reschedule", "slot=2026-11-24T09%3A00%3A00-08%3A00"), true);
        assertGone(server.get("/consultation/" + b.leadId()), false);
        assertGone(server.get("/consultation/" + b.id()), false);
        assertGone(server.get("/consultation/" + "x".repeat(300)), false);
        assertGone(server.get("/consultation/" + b.leadId() + "." + token.substring(token.indexOf('.') + 1)), false);
        assertEquals(b, row(token), "nothing changed");
    }

    @Test
    void aLinkStopsWorkingWhenTheConsultationStarts() throws Exception {
        MutableClock own = new MutableClock(MONDAY_8AM_LA);
        try (TestServer s = TestServer.start(TestServer.Builder.defaults().clock(own))) {
            String token = s.app().bookings().manageToken(book(s, lead(s, "jordan@example.com"), "phone", "los-angeles",
                    "2026-11-16T10:00:00-08:00"));
            assertEquals(200, s.get("/consultation/" + token).statusCode());
            own.advance(Duration.ofHours(2));
            HttpResponse<String> r = s.get("/consultation/" + token);
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("This link no longer works"));
            assertEquals(404, s.post("/consultation/" + token + "/cancel", "application/x-www-form-urlencoded", "").statusCode());
            assertEquals("booked", s.app().bookings().activeForLead(s.app().bookings().find(BookingTokens.bookingId(token)
                    .orElseThrow()).orElseThrow().leadId()).orElseThrow().status());
        }
    }

    @Test
    void theLinksTokenNeverReachesTheLog() throws Exception {
        String token = thursday();
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            server.get("/consultation/" + token);
            post("/consultation/" + token + "/reschedule", "slot=nonsense");
            Eventually.await("the request lines", () -> captured.toString(StandardCharsets.UTF_8)
                    .contains("POST /consultation/{token}/reschedule 422"));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("GET /consultation/{token} 200"), log);
        assertFalse(log.contains(token.substring(0, token.indexOf('.'))), log);
    }
}
