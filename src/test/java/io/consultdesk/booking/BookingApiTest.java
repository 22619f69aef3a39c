package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
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
    static void start() throws Exception {
        clock = new MutableClock(MONDAY_8AM_LA);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        // Another clinic with the same schedule, one with booking off, and one whose Beverly Hills takes no bookings.
        saveClinic("other", c -> { });
        saveClinic("quiet", c -> ((ObjectNode) c.get("booking")).put("enabled", false));
        saveClinic("partial", c -> ((ObjectNode) c.get("booking").get("locations")).remove("beverly-hills"));
    }

    static void saveClinic(String slug, Consumer<ObjectNode> change) throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(ClinicFile.write(ClinicService.demoClinic()));
        file.put("slug", slug);
        change.accept(file);
        server.app().clinics().save(ClinicFile.parse(file.toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        clock.advance(Duration.between(clock.instant(), MONDAY_8AM_LA));
        server.jdbi().useHandle(h -> {
            h.execute("DELETE FROM booking_seat");
            h.execute("DELETE FROM outbox");
            h.execute("DELETE FROM booking");
        });
        server.clearLeads();
    }

    /** The request's id of each booking token the tests were given (the token books; the id names it in the database). */
    static final Map<String, String> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A request for the demo clinic: its booking token (see {@link #id}). */
    static String lead() throws Exception {
        return lead("demo", Leads.validJson());
    }

    /** The request's id of a token from {@link #lead}. */
    static String id(String token) {
        return IDS.getOrDefault(token, token);
    }

    static HttpResponse<String> book(String token, String type, String location, String start) {
        return server.postJson(BOOKINGS, "{\"bookingToken\": \"" + token + "\", \"type\": \"" + type + "\", \"location\": \""
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
        assertEquals("scheduled", server.leadRow(id(lead)).get("status"));
        assertEquals(List.of("booking-clinic", "booking-visitor"),
                server.app().outbox().forLead(id(lead)).stream().map(m -> m.kind()).filter(k -> k.startsWith("booking")).toList(),
                "25 hours ahead: a confirmation each, no reminder (it would be due within the hour)");

        // The same booking again is a retry: 200 with the same id, nothing new.
        HttpResponse<String> again = book(lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(id, JSON.readTree(again.body()).get("id").asText());
        // Another time for the same lead: 409, it already has one.
        // Another time with the same token: it is spent (422). With a new token for the same request: 409, it already
        // has one, and the answer names nothing of it.
        HttpResponse<String> spent = book(lead, "in-person", "beverly-hills", "2026-11-17T09:40:00-08:00");
        assertEquals("This booking token does not work", errors(spent).path("bookingToken").asText().substring(0, 32));
        HttpResponse<String> other = book(fresh(lead), "in-person", "beverly-hills", "2026-11-17T09:40:00-08:00");
        assertEquals(409, other.statusCode(), other.body());
        assertEquals("This request already has a consultation booked. Change or cancel that one first.",
                JSON.readTree(other.body()).get("error").asText());
        assertFalse(other.body().contains(id), other.body());
        assertEquals(1, JSON.readTree(other.body()).size(), "nothing but the error: " + other.body());
    }

    /** Another booking token for the same request (as a retry of the request with its Idempotency-Key gives). */
    static String fresh(String token) {
        String another = server.app().bookings().issueCapability("demo", id(token));
        IDS.put(another, id(token));
        return another;
    }

    @Test
    void aBookingMoreThanADayAheadSchedulesAReminderADayBefore() throws Exception {
        String lead = lead();
        assertEquals(201, book(lead, "in-person", "beverly-hills", "2026-11-19T13:00:00-08:00").statusCode());
        var reminder = server.app().outbox().forLead(id(lead)).stream().filter(m -> m.kind().equals("booking-reminder")).toList();
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

    // Helpers for the tests below

    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    static String lead(String clinic, String json) throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/" + clinic + "/leads", json);
        assertEquals(201, r.statusCode(), r.body());
        String token = JSON.readTree(r.body()).get("bookingToken").asText();
        IDS.put(token, JSON.readTree(r.body()).get("id").asText());
        return token;
    }

    static JsonNode errors(HttpResponse<String> r) throws Exception {
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return JSON.readTree(r.body()).get("errors");
    }

    static long bookings() {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM booking").mapTo(Long.class).one());
    }

    static Clinic demo() {
        return server.app().clinics().find("demo").orElseThrow();
    }

    static void setStatus(String lead, String status) {
        server.jdbi().useHandle(h -> h.createUpdate("UPDATE lead SET status = :s WHERE id = :id").bind("s", status).bind("id", id(lead))
                .execute());
    }

    static String status(String lead) {
        return (String) server.leadRow(id(lead)).get("status");
    }

    static List<JsonNode> slots(String query) throws Exception {
        HttpResponse<String> r = server.get(SLOTS + query);
        assertEquals(200, r.statusCode(), query + " " + r.body());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).get("slots").forEach(out::add);
        return out;
    }

    // Validation: 422 per field, 400, 415, 404

    static Stream<Arguments> invalidBookings() {
        String good = "\"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"";
        return Stream.of(
                Arguments.of("{\"bookingToken\": \"LEAD\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "type", "The consultation type is required."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": null, \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "type", "The consultation type is required."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "type", "The consultation type is required."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"video\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "type", "Not a consultation type of this clinic (offered: phone, in-person)."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": 15, \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "type", "Must be text of at most 100 characters."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "location", "The location is required."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"santa-monica\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "location", "Not a location of this clinic that takes bookings (those are: los-angeles, beverly-hills)."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"phone\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}",
                        "location", "This consultation type is not offered at this location."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\"}",
                        "start", "The start time is required."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00\"}",
                        "start", "Give the start as a date and time with an offset, like 2026-11-23T09:00:00-08:00."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17\"}",
                        "start", "Give the start as a date and time with an offset, like 2026-11-23T09:00:00-08:00."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"tomorrow at 9\"}",
                        "start", "Give the start as a date and time with an offset, like 2026-11-23T09:00:00-08:00."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00[America/Los_Angeles]\"}",
                        "start", "Give the start as a date and time with an offset, like 2026-11-23T09:00:00-08:00."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": 1795453200}",
                        "start", "Must be text of at most 100 characters."),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:05:00-08:00\"}",
                        "start", "This is not a time the clinic offers"),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:30-08:00\"}",
                        "start", "This is not a time the clinic offers"),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-07:00\"}",
                        "start", "This is not a time the clinic offers"),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"+999999999-12-31T23:59:59-18:00\"}",
                        "start", "This is not a time the clinic offers"),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"-999999999-01-01T00:00:00+18:00\"}",
                        "start", "This is not a time the clinic offers"),
                Arguments.of("{\"bookingToken\": \"LEAD\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"1970-01-01T00:00:00Z\"}",
                        "start", "This is not a time the clinic offers"),
                Arguments.of("{" + good + "}", "bookingToken", "The booking token given with the request (the answer of POST …/leads) is required."),
                Arguments.of("{\"bookingToken\": \"\", " + good + "}", "bookingToken", "The booking token given with the request"),
                Arguments.of("{\"bookingToken\": \"" + "A".repeat(22) + "\", " + good + "}", "bookingToken", "This booking token does not work"),
                Arguments.of("{\"bookingToken\": \"" + "A".repeat(80) + "\", " + good + "}", "bookingToken", "This booking token does not work"),
                Arguments.of("{\"bookingToken\": \"" + "A".repeat(101) + "\", " + good + "}", "bookingToken", "Must be text of at most 100 characters."),
                Arguments.of("{\"bookingToken\": \"OTHER\", " + good + "}", "bookingToken", "This booking token does not work"),
                Arguments.of("{\"bookingToken\": [\"LEAD\"], " + good + "}", "bookingToken", "Must be text of at most 100 characters."),
                Arguments.of("{\"leadId\": \"LEAD\", " + good + "}", "leadId", "A request’s id does not book"),
                Arguments.of("{\"bookingToken\": \"LEAD\", " + good + ", \"notes\": \"call me\"}", "notes", "This field is not part of a booking."),
                Arguments.of("{\"bookingToken\": \"LEAD\", " + good + ", \"name\": \"Jordan\"}", "name", "This field is not part of a booking."));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("invalidBookings")
    void eachInvalidFieldIs422WithItsMessage(String body, String field, String message) throws Exception {
        String lead = lead();
        String other = body.contains("OTHER") ? lead("other", Leads.validJson()) : "";
        HttpResponse<String> r = server.postJson(BOOKINGS, body.replace("LEAD", lead).replace("OTHER", other));
        JsonNode errors = errors(r);
        assertTrue(errors.path(field).asText().startsWith(message), r.body());
        assertFalse(errors.path(field).asText().contains("{0}"), "the message is filled in: " + r.body());
        assertEquals(0, bookings(), "nothing booked");
        assertEquals("new", status(lead));
    }

    @Test
    void severalFieldProblemsAreReportedTogether() throws Exception {
        // The shape of the request first: every field that is missing, not text, or not a time.
        JsonNode shape = errors(server.postJson(BOOKINGS, "{\"type\": \"video\", \"location\": 3, \"start\": \"soon\", \"x\": 1}"));
        assertEquals(List.of("bookingToken", "location", "start", "x"), iterable(shape.fieldNames()).stream().sorted().toList());
        // Then what it asks for: type and location together.
        JsonNode what = errors(server.postJson(BOOKINGS, "{\"bookingToken\": \"" + lead() + "\", \"type\": \"video\", \"location\": \"nowhere\","
                + " \"start\": \"2026-11-17T09:00:00-08:00\"}"));
        assertEquals(List.of("location", "type"), iterable(what.fieldNames()).stream().sorted().toList());
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"bookingToken\": }", "{\"bookingToken\": \"a\",}", "{} {}", "{\"type\": \"a\", \"type\": \"b\"}", "[]", "null",
            "\"booking\"", "42", "", "   "})
    void malformedJsonIs400(String body) throws Exception {
        HttpResponse<String> r = server.postJson(BOOKINGS, body);
        assertEquals(400, r.statusCode(), body + " → " + r.body());
        assertTrue(JSON.readTree(r.body()).get("error").isTextual(), r.body());
        assertEquals(0, bookings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp",
            "text/json"})
    void otherContentTypesAre415(String contentType) throws Exception {
        String lead = lead();
        HttpResponse<String> r = server.post(BOOKINGS, contentType, "{\"bookingToken\": \"" + lead
                + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}");
        assertEquals(415, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("error").isTextual());
        assertEquals(0, bookings());
    }

    @Test
    void jsonWithACharsetOrInCapitalsIsJson() throws Exception {
        String body = "{\"bookingToken\": \"" + lead() + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}";
        assertEquals(201, server.post(BOOKINGS, "Application/JSON; charset=utf-8", body).statusCode());
    }

    @Test
    void anUnknownClinicOrOneWithBookingOffIs404() throws Exception {
        for (String path : List.of("/api/v1/clinics/nope/slots", "/api/v1/clinics/quiet/slots")) {
            HttpResponse<String> r = server.get(path);
            assertEquals(404, r.statusCode(), path);
            assertTrue(JSON.readTree(r.body()).get("error").isTextual(), r.body());
        }
        assertTrue(JSON.readTree(server.get("/api/v1/clinics/quiet/slots").body()).get("error").asText()
                .contains("does not offer online booking"));
        String quietLead = lead("quiet", Leads.validJson());
        for (String clinic : List.of("nope", "quiet")) {
            HttpResponse<String> r = server.postJson("/api/v1/clinics/" + clinic + "/bookings", "{\"bookingToken\": \"" + quietLead
                    + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}");
            assertEquals(404, r.statusCode(), clinic + " " + r.body());
        }
        assertEquals(404, server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/clinics/nope/bookings")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), "Origin", "http://localhost:8080").statusCode());
        assertEquals(0, bookings());
    }

    // CORS

    @Test
    void anAllowedOriginGetsCorsHeadersAndAnotherIs403() throws Exception {
        HttpResponse<String> ok = server.get(SLOTS + "?location=beverly-hills", "Origin", "http://localhost:8080");
        assertEquals(200, ok.statusCode());
        assertEquals(Optional.of("http://localhost:8080"), ok.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(ok.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")), ok.headers().toString());

        HttpResponse<String> plain = server.get(SLOTS + "?location=beverly-hills");
        assertEquals(200, plain.statusCode(), "no Origin: not a browser, allowed");
        assertEquals(Optional.empty(), plain.headers().firstValue("Access-Control-Allow-Origin"));

        for (String origin : List.of("https://evil.example", "http://localhost.evil.example:8080", "null")) {
            HttpResponse<String> no = server.get(SLOTS, "Origin", origin);
            assertEquals(403, no.statusCode(), origin);
            assertEquals(Optional.empty(), no.headers().firstValue("Access-Control-Allow-Origin"), origin);
        }

        String lead = lead();
        String body = "{\"bookingToken\": \"" + lead + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}";
        HttpResponse<String> refused = server.postJson(BOOKINGS, body, "Origin", "https://evil.example");
        assertEquals(403, refused.statusCode());
        assertEquals(0, bookings(), "a refused origin books nothing");
        HttpResponse<String> booked = server.postJson(BOOKINGS, body, "Origin", "http://127.0.0.1:5173");
        assertEquals(201, booked.statusCode(), booked.body());
        assertEquals(Optional.of("http://127.0.0.1:5173"), booked.headers().firstValue("Access-Control-Allow-Origin"));

        HttpResponse<String> preflight = server.send(HttpRequest.newBuilder(URI.create(server.url(BOOKINGS)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), "Origin", "http://localhost:8080",
                "Access-Control-Request-Method", "POST");
        assertEquals(204, preflight.statusCode());
        assertEquals(Optional.of("GET, POST"), preflight.headers().firstValue("Access-Control-Allow-Methods"));
        assertEquals(Optional.of("http://localhost:8080"), preflight.headers().firstValue("Access-Control-Allow-Origin"));
        HttpResponse<String> badPreflight = server.send(HttpRequest.newBuilder(URI.create(server.url(SLOTS)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), "Origin", "https://evil.example");
        assertEquals(403, badPreflight.statusCode());
        assertEquals(Optional.empty(), badPreflight.headers().firstValue("Access-Control-Allow-Origin"));
    }

    // Slots and their filters

    @Test
    void withoutFiltersEveryTypeAndLocationIsListedSoonestFirstWithinNoticeAndHorizon() throws Exception {
        List<JsonNode> all = slots("");
        assertFalse(all.isEmpty());
        Instant earliest = MONDAY_8AM_LA.plus(Duration.ofHours(2));
        LocalDate last = LocalDate.parse("2026-12-07"); // today (Monday 16th) + 21 days
        List<Instant> starts = new ArrayList<>();
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (JsonNode s : all) {
            OffsetDateTime start = OffsetDateTime.parse(s.get("start").asText());
            OffsetDateTime end = OffsetDateTime.parse(s.get("end").asText());
            starts.add(start.toInstant());
            kinds.add(s.get("type").asText() + "@" + s.get("location").asText());
            assertFalse(start.toInstant().isBefore(earliest), s.toString());
            assertFalse(start.atZoneSameInstant(LA).toLocalDate().isAfter(last), s.toString());
            assertEquals(start.getOffset(), start.toInstant().atZone(LA).getOffset(), "the location's offset: " + s);
            assertEquals(s.get("type").asText().equals("phone") ? 15 : 30, Duration.between(start, end).toMinutes(), s.toString());
        }
        assertEquals(starts.stream().sorted().toList(), starts, "soonest first");
        assertEquals(java.util.Set.of("in-person@beverly-hills", "in-person@los-angeles", "phone@los-angeles"), kinds);
        assertEquals("2026-11-16T10:00:00-08:00", all.get(0).get("start").asText(), "exactly two hours from now is offered");
        assertEquals(LocalDate.parse("2026-12-07"), OffsetDateTime.parse(all.get(all.size() - 1).get("start").asText()).toLocalDate());
        JsonNode first = all.get(0);
        assertEquals(List.of("type", "location", "start", "end"), iterable(first.fieldNames()));
    }

    @Test
    void slotsCanBeFilteredByTypeAndLocation() throws Exception {
        List<JsonNode> phone = slots("?type=phone");
        assertFalse(phone.isEmpty());
        assertTrue(phone.stream().allMatch(s -> s.get("type").asText().equals("phone") && s.get("location").asText().equals("los-angeles")));
        List<JsonNode> bh = slots("?location=beverly-hills");
        assertFalse(bh.isEmpty());
        assertTrue(bh.stream().allMatch(s -> s.get("type").asText().equals("in-person") && s.get("location").asText().equals("beverly-hills")));
        assertTrue(bh.stream().map(s -> OffsetDateTime.parse(s.get("start").asText()).getDayOfWeek())
                .allMatch(d -> d == java.time.DayOfWeek.TUESDAY || d == java.time.DayOfWeek.THURSDAY), "Beverly Hills: Tuesdays and Thursdays");
        List<JsonNode> laInPerson = slots("?type=in-person&location=los-angeles");
        assertTrue(laInPerson.stream().allMatch(s -> s.get("type").asText().equals("in-person") && s.get("location").asText().equals("los-angeles")));
        assertEquals(List.of(), slots("?type=phone&location=beverly-hills"), "phone calls are not offered there");
        assertEquals(slots("?type=in-person&location=beverly-hills"), bh);
        assertEquals(slots("?type=%20&location="), slots(""), "blank filters are no filters");
    }

    @Test
    void fromAndToAreLocalDatesOrOffsetDateTimes() throws Exception {
        List<JsonNode> byDate = slots("?location=beverly-hills&from=2026-11-17&to=2026-11-17");
        assertEquals(10, byDate.size());
        assertTrue(byDate.stream().allMatch(s -> s.get("start").asText().startsWith("2026-11-17T")));
        assertEquals(byDate, slots("?location=beverly-hills&from=2026-11-17T00:00:00-08:00&to=2026-11-17T23:59:59-08:00"));
        // Offset date-times are read as the date they fall on at the location: 03:00Z on the 18th is the 17th in LA.
        assertEquals(byDate, slots("?location=beverly-hills&from=2026-11-17T13:30:00%2B05:30&to=2026-11-18T03:00:00Z"));
        assertEquals(byDate, slots("?location=beverly-hills&from=2026-11-16&to=2026-11-18"), "Monday and Wednesday have no hours there");
        List<JsonNode> week = slots("?location=beverly-hills&from=2026-11-17&to=2026-11-23");
        assertEquals(20, week.size(), "Tuesday and Thursday");
        assertEquals(List.of(), slots("?from=2026-12-08"), "beyond the horizon");
        assertEquals(List.of(), slots("?to=2026-11-15"), "before today");
        assertEquals(slots("?from=2026-01-01&to=2027-12-31"), slots(""), "clipped to today and the horizon");
        assertEquals(slots("?from=-999999999-01-01&to=%2B999999999-12-31"), slots(""), "even from the first to the last date there is");
        assertEquals(List.of(), slots("?from=%2B999999999-12-31"));
    }

    static Stream<Arguments> badSlotQueries() {
        return Stream.of(
                Arguments.of("?from=2026-11-18&to=2026-11-17", "to", "The end of the range is before its start."),
                Arguments.of("?from=2026-11-18T00:00:00-08:00&to=2026-11-17", "to", "The end of the range is before its start."),
                Arguments.of("?from=tomorrow", "from", "Give a date like 2026-11-23"),
                Arguments.of("?from=2026-11-31", "from", "Give a date like 2026-11-23"),
                Arguments.of("?to=2026-11-17T09:00", "to", "Give a date like 2026-11-23"),
                Arguments.of("?to=2026-11-17T09:00:00%20-08:00", "to", "Give a date like 2026-11-23"),
                Arguments.of("?from=%2B999999999-12-31T23:59:59-18:00", "from", "Give a date like 2026-11-23"),
                Arguments.of("?to=-999999999-01-01T00:00:00%2B18:00", "to", "Give a date like 2026-11-23"),
                Arguments.of("?type=video", "type", "Not a consultation type of this clinic (offered: phone, in-person)."),
                Arguments.of("?location=santa-monica", "location", "Not a location of this clinic that takes bookings (those are: los-angeles, beverly-hills)."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSlotQueries")
    void badSlotQueriesAre422(String query, String field, String message) throws Exception {
        HttpResponse<String> r = server.get(SLOTS + query);
        assertTrue(errors(r).path(field).asText().startsWith(message), r.body());
    }

    @Test
    void aClinicLocationWithoutBookableHoursIsNotALocationForBooking() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/clinics/partial/slots?location=beverly-hills");
        assertEquals("Not a location of this clinic that takes bookings (those are: los-angeles).",
                errors(r).path("location").asText(), r.body());
        String lead = lead("partial", Leads.validJson());
        HttpResponse<String> b = server.postJson("/api/v1/clinics/partial/bookings", "{\"bookingToken\": \"" + lead
                + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}");
        assertEquals("This consultation type is not offered at this location.", errors(b).path("location").asText());
    }

    @Test
    void blockedDatesHaveNoSlotsAndCannotBeBooked() throws Exception {
        // Monday 2026-12-21, 08:00 in LA: the 24th and 25th are the demo's holidays.
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-12-21T16:00:00Z")));
        List<JsonNode> around = slots("?location=los-angeles&from=2026-12-23&to=2026-12-26");
        assertEquals(java.util.Set.of("2026-12-23", "2026-12-26"), around.stream()
                .map(s -> s.get("start").asText().substring(0, 10)).collect(java.util.stream.Collectors.toSet()));
        assertTrue(errors(book(lead(), "in-person", "los-angeles", "2026-12-24T09:20:00-08:00")).path("start").asText()
                .startsWith("This is not a time the clinic offers"));
        assertEquals(201, book(lead(), "in-person", "los-angeles", "2026-12-23T09:20:00-08:00").statusCode());
    }

    // Daylight saving time through the API

    static Stream<Arguments> dstWeeks() {
        return Stream.of(
                // Monday 2026-10-26 08:00 PDT; clocks go back on Sunday 2026-11-01.
                Arguments.of("2026-10-26T15:00:00Z", List.of("2026-10-30T08:00:00-07:00", "2026-10-31T09:00:00-07:00",
                        "2026-11-02T08:00:00-08:00", "2026-11-03T08:00:00-08:00"), "2026-11-02T08:00:00-08:00", "2026-11-02T16:00:00Z"),
                // Monday 2027-03-08 08:00 PST; clocks go forward on Sunday 2027-03-14.
                Arguments.of("2027-03-08T16:00:00Z", List.of("2027-03-12T08:00:00-08:00", "2027-03-13T09:00:00-08:00",
                        "2027-03-15T08:00:00-07:00", "2027-03-16T08:00:00-07:00"), "2027-03-15T08:00:00-07:00", "2027-03-15T15:00:00Z"));
    }

    @ParameterizedTest(name = "the week of {0}")
    @MethodSource("dstWeeks")
    void eachDayOfADstWeekIsOfferedAtTheLocationsHoursWithThatDaysOffset(String now, List<String> firstOfEachDay, String book,
                                                                       String instant) throws Exception {
        clock.advance(Duration.between(clock.instant(), Instant.parse(now)));
        String from = firstOfEachDay.get(0).substring(0, 10);
        String to = firstOfEachDay.get(firstOfEachDay.size() - 1).substring(0, 10);
        List<JsonNode> slots = slots("?type=in-person&location=los-angeles&from=" + from + "&to=" + to);
        java.util.Map<String, String> firstPerDay = new java.util.TreeMap<>();
        for (JsonNode s : slots) {
            firstPerDay.putIfAbsent(s.get("start").asText().substring(0, 10), s.get("start").asText());
        }
        assertEquals(firstOfEachDay, List.copyOf(firstPerDay.values()), "Sunday, the day of the change, is closed");
        for (JsonNode s : slots) {
            OffsetDateTime start = OffsetDateTime.parse(s.get("start").asText());
            assertEquals(Duration.ofMinutes(30), Duration.between(start, OffsetDateTime.parse(s.get("end").asText())));
            assertFalse(start.toLocalTime().isBefore(java.time.LocalTime.of(8, 0)), "never an hour early: " + s);
        }
        HttpResponse<String> r = book(lead(), "in-person", "los-angeles", book);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(book, JSON.readTree(r.body()).get("start").asText());
        assertEquals(Instant.parse(instant), server.app().bookings().find(JSON.readTree(r.body()).get("id").asText()).orElseThrow().startsAt());
    }

    // Booking: the time in any offset, notice and horizon at the edges

    @Test
    void aVisitorInNewYorkBooksTheSameInstantInTheirOwnOffset() throws Exception {
        HttpResponse<String> r = book(lead(), "in-person", "beverly-hills", "2026-11-17T12:00:00-05:00");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("2026-11-17T09:00:00-08:00", body.get("start").asText(), "answered in the location's offset");
        assertEquals("2026-11-17T09:30:00-08:00", body.get("end").asText());
        var row = server.app().bookings().find(body.get("id").asText()).orElseThrow();
        assertEquals(Instant.parse("2026-11-17T17:00:00Z"), row.startsAt());
        assertEquals("America/Los_Angeles", row.timeZone());
        assertFalse(starts(server.get(SLOTS + "?location=beverly-hills&from=2026-11-17&to=2026-11-17")).contains("2026-11-17T09:00:00-08:00"));
        HttpResponse<String> utc = book(lead(), "in-person", "beverly-hills", "2026-11-17T17:00:00Z");
        assertEquals(409, utc.statusCode(), "the same instant written in UTC is the same, taken slot");
    }

    @Test
    void theNoticeAndHorizonEdgesAreBookable() throws Exception {
        assertTrue(errors(book(lead(), "in-person", "los-angeles", "2026-11-16T09:20:00-08:00")).path("start").asText()
                .startsWith("This is not a time"), "1 h 20 min ahead: too soon");
        assertEquals(201, book(lead(), "in-person", "los-angeles", "2026-11-16T10:00:00-08:00").statusCode(), "exactly 2 h ahead");
        assertEquals(201, book(lead(), "in-person", "los-angeles", "2026-12-07T17:00:00-08:00").statusCode(), "the horizon's last slot");
        assertTrue(errors(book(lead(), "in-person", "los-angeles", "2026-12-08T08:00:00-08:00")).path("start").asText()
                .startsWith("This is not a time"), "a day beyond");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(422, book(lead(), "in-person", "los-angeles", "2026-11-16T10:00:00-08:00").statusCode(),
                "a minute later 10:00 is too soon, though a seat is free");
        assertEquals(201, book(lead(), "in-person", "los-angeles", "2026-11-16T10:40:00-08:00").statusCode(),
                "and 10:40 is still fine");
    }

    // Capacity

    @Test
    void capacityTwoAtLosAngelesAllowsExactlyTwoOfManyConcurrentRequests() throws Exception {
        int n = 12;
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leads.add(lead());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String lead = leads.get(i);
            // half ask for an in-person consultation, half for a phone call, all at 10:00 in Los Angeles
            String type = i % 2 == 0 ? "in-person" : "phone";
            results.add(pool.submit(() -> {
                go.await();
                return book(lead, type, "los-angeles", "2026-11-17T10:00:00-08:00").statusCode();
            }));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertEquals(2, codes.stream().filter(c -> c == 201).count(), codes.toString());
        assertEquals(n - 2, codes.stream().filter(c -> c == 409).count(), codes.toString());
        assertEquals(2L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM booking WHERE status = 'booked'").mapTo(Long.class).one()));
        assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM (SELECT cell_start FROM booking_seat GROUP BY location_id, cell_start HAVING count(*) > 2)")
                .mapTo(Long.class).one()), "no cell holds more than the capacity");
        List<String> phoneThatDay = starts(server.get(SLOTS + "?type=phone&from=2026-11-17&to=2026-11-17"));
        assertTrue(phoneThatDay.contains("2026-11-17T09:40:00-08:00"), "ends before 10:00");
        assertFalse(phoneThatDay.contains("2026-11-17T10:00:00-08:00"), "both seats taken at 10:00");
        assertTrue(phoneThatDay.contains("2026-11-17T11:00:00-08:00"), "clear of both by 11:00");
    }

    @Test
    void capacityTwoTakesASecondBookingAndRefusesAThird() throws Exception {
        assertEquals(201, book(lead(), "in-person", "los-angeles", "2026-11-17T08:00:00-08:00").statusCode());
        assertTrue(starts(server.get(SLOTS + "?type=in-person&location=los-angeles&from=2026-11-17&to=2026-11-17"))
                .contains("2026-11-17T08:00:00-08:00"), "one of two seats left: still offered");
        assertEquals(201, book(lead(), "phone", "los-angeles", "2026-11-17T08:20:00-08:00").statusCode(), "overlaps the first");
        assertFalse(starts(server.get(SLOTS + "?type=in-person&location=los-angeles&from=2026-11-17&to=2026-11-17"))
                .contains("2026-11-17T08:00:00-08:00"), "08:20–08:40 is full now");
        HttpResponse<String> third = book(lead(), "in-person", "los-angeles", "2026-11-17T08:00:00-08:00");
        assertEquals(409, third.statusCode(), third.body());
        assertEquals("2026-11-17T08:40:00-08:00", JSON.readTree(third.body()).at("/slots/0/start").asText(),
                "fresh slots of that type and location, the next free first");
        JSON.readTree(third.body()).get("slots").forEach(s -> {
            assertEquals("in-person", s.get("type").asText());
            assertEquals("los-angeles", s.get("location").asText());
        });
    }

    // Cancelling frees the slot; the lead's status

    @Test
    void aCancelledBookingFreesItsSlotForSomeoneElse() throws Exception {
        String first = lead();
        HttpResponse<String> r = book(first, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        assertEquals(201, r.statusCode());
        assertEquals(409, book(lead(), "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00").statusCode());
        var booking = server.app().bookings().find(JSON.readTree(r.body()).get("id").asText()).orElseThrow();
        assertTrue(server.app().bookings().cancel(demo(), booking, BookingService.Source.api("127.0.0.1")).isPresent());
        assertTrue(starts(server.get(SLOTS + "?location=beverly-hills&from=2026-11-17&to=2026-11-17")).contains("2026-11-17T09:00:00-08:00"),
                "offered again");
        assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM booking_seat WHERE booking_id = :id")
                .bind("id", booking.id()).mapTo(Long.class).one()), "its seats are released");
        String second = lead();
        assertEquals(201, book(second, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00").statusCode());
        assertEquals("cancelled", server.app().bookings().find(booking.id()).orElseThrow().status(), "the cancelled one is kept");
        assertEquals("new", status(first), "back where it was");
        assertEquals(422, book(first, "in-person", "beverly-hills", "2026-11-17T09:40:00-08:00").statusCode(),
                "its token was spent on the cancelled booking");
        assertEquals(201, book(fresh(first), "in-person", "beverly-hills", "2026-11-17T09:40:00-08:00").statusCode(),
                "after a cancellation the same request can book again with a new token");
        assertEquals(2, server.app().bookings().forLead(id(first)).size());
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("new", "scheduled", "new"),
                Arguments.of("contacted", "scheduled", "contacted"),
                Arguments.of("scheduled", "scheduled", "scheduled"),
                Arguments.of("patient", "patient", "patient"),
                Arguments.of("notFit", "notFit", "notFit"),
                Arguments.of("noResponse", "noResponse", "noResponse"),
                Arguments.of("closed", "closed", "closed"));
    }

    @ParameterizedTest(name = "{0} → {1}, cancelled → {2}")
    @MethodSource("statuses")
    void aBookingMovesTheLeadToScheduledOnlyFromNewOrContacted(String before, String booked, String afterCancel) throws Exception {
        String lead = lead();
        setStatus(lead, before);
        HttpResponse<String> r = book(lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        if (!List.of("new", "contacted", "scheduled").contains(before)) {
            // Staff closed the request: its token books nothing (staff still can, from the request's page).
            assertTrue(errors(r).has("bookingToken"), r.body());
            assertEquals(0, bookings());
            assertEquals(before, status(lead));
            return;
        }
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(booked, status(lead));
        var booking = server.app().bookings().find(JSON.readTree(r.body()).get("id").asText()).orElseThrow();
        assertEquals(before.equals("new") || before.equals("contacted") ? before : null, booking.priorStatus());
        List<String> changes = statusAudit(lead);
        assertEquals(booked.equals(before) ? List.of() : List.of(before + " → scheduled"), changes);
        assertTrue(server.app().bookings().cancel(demo(), booking, BookingService.Source.api("127.0.0.1")).isPresent());
        assertEquals(afterCancel, status(lead));
        assertEquals(booked.equals(before) ? List.of() : List.of(before + " → scheduled", "scheduled → " + before), statusAudit(lead));
    }

    @Test
    void aCancellationLeavesAStatusStaffChangedMeanwhile() throws Exception {
        String lead = lead();
        HttpResponse<String> r = book(lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        assertEquals("scheduled", status(lead));
        setStatus(lead, "patient"); // staff moved it on after the consultation was booked
        var booking = server.app().bookings().find(JSON.readTree(r.body()).get("id").asText()).orElseThrow();
        server.app().bookings().cancel(demo(), booking, BookingService.Source.api("127.0.0.1"));
        assertEquals("patient", status(lead));
    }

    static List<String> statusAudit(String lead) {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT detail FROM audit_log WHERE action = 'lead.statusChanged' AND lead_id = :id ORDER BY id")
                .bind("id", id(lead)).mapTo(String.class).list());
    }

    @Test
    void aBookingIsAudited() throws Exception {
        String lead = lead();
        assertEquals(201, book(lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00").statusCode());
        List<Map<String, Object>> audit = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM audit_log WHERE action = 'booking.created' AND lead_id = :id").bind("id", id(lead)).mapToMap().list());
        assertEquals(1, audit.size());
        assertEquals("in-person · beverly-hills · 2026-11-17T09:00:00-08:00 · by the visitor", audit.get(0).get("detail"));
        assertEquals("demo", audit.get(0).get("clinic_slug"));
    }
}
