package io.consultdesk.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.audit.Actor;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.mail.OutboxDao;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Test requests from the setup checklist are limited per clinic, never by the visitors' per-address limit (a clinic's
 * staff often share one address with the waiting room's tablet), and the clinic's test requests can be removed with
 * everything they left behind (consent, notes, emails, consultations), never touching a visitor's request.
 */
class TestRequestLimitAndRemovalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SETUP = "/staff/clinics/demo/setup";
    TestServer server;
    StaffClient admin;

    @BeforeEach
    void start() {
        // A Monday, 8:05 in Los Angeles: the hour's window has 55 minutes to go, and Tuesday's times are bookable.
        MutableClock clock = new MutableClock(Instant.parse("2026-11-16T16:05:00Z"));
        server = TestServer.start(TestServer.Builder.defaults().clock(clock).rateLimitPerHour(2));
        admin = StaffClient.signedIn(server, "ops@consultdesk.example", Role.ADMIN);
        ObjectNode north = ClinicFile.tree(ClinicService.demoClinic());
        north.put("slug", "north-shore");
        north.put("name", "North Shore TMS");
        server.app().clinics().create(north, Actor.SYSTEM);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    long count(String sql, String lead) {
        return server.jdbi().withHandle(h -> h.createQuery(sql).bind("lead", lead).mapTo(Long.class).one());
    }

    List<String> testLeads(String clinic) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM lead WHERE clinic_slug = :c AND test = 1")
                .bind("c", clinic).mapTo(String.class).list());
    }

    String visitorLead() throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    void book(String lead, String start) {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/bookings", "{\"bookingToken\": \"" + server.app().bookings().issueCapability("demo", lead)
                + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"" + start + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    static String state(String html, String item) {
        Matcher m = Pattern.compile("<li class=\"card (done|todo)\" id=\"" + item + "\">").matcher(html);
        assertTrue(m.find(), "no item " + item);
        return m.group(1);
    }

    @Test
    void testRequestsAreLimitedPerClinicAndNeverUseTheVisitorsAllowance() {
        for (int i = 0; i < 10; i++) { // the visitors' limit here is 2 an hour per address: tests do not count against it
            HttpResponse<String> sent = admin.post(SETUP + "/test-request", Map.of());
            assertEquals(303, sent.statusCode(), "test request " + (i + 1) + ": " + sent.body());
        }
        HttpResponse<String> eleventh = admin.post(SETUP + "/test-request", Map.of());
        assertEquals(429, eleventh.statusCode());
        assertEquals("3300", eleventh.headers().firstValue("Retry-After").orElse(""), "until the hour's end");
        assertTrue(eleventh.body().contains("This clinic has sent 10 test requests this hour, as many as it may."
                + " Try again in 55 min."), eleventh.body());
        assertEquals(10, testLeads("demo").size());

        assertEquals(303, admin.post("/staff/clinics/north-shore/setup/test-request", Map.of()).statusCode(),
                "another clinic's allowance is its own");

        // A visitor at the same address (the waiting room's tablet) has their whole allowance, and no more.
        assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
        assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
        assertEquals(429, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode(),
                "the visitors' limit still holds");
        long buckets = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM rate_limit WHERE bucket LIKE 'test-request:%'").mapTo(Long.class).one());
        assertEquals(2, buckets, "kept in the database, one per clinic");
    }

    @Test
    void removingTestRequestsDeletesThemWithEverythingTheyLeftAndNeverAVisitorsRequest() throws Exception {
        String visitor = visitorLead();
        book(visitor, "2026-11-17T09:00:00-08:00");
        assertEquals(303, admin.post("/staff/leads/" + visitor + "/notes", Map.of("note", "Called back, left a message"))
                .statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(303, admin.post(SETUP + "/test-request", Map.of()).statusCode());
        }
        assertEquals(303, admin.post("/staff/clinics/north-shore/setup/test-request", Map.of()).statusCode());
        List<String> tests = testLeads("demo");
        book(tests.get(0), "2026-11-17T09:40:00-08:00");
        String testBooking = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM booking WHERE lead_id = :l")
                .bind("l", tests.get(0)).mapTo(String.class).one());
        assertEquals(303, admin.post("/staff/leads/" + tests.get(1) + "/notes", Map.of("note", "Test note")).statusCode());
        Eventually.await("the emails are sent", () -> {
            OutboxDao.Counts c = server.app().outbox().counts();
            return c.pending() + c.sending() == 0;
        });
        long visitorRows = count("SELECT (SELECT count(*) FROM lead_consent WHERE lead_id = :lead)"
                + " + (SELECT count(*) FROM lead_note WHERE lead_id = :lead) + (SELECT count(*) FROM outbox WHERE lead_id = :lead)"
                + " + (SELECT count(*) FROM booking WHERE lead_id = :lead)"
                + " + (SELECT count(*) FROM booking_seat WHERE booking_id IN (SELECT id FROM booking WHERE lead_id = :lead))", visitor);
        assertTrue(visitorRows > 5, "the visitor's request has consent, a note, emails, a booking and its seats");
        Map<String, Object> visitorBefore = server.leadRow(visitor);

        String page = admin.get(SETUP).body();
        assertEquals("done", state(page, "test"));
        assertTrue(page.contains("<button type=\"submit\" class=\"danger\">Remove the 3 test requests, with their emails,"
                + " notes and consultations</button>"), page);
        HttpResponse<String> removed = admin.post(SETUP + "/test-requests/remove", Map.of());
        assertEquals(303, removed.statusCode(), removed.body());
        String after = admin.get(removed.headers().firstValue("Location").orElseThrow()).body();
        assertTrue(after.contains("3 test requests removed, with their emails, notes and consultations."), after);
        assertEquals("todo", state(after, "test"), "the test item is to do again");
        assertFalse(after.contains("Remove the"), "nothing left to remove");

        assertEquals(List.of(), testLeads("demo"));
        for (String t : tests) {
            for (String table : List.of("lead_consent", "lead_note", "outbox", "booking")) {
                assertEquals(0, count("SELECT count(*) FROM " + table + " WHERE lead_id = :lead", t), table + " of " + t);
            }
        }
        assertEquals(0, count("SELECT count(*) FROM booking_seat WHERE booking_id = :lead", testBooking), "its seats are freed");
        long cancelled = server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE action ="
                + " 'booking.cancelled' AND lead_id = :l").bind("l", tests.get(0)).mapTo(Long.class).one());
        assertEquals(1L, cancelled, "the booked test consultation was cancelled as any would be, first");
        book(visitorLead(), "2026-11-17T09:40:00-08:00"); // the time it held is free again

        assertEquals(visitorRows, count("SELECT (SELECT count(*) FROM lead_consent WHERE lead_id = :lead)"
                + " + (SELECT count(*) FROM lead_note WHERE lead_id = :lead) + (SELECT count(*) FROM outbox WHERE lead_id = :lead)"
                + " + (SELECT count(*) FROM booking WHERE lead_id = :lead)"
                + " + (SELECT count(*) FROM booking_seat WHERE booking_id IN (SELECT id FROM booking WHERE lead_id = :lead))", visitor),
                "the visitor's request keeps everything");
        assertEquals(visitorBefore, server.leadRow(visitor));
        assertEquals(1, testLeads("north-shore").size(), "another clinic's test request stays");

        List<Map<String, Object>> audit = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM audit_log WHERE action = 'lead.testRequestsRemoved'").mapToMap().list());
        assertEquals(1, audit.size(), "one row for the removal");
        assertEquals("ops@consultdesk.example", audit.get(0).get("actor_email"));
        assertEquals("demo", audit.get(0).get("clinic_slug"));
        assertEquals("3 test requests", audit.get(0).get("detail"));

        HttpResponse<String> again = admin.post(SETUP + "/test-requests/remove", Map.of());
        assertEquals(303, again.statusCode());
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'lead.testRequestsRemoved'").mapTo(Long.class).one()),
                "nothing removed, nothing recorded");
    }
}
