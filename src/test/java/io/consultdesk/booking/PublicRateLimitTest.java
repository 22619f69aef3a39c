package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.mail.MailKind;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 4 (issue 13): the visitor's booking, call-back and change posts are limited per address and per
 * clinic (at the default request limit of 20 an hour: 5 bookings, call backs and changes per address, 20 bookings
 * per clinic), answering 429 with Retry-After; and one address cannot page the urgent recipients again and again:
 * after 3 alerts an hour its urgent requests are stored and shown urgent, their alert held.
 */
class PublicRateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    static final String LEADS = "/api/v1/clinics/demo/leads";
    static final String BOOKINGS = "/api/v1/clinics/demo/bookings";
    static final String HOST = "?host=" + URLEncoder.encode("http://localhost:8080", StandardCharsets.UTF_8);
    static MutableClock clock;
    static TestServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(MONDAY_8AM_LA);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock).rateLimitPerHour(20).trustProxy(true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        clock.advance(Duration.between(clock.instant(), MONDAY_8AM_LA));
        server.clearLeads();
    }

    static String token(String ip) throws Exception {
        HttpResponse<String> r = server.postJson(LEADS, Leads.validJson(), "X-Forwarded-For", ip);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("bookingToken").asText();
    }

    /** Free phone times in Los Angeles on Tuesday, one per 20 minutes (capacity 2: each once). */
    static List<String> phoneTimes() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/clinics/demo/slots?type=phone&location=los-angeles&from=2026-11-17&to=2026-11-17");
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).get("slots").forEach(s -> out.add(s.get("start").asText()));
        return out;
    }

    static HttpResponse<String> book(String token, String start, String ip) {
        return server.postJson(BOOKINGS, "{\"bookingToken\": \"" + token + "\", \"type\": \"phone\", \"location\": \"los-angeles\","
                + " \"start\": \"" + start + "\"}", "X-Forwarded-For", ip);
    }

    static HttpResponse<String> form(String path, Map<String, String> form, String ip) {
        return server.post(path, "application/x-www-form-urlencoded", Leads.formBody(form), "X-Forwarded-For", ip);
    }

    @Test
    void theApiBooksFiveTimesAnHourFromOneAddressThen429() throws Exception {
        List<String> times = phoneTimes();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = book(token("10.1.0.1"), times.get(i), "10.1.0.1");
            assertEquals(201, r.statusCode(), r.body());
        }
        HttpResponse<String> sixth = book(token("10.1.0.1"), times.get(5), "10.1.0.1");
        assertEquals(429, sixth.statusCode(), sixth.body());
        long retryAfter = Long.parseLong(sixth.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 3600, "until the hour's window ends");
        assertNotNull(JSON.readTree(sixth.body()).get("error").asText());
        assertTrue(phoneTimes().contains(times.get(5)), "the time is still free");
        // Another address is not held back by this one.
        assertEquals(201, book(token("10.1.0.2"), times.get(5), "10.1.0.2").statusCode());
    }

    @Test
    void aClinicTakesTwentyPublicBookingsAnHourWhateverTheAddresses() throws Exception {
        List<String> times = phoneTimes();
        for (int i = 0; i < 20; i++) {
            String ip = "10.2.0." + (i + 1);
            HttpResponse<String> r = book(token(ip), times.get(i / 2), ip);
            assertEquals(201, r.statusCode(), i + ": " + r.body());
        }
        HttpResponse<String> r = book(token("10.2.1.1"), times.get(10), "10.2.1.1");
        assertEquals(429, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void theIframesBookingAndCallBackAnswer429WithTheCalmPageAndTheEmergencyLine() throws Exception {
        List<String> times = phoneTimes();
        String ip = "10.3.0.1";
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> step = form(Leads.FORM_PAGE, Leads.validForm(server.get(Leads.FORM_PAGE).body()), ip);
            assertEquals(200, step.statusCode());
            String token = TestServer.hiddenField(step.body(), "bookingToken");
            last = form("/embed/demo/book" + HOST, Map.of("bookingToken", token, "type", "phone", "location", "los-angeles",
                    "slot", times.get(i)), ip);
            assertEquals(i < 5 ? 200 : 429, last.statusCode(), i + ": " + last.body());
        }
        assertTrue(last.body().contains("988"), "the emergency line is on the page");
        assertTrue(last.body().contains("(310) 555-0142") || last.body().contains("tel:"), "and the clinic's phone");
        assertTrue(last.headers().firstValue("Retry-After").isPresent());
        assertTrue(last.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors"));

        String ip2 = "10.3.0.2";
        HttpResponse<String> step = form(Leads.FORM_PAGE, Leads.validForm(server.get(Leads.FORM_PAGE).body()), ip2);
        String token = TestServer.hiddenField(step.body(), "bookingToken");
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> cb = form("/embed/demo/callback" + HOST, Map.of("bookingToken", token, "time", "morning"), ip2);
            assertEquals(i < 5 ? 200 : 429, cb.statusCode(), i + ": " + cb.body());
            if (i == 5) {
                assertTrue(cb.body().contains("988"));
                assertTrue(cb.headers().firstValue("Retry-After").isPresent());
            }
        }
    }

    @Test
    void theVisitorsLinkChangesFiveTimesAnHourFromOneAddress() throws Exception {
        List<String> times = phoneTimes();
        HttpResponse<String> r = book(token("10.4.0.1"), times.get(0), "10.4.0.1");
        String bookingId = JSON.readTree(r.body()).get("id").asText();
        for (int i = 1; i <= 6; i++) {
            BookingDao.BookingRow b = server.app().bookings().find(bookingId).orElseThrow();
            String link = "/consultation/" + server.app().bookings().manageToken(b);
            HttpResponse<String> moved = form(link + "/reschedule", Map.of("slot", times.get(i)), "10.4.0.9");
            assertEquals(i <= 5 ? 200 : 429, moved.statusCode(), i + ": " + moved.body());
            if (i == 6) {
                assertTrue(moved.body().contains("988"));
                assertTrue(moved.headers().firstValue("Retry-After").isPresent());
            }
        }
    }

    // Urgent alerts

    static String urgent(String ip) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        body.put("helpNow", true);
        HttpResponse<String> r = server.postJson(LEADS, body.toString(), "X-Forwarded-For", ip);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    static long alerts(String leadId) {
        return server.app().outbox().forLead(leadId).stream().filter(m -> m.kind().equals(MailKind.URGENT_ALERT.code)).count();
    }

    @Test
    void oneAddressPagesTheUrgentRecipientsThreeTimesAnHourTheRestAreStoredUrgentWithTheAlertHeld() throws Exception {
        List<String> ids = new ArrayList<>();
        String heldRows = "SELECT count(*) FROM audit_log WHERE action = 'lead.alertHeld' AND lead_id IS NULL";
        long heldBefore = server.jdbi().withHandle(h -> h.createQuery(heldRows).mapTo(Long.class).one());
        for (int i = 0; i < 5; i++) {
            ids.add(urgent("10.5.0.1"));
        }
        for (int i = 0; i < 5; i++) {
            String id = ids.get(i);
            Map<String, Object> row = server.leadRow(id);
            assertEquals(1, ((Number) row.get("urgent")).intValue(), "always stored urgent");
            assertNotNull(row.get("escalate_at"), "and escalated if nobody acknowledges it");
            assertEquals(i < 3 ? 1 : 0, alerts(id), "alert " + i);
            assertEquals(i >= 3, server.triage(id).alertHeld(), "marked for staff " + i);
            assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM audit_log WHERE lead_id = :id AND action = 'lead.alertHeld'").bind("id", id)
                    .mapTo(Long.class).one()), "the audit row does not name the request");
            assertTrue(server.app().outbox().forLead(id).stream().anyMatch(m -> m.kind().equals(MailKind.LEAD_NOTIFICATION.code)),
                    "the clinic is still told of the request");
        }
        assertEquals(heldBefore + 2, (long) server.jdbi().withHandle(h -> h.createQuery(heldRows).mapTo(Long.class).one()),
                "each held alert is audited, without naming its request");
        assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM rate_limit WHERE bucket LIKE '%10.5.0.1%' AND bucket LIKE 'urgent%'").mapTo(Long.class).one()),
                "the count of urgent requests names no address");
        // Another address still pages at once.
        assertEquals(1, alerts(urgent("10.5.0.2")));
        // An hour later the address may page again.
        clock.advance(Duration.ofHours(1));
        assertEquals(1, alerts(urgent("10.5.0.1")));
    }

    @Test
    void aHeldAlertIsShownOnTheRequestsTimeline() throws Exception {
        for (int i = 0; i < 3; i++) {
            urgent("10.6.0.1");
        }
        String held = urgent("10.6.0.1");
        var staff = io.consultdesk.support.StaffClient.signedIn(server, "desk@demo-clinic.example",
                io.consultdesk.staff.Role.STAFF, "demo");
        HttpResponse<String> page = staff.get("/staff/leads/" + held);
        assertEquals(200, page.statusCode());
        assertTrue(java.util.regex.Pattern.compile("<li><time[^>]*>[^<]*</time> Urgent alert held: many urgent requests from one address")
                .matcher(page.body()).find(), "on the request's timeline");
        assertTrue(page.body().contains("Urgent"), "and the request is shown urgent");
    }
}
