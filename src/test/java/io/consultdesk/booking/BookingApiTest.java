package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The booking API on the real server with the demo clinic's schedule, at a fixed time: Monday
 * 2026-11-16, 8:00 in Los Angeles (16:00 UTC). Beverly Hills takes in-person consultations on Tuesdays
 * and Thursdays, one at a time; the minimum notice is two hours.
 */
class BookingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    static final String SLOTS = "/api/v1/clinics/demo/slots";
    static final String BOOKINGS = "/api/v1/clinics/demo/bookings";
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
        server.jdbi().useHandle(h -> {
            h.execute("DELETE FROM booking_seat");
            h.execute("DELETE FROM outbox");
            h.execute("DELETE FROM booking");
        });
        server.clearLeads();
    }

    static String lead() throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    static HttpResponse<String> book(String leadId, String type, String location, String start) {
        return server.postJson(BOOKINGS, "{\"leadId\": \"" + leadId + "\", \"type\": \"" + type + "\", \"location\": \""
                + location + "\", \"start\": \"" + start + "\"}");
    }

    static List<String> starts(HttpResponse<String> r) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).get("slots").forEach(s -> out.add(s.get("start").asText()));
        return out;
    }

    @Test
    void slotsAreListedInTheLocationsHoursWithItsOffset() throws Exception {
        HttpResponse<String> r = server.get(SLOTS + "?type=in-person&location=beverly-hills&from=2026-11-17&to=2026-11-17");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode first = JSON.readTree(r.body()).get("slots").get(0);
        assertEquals("in-person", first.get("type").asText());
        assertEquals("beverly-hills", first.get("location").asText());
        assertEquals("2026-11-17T09:00:00-08:00", first.get("start").asText());
        assertEquals("2026-11-17T09:30:00-08:00", first.get("end").asText());
        // 30 minutes and a 10-minute buffer: one every 40 minutes, ending by 12:00 and by 17:00.
        assertEquals(List.of("09:00", "09:40", "10:20", "11:00", "13:00", "13:40", "14:20", "15:00", "15:40", "16:20"),
                starts(r).stream().map(s -> s.substring(11, 16)).toList());
    }

    @Test
    void aBookingIs201TheSlotIsGoneAndTheLeadIsScheduled() throws Exception {
        String lead = lead();
        HttpResponse<String> r = book(lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        assertEquals(201, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("id").asText();
        assertTrue(id.length() >= 22);
        assertFalse(starts(server.get(SLOTS + "?type=in-person&location=beverly-hills&from=2026-11-17&to=2026-11-17"))
                .contains("2026-11-17T09:00:00-08:00"), "capacity 1: the time is no longer offered");
        assertEquals("scheduled", server.leadRow(lead).get("status"));
        assertEquals(List.of("booking-clinic", "booking-visitor"),
                server.app().outbox().forLead(lead).stream().map(m -> m.kind()).filter(k -> k.startsWith("booking")).toList(),
                "25 hours ahead: a confirmation each, no reminder (it would be due within the hour)");

        // The same booking again is a retry: 200 with the same id, nothing new.
        HttpResponse<String> again = book(lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(id, JSON.readTree(again.body()).get("id").asText());
        // Another time for the same lead: 409, it already has one.
        HttpResponse<String> other = book(lead, "in-person", "beverly-hills", "2026-11-17T09:40:00-08:00");
        assertEquals(409, other.statusCode(), other.body());
        assertEquals(id, JSON.readTree(other.body()).at("/booking/id").asText());
    }

    @Test
    void aBookingMoreThanADayAheadSchedulesAReminderADayBefore() throws Exception {
        String lead = lead();
        assertEquals(201, book(lead, "in-person", "beverly-hills", "2026-11-19T13:00:00-08:00").statusCode());
        var reminder = server.app().outbox().forLead(lead).stream().filter(m -> m.kind().equals("booking-reminder")).toList();
        assertEquals(1, reminder.size());
        assertEquals(Instant.parse("2026-11-18T21:00:00Z"), reminder.get(0).scheduledFor(), "24 hours before 13:00 PST");
        assertEquals(Instant.parse("2026-11-19T21:00:00Z"), reminder.get(0).giveUpAt(), "never after the consultation");
        JsonNode health = JSON.readTree(server.get("/healthz").body());
        assertEquals(1, health.at("/mail/scheduled").asInt(), "a scheduled reminder is not a pending email");
    }

    @Test
    void aTakenSlotIs409WithFreshSlots() throws Exception {
        assertEquals(201, book(lead(), "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00").statusCode());
        HttpResponse<String> r = book(lead(), "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        assertEquals(409, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.get("error").asText().contains("just taken"), r.body());
        assertEquals("2026-11-17T09:40:00-08:00", body.at("/slots/0/start").asText(), "the next free time first");
    }

    @Test
    void fiftyConcurrentRequestsForOneSlotGiveExactlyOneBooking() throws Exception {
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            leads.add(lead());
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (String lead : leads) {
            Callable<Integer> call = () -> {
                go.await();
                return book(lead, "in-person", "beverly-hills", "2026-11-19T13:00:00-08:00").statusCode();
            };
            results.add(pool.submit(call));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
        assertEquals(49, codes.stream().filter(c -> c == 409).count(), codes.toString());
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM booking WHERE status = 'booked'").mapTo(Long.class).one()));
    }

    @Test
    void aTimeThatIsNotOfferedIs422() throws Exception {
        String lead = lead();
        for (String start : List.of("2026-11-17T09:10:00-08:00", "2026-11-18T09:00:00-08:00", "2026-11-16T08:30:00-08:00",
                "2027-02-16T09:00:00-08:00", "2026-11-17T11:40:00-08:00")) {
            HttpResponse<String> r = book(lead, "in-person", "beverly-hills", start);
            assertEquals(422, r.statusCode(), start + " " + r.body());
            assertTrue(JSON.readTree(r.body()).at("/errors/start").asText().contains("not a time the clinic offers"), r.body());
        }
        assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM booking").mapTo(Long.class).one()));
    }
}
