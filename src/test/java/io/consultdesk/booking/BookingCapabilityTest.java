package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 5 (issue 13): a lead id is no longer a credential. Booking and the call back take a booking
 * capability given with the request (201 of the lead POST, hidden field of the iframe's step): bound to the
 * request and the clinic, for 2 hours, spent by the booking it made (a retry of that booking is still 200), refused
 * once staff closed the request. The "already booked" answer names no booking. The request log shows route patterns.
 */
class BookingCapabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    static final String LEADS = "/api/v1/clinics/demo/leads";
    static final String BOOKINGS = "/api/v1/clinics/demo/bookings";
    static final String HOST = "?host=" + URLEncoder.encode("http://localhost:8080", StandardCharsets.UTF_8);
    static MutableClock clock;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(MONDAY_8AM_LA);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        BookingApiTest.server = server;
        BookingApiTest.saveClinic("other", c -> { });
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

    record Made(String id, String token) {}

    static Made lead(String... headers) throws Exception {
        HttpResponse<String> r = server.postJson(LEADS, Leads.validJson(), headers);
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
        JsonNode n = JSON.readTree(r.body());
        return new Made(n.get("id").asText(), n.path("bookingToken").asText(null));
    }

    static HttpResponse<String> book(String clinic, String field, String value, String start) {
        return server.postJson("/api/v1/clinics/" + clinic + "/bookings", "{\"" + field + "\": \"" + value
                + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"" + start + "\"}");
    }

    static long bookings() {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM booking").mapTo(Long.class).one());
    }

    @Test
    void theLeadPostGivesABookingTokenAndTheLeadIdBooksNothing() throws Exception {
        Made lead = lead();
        assertTrue(lead.token() != null && lead.token().length() >= 40, "a booking token with the 201");
        assertFalse(lead.token().contains(lead.id()), "the token does not carry the request's id in clear");
        HttpResponse<String> byId = book("demo", "leadId", lead.id(), "2026-11-17T09:00:00-08:00");
        assertEquals(422, byId.statusCode(), byId.body());
        assertEquals(0, bookings());
        HttpResponse<String> forged = book("demo", "bookingToken", lead.id(), "2026-11-17T09:00:00-08:00");
        assertEquals(422, forged.statusCode(), forged.body());
        assertTrue(JSON.readTree(forged.body()).path("errors").has("bookingToken"), forged.body());
        assertEquals(0, bookings());
    }

    @Test
    void aTokenBooksOnceAndARetryOfThatBookingIsStill200() throws Exception {
        Made lead = lead();
        HttpResponse<String> r = book("demo", "bookingToken", lead.token(), "2026-11-17T09:00:00-08:00");
        assertEquals(201, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("id").asText();
        HttpResponse<String> retry = book("demo", "bookingToken", lead.token(), "2026-11-17T09:00:00-08:00");
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(id, JSON.readTree(retry.body()).get("id").asText());
        // Spent: it books nothing else, and says nothing of the booking it made.
        HttpResponse<String> other = book("demo", "bookingToken", lead.token(), "2026-11-17T09:40:00-08:00");
        assertTrue(other.statusCode() == 422 || other.statusCode() == 409, other.body());
        assertFalse(other.body().contains(id), other.body());
        assertFalse(other.body().contains("09:00"), other.body());
        assertEquals(1, bookings());
    }

    @Test
    void alreadyBookedIs409WithoutTheBookingsIdTimeOrPlace() throws Exception {
        Made first = lead("Idempotency-Key", "cap-409");
        HttpResponse<String> r = book("demo", "bookingToken", first.token(), "2026-11-17T09:00:00-08:00");
        assertEquals(201, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("id").asText();
        // A retry of the request gives a fresh token for the same request, which has its consultation already.
        Made again = lead("Idempotency-Key", "cap-409");
        assertEquals(first.id(), again.id());
        HttpResponse<String> conflict = book("demo", "bookingToken", again.token(), "2026-11-17T13:00:00-08:00");
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertFalse(conflict.body().contains(id), conflict.body());
        assertFalse(conflict.body().contains("2026-11-17T09:00"), conflict.body());
        assertFalse(conflict.body().contains("beverly-hills"), conflict.body());
        assertNull(JSON.readTree(conflict.body()).get("booking"), conflict.body());
    }

    @Test
    void aTokenExpiresAfterTwoHours() throws Exception {
        Made lead = lead();
        clock.advance(Duration.ofMinutes(121));
        HttpResponse<String> late = book("demo", "bookingToken", lead.token(), "2026-11-17T09:00:00-08:00");
        assertEquals(422, late.statusCode(), late.body());
        assertEquals(0, bookings());
    }

    @Test
    void aTokenIsRefusedOnceStaffClosedTheRequestAndAtAnotherClinic() throws Exception {
        Made lead = lead();
        HttpResponse<String> elsewhere = book("other", "bookingToken", lead.token(), "2026-11-17T09:00:00-08:00");
        assertEquals(422, elsewhere.statusCode(), elsewhere.body());
        server.jdbi().useHandle(h -> h.execute("UPDATE lead SET status = 'closed' WHERE id = ?", lead.id()));
        HttpResponse<String> closed = book("demo", "bookingToken", lead.token(), "2026-11-17T09:00:00-08:00");
        assertEquals(422, closed.statusCode(), closed.body());
        assertEquals(0, bookings());
    }

    // The iframe

    static HttpResponse<String> formPost(String path, Map<String, String> form) {
        return server.post(path, "application/x-www-form-urlencoded", Leads.formBody(form));
    }

    @Test
    void theIframesStepCarriesTheTokenNotTheLeadIdAndTheIdOpensNothing() {
        HttpResponse<String> step = formPost(Leads.FORM_PAGE, Leads.validForm(server.get(Leads.FORM_PAGE).body()));
        assertEquals(200, step.statusCode());
        String id = server.onlyLeadId();
        assertFalse(step.body().contains(id), "the request's id is nowhere in the page");
        String token = TestServer.hiddenField(step.body(), "bookingToken");

        // With the request's id, as before: nothing is shown, booked or changed.
        Map<String, String> byId = Map.of("leadId", id, "type", "phone", "location", "los-angeles",
                "slot", "2026-11-16T13:00:00-08:00");
        assertEquals(404, formPost("/embed/demo/times" + HOST, byId).statusCode());
        assertEquals(404, formPost("/embed/demo/book" + HOST, byId).statusCode());
        assertEquals(404, formPost("/embed/demo/callback" + HOST, Map.of("leadId", id, "time", "morning")).statusCode());
        assertNull(server.leadRow(id).get("callback_window"));
        assertEquals(0, bookings());

        // With the token: the call back is stored, and the time booked.
        HttpResponse<String> cb = formPost("/embed/demo/callback" + HOST, Map.of("bookingToken", token, "time", "morning"));
        assertEquals(200, cb.statusCode(), cb.body());
        assertTrue(String.valueOf(server.leadRow(id).get("callback_window")).contains("morning"));
        HttpResponse<String> booked = formPost("/embed/demo/book" + HOST, Map.of("bookingToken", token, "type", "phone",
                "location", "los-angeles", "slot", "2026-11-16T13:00:00-08:00"));
        assertEquals(200, booked.statusCode(), booked.body());
        assertTrue(booked.body().contains("data-booked-now"));
        assertEquals(1, bookings());

        // A second request's token stops working once staff closed that request: no call back, no times.
        HttpResponse<String> second = formPost(Leads.FORM_PAGE, Leads.validForm(server.get(Leads.FORM_PAGE).body()));
        String secondToken = TestServer.hiddenField(second.body(), "bookingToken");
        server.jdbi().useHandle(h -> h.execute("UPDATE lead SET status = 'notFit' WHERE id <> ?", id));
        assertEquals(404, formPost("/embed/demo/callback" + HOST, Map.of("bookingToken", secondToken, "time", "evening"))
                .statusCode());
        assertEquals(404, formPost("/embed/demo/times" + HOST, Map.of("bookingToken", secondToken)).statusCode());
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM lead WHERE callback_window IS NOT NULL").mapTo(Long.class).one()));
    }

    // The request log

    @Test
    void theRequestLogWritesRoutePatternsNotIds() throws Exception {
        Made lead = lead();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            server.get("/no/such/" + lead.id());
            server.get("/embed/demo%0Aforged/x");
            server.get("/embed/demo");
            server.post("/staff/leads/" + lead.id() + "/notes", "application/x-www-form-urlencoded", "body=x");
            server.get("/staff/leads/" + lead.id());
            Eventually.await("the request log lines", () -> captured.toString(StandardCharsets.UTF_8).contains("GET /staff/leads/"));
        } catch (AssertionError e) {
            System.setErr(original);
            throw new AssertionError(captured.toString(StandardCharsets.UTF_8), e);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains(lead.id()), log);
        assertTrue(log.contains("GET /staff/leads/{id} "), log);
        assertTrue(log.contains("POST /staff/leads/{id}/notes "), log);
        assertTrue(log.contains("GET (no route) 404"), "a path that matched no route is not written: " + log);
        assertTrue(log.contains("GET /embed/demo 200"), "the clinic, public, is filled in: " + log);
        assertFalse(log.contains("forged"), log);
    }
}
