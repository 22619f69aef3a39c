package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consultations in the staff dashboard, on the real server at a fixed time: Monday 2026-11-16, 8:00 in Los
 * Angeles (16:00 UTC). The demo clinic books in Los Angeles time; a second clinic, "north", has the same
 * schedule on New York clocks; a third, "south", does not book online. Staff see and change only their
 * clinics' consultations; each view and change is audited, and each change emails the visitor and the clinic.
 */
class StaffBookingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    static final String DEMO_STAFF = "desk@demo-clinic.example";
    static final String STAFF_IP = "198.51.100.7";
    static MutableClock clock;
    static TestServer server;
    static StaffClient demo;
    static StaffClient north;
    static StaffClient admin;

    @BeforeAll
    static void start() {
        clock = new MutableClock(MONDAY_8AM_LA);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock).trustProxy(true));
        Clinic d = ClinicService.demoClinic();
        List<Clinic.Location> newYork = d.locations().stream().map(l -> new Clinic.Location(l.id(),
                l.id().equals("los-angeles") ? "Boston" : "Salem", l.address(), "America/New_York")).toList();
        server.app().clinics().save(new Clinic("north", "North Shore TMS", d.phone(), d.hours(), d.brandColor(), d.offer(),
                d.locale(), d.privacyNoticeUrl(), newYork, d.allowedOrigins(),
                new Clinic.Recipients(List.of("intake@north.example"), List.of(), List.of()), d.questions()).withBooking(d.booking()));
        server.app().clinics().save(new Clinic("south", "South Bay Ketamine", d.phone(), d.hours(), d.brandColor(), d.offer(),
                d.locale(), d.privacyNoticeUrl(), d.locations(), d.allowedOrigins(),
                new Clinic.Recipients(List.of("intake@south.example"), List.of(), List.of()), d.questions()));
        demo = StaffClient.signedIn(server, DEMO_STAFF, Role.STAFF, "demo");
        north = StaffClient.signedIn(server, "desk@north.example", Role.STAFF, "north");
        admin = StaffClient.signedIn(server, "owner@consultdesk.example", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        server.clearLeads();
    }

    // Helpers

    static String lead(String clinic, Consumer<ObjectNode> edit) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
            edit.accept(body);
            HttpResponse<String> r = server.postJson("/api/v1/clinics/" + clinic + "/leads", body.toString());
            assertEquals(201, r.statusCode(), r.body());
            return JSON.readTree(r.body()).get("id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String lead(String name, String phone) {
        return lead("demo", n -> {
            n.put("name", name);
            n.put("phone", phone);
        });
    }

    /** Books through the public API, as the widget would. */
    static void apiBook(String clinic, String lead, String type, String location, String start) {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/" + clinic + "/bookings", "{\"bookingToken\": \"" + server.app().bookings().issueCapability(clinic, lead)
                + "\", \"type\": \"" + type + "\", \"location\": \"" + location + "\", \"start\": \"" + start + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    /** A dashboard form post with the session's CSRF token, from STAFF_IP. */
    static HttpResponse<String> post(StaffClient client, String path, Map<String, String> form) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("_csrf", client.csrf());
        return client.postRaw(path, withToken, "X-Forwarded-For", STAFF_IP);
    }

    static HttpResponse<String> ok(StaffClient client, String path) {
        HttpResponse<String> r = client.get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r;
    }

    static String section(String html, String id) {
        Matcher m = Pattern.compile("<section aria-labelledby=\"" + id + "\".*?</section>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "the page has " + id);
        return m.group();
    }

    static String timeline(String html) {
        Matcher m = Pattern.compile("<ol class=\"timeline\">(.*?)</ol>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "the page has a timeline");
        return m.group(1).replaceAll("\\s+", " ");
    }

    static List<Map<String, Object>> audit(String lead, String action) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM audit_log WHERE lead_id = :id AND action = :a ORDER BY id")
                .bind("id", lead).bind("a", action).mapToMap().list());
    }

    static Map<String, Object> lastAudit(String action) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM audit_log WHERE action = :a ORDER BY id DESC LIMIT 1")
                .bind("a", action).mapToMap().one());
    }

    static String status(String lead) {
        return (String) server.leadRow(lead).get("status");
    }

    static List<String> bookingMails(String lead) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT kind || ' ' || booking_sequence FROM outbox WHERE lead_id = :id"
                + " AND booking_id IS NOT NULL ORDER BY booking_sequence, kind, recipient").bind("id", lead).mapTo(String.class).list());
    }

    static List<String> leadLinks(String html) {
        Matcher m = Pattern.compile("<th scope=\"row\"><a href=\"/staff/leads/([A-Za-z0-9_-]+)\">").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // The upcoming consultations

    @Test
    void dayAndWeekViewsListTheConsultationsAtEachLocationsClockAndOnlyTheUsersClinics() {
        String tuesday = lead("Avery Tuesday", "(310) 555-0101");
        String wednesday = lead("Blake Wednesday", "(310) 555-0102");
        String nextWeek = lead("Casey Nextweek", "(310) 555-0103");
        String elsewhere = lead("north", n -> n.put("name", "Drew North"));
        apiBook("demo", tuesday, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        apiBook("demo", wednesday, "phone", "los-angeles", "2026-11-18T17:40:00-08:00");
        apiBook("demo", nextWeek, "phone", "los-angeles", "2026-11-23T08:00:00-08:00");
        apiBook("north", elsewhere, "in-person", "beverly-hills", "2026-11-17T09:00:00-05:00");

        String day = ok(demo, "/staff/consultations?view=day&date=2026-11-17").body();
        assertEquals(List.of(tuesday), leadLinks(day));
        assertTrue(day.contains("9:00 AM–9:30 AM PST"), "the time at Beverly Hills' clock");
        assertTrue(day.contains("In-person consultation, 30 min") && day.contains("in person, Beverly Hills"));
        assertTrue(day.contains("Avery Tuesday") && day.contains("href=\"tel:+13105550101\""), "the name and a phone link");
        assertTrue(day.contains("Tuesday, November 17"));
        Map<String, Object> listed = lastAudit("consultations.listed");
        assertEquals(DEMO_STAFF, listed.get("actor_email"));
        assertEquals("day 2026-11-17 all · 1 shown", listed.get("detail"));

        // Wednesday 17:40 in Los Angeles is already Thursday in UTC: it is listed on Wednesday.
        String week = ok(demo, "/staff/consultations?view=week&date=2026-11-18").body();
        assertEquals(List.of(tuesday, wednesday), leadLinks(week), "Monday to Sunday, by time; not the next week, not north's");
        assertTrue(week.contains("Monday, November 16 to Sunday, November 22"));
        assertTrue(week.indexOf("Wednesday, November 18") < week.indexOf("5:40 PM–5:55 PM PST"));
        assertTrue(week.indexOf("5:40 PM–5:55 PM PST") < week.indexOf("Thursday, November 19"));
        assertTrue(week.contains("href=\"/staff/consultations?view=week&amp;date=2026-11-23\""), "next week");
        assertTrue(week.contains("href=\"/staff/consultations?view=week&amp;date=2026-11-09\""), "previous week");
        assertEquals("week 2026-11-16 all · 2 shown", lastAudit("consultations.listed").get("detail"));

        assertEquals(List.of(wednesday), leadLinks(ok(demo, "/staff/consultations?view=week&date=2026-11-16&location=los-angeles").body()));
        assertEquals(List.of(nextWeek), leadLinks(ok(demo, "/staff/consultations?view=week&date=2026-11-23").body()));
        assertEquals(List.of(tuesday, wednesday), leadLinks(ok(demo, "/staff/consultations").body()), "this week by default");
        String empty = ok(demo, "/staff/consultations?view=day&date=2026-11-16").body();
        assertTrue(empty.contains("No consultations booked on this day."));

        // Another clinic's staff see their own consultation only, at New York's clock; another clinic's filter is ignored.
        String theirs = ok(north, "/staff/consultations?view=day&date=2026-11-17&clinic=demo").body();
        assertEquals(List.of(elsewhere), leadLinks(theirs));
        assertTrue(theirs.contains("9:00 AM–9:30 AM EST") && theirs.contains("in person, Salem"));
        assertFalse(theirs.contains("Avery Tuesday"));

        // An admin sees every clinic, each at its own clock, and can narrow to one.
        String all = ok(admin, "/staff/consultations?view=day&date=2026-11-17").body();
        assertEquals(List.of(elsewhere, tuesday), leadLinks(all), "09:00 in New York comes before 09:00 in Los Angeles");
        assertTrue(all.contains("North Shore TMS") && all.contains("Bright Harbor Ketamine &amp; TMS"));
        assertEquals(List.of(tuesday), leadLinks(ok(admin, "/staff/consultations?view=day&date=2026-11-17&clinic=demo").body()));
    }

    @Test
    void aBadDateOrViewIs400WithAMessageAndTodaysList() {
        HttpResponse<String> date = demo.get("/staff/consultations?view=day&date=17/11/2026");
        assertEquals(400, date.statusCode());
        assertTrue(date.body().contains("Give the date as YYYY-MM-DD"), date.body());
        assertTrue(date.body().contains("Monday, November 16"), "today instead");
        HttpResponse<String> view = demo.get("/staff/consultations?view=month");
        assertEquals(400, view.statusCode());
        assertTrue(view.body().contains("Choose the day or the week view."));
        assertEquals(400, demo.get("/staff/consultations?date=99999-01-01").statusCode());
    }

    @Test
    void theNavigationLinksTheConsultations() {
        String page = ok(demo, "/staff/leads").body();
        assertTrue(page.contains("<a href=\"/staff/consultations\">Consultations</a>"), "in the navigation");
        assertTrue(ok(demo, "/staff/consultations").body().contains(
                "<a href=\"/staff/consultations\" aria-current=\"page\">Consultations</a>"));
    }

    // Booking, moving and cancelling from the dashboard

    @Test
    void staffBookForALeadTheLeadIsScheduledAuditedAndTheTimelineSaysSo() {
        String lead = lead("demo", n -> n.put("timeZone", "America/New_York"));
        String page = ok(demo, "/staff/leads/" + lead).body();
        String card = section(page, "consultation-heading");
        assertTrue(card.contains("No consultation booked.") && card.contains("href=\"/staff/leads/" + lead + "/booking\""), card);

        // The lead asked for Beverly Hills: its in-person times, at its clock, and at the visitor's.
        String pick = ok(demo, "/staff/leads/" + lead + "/booking").body();
        assertTrue(pick.contains("value=\"2026-11-17T09:00:00-08:00\""), "the first free time, Tuesday 9:00");
        assertTrue(pick.contains("Times in Pacific Time, the clock at Beverly Hills."));
        assertTrue(pick.contains("12:00 PM for the visitor"), "the visitor is in New York");
        assertFalse(pick.contains("value=\"2026-11-16T"), "Beverly Hills books on Tuesdays and Thursdays only");
        assertEquals("booking", audit(lead, "lead.viewed").get(audit(lead, "lead.viewed").size() - 1).get("detail"));
        String phone = ok(demo, "/staff/leads/" + lead + "/booking?type=phone&location=los-angeles").body();
        assertTrue(phone.contains("value=\"2026-11-16T10:00:00-08:00\""), "two hours' notice from 8:00");
        assertFalse(phone.contains("value=\"2026-11-16T09:40:00-08:00\""));

        HttpResponse<String> r = post(demo, "/staff/leads/" + lead + "/booking", Map.of("type", "in-person", "location",
                "beverly-hills", "start", "2026-11-17T09:00:00-08:00"));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/staff/leads/" + lead + "?done=booked#consultation", r.headers().firstValue("Location").orElse(""));
        assertEquals("scheduled", status(lead));
        Map<String, Object> created = audit(lead, "booking.created").get(0);
        assertEquals(DEMO_STAFF, created.get("actor_email"));
        assertEquals(STAFF_IP, created.get("client_ip"));
        assertEquals("in-person · beverly-hills · 2026-11-17T09:00:00-08:00", created.get("detail"));
        assertEquals(DEMO_STAFF, audit(lead, "lead.statusChanged").get(0).get("actor_email"));
        assertEquals(List.of("booking-clinic 0", "booking-visitor 0"), bookingMails(lead));

        String after = ok(demo, "/staff/leads/" + lead + "?done=booked").body();
        assertTrue(after.contains("Consultation booked. The visitor and the clinic are emailed"));
        card = section(after, "consultation-heading");
        assertTrue(card.contains("Tue, Nov 17, 9:00 AM PST"), card);
        assertTrue(card.contains("In-person consultation, 30 min") && card.contains("in person, Beverly Hills")
                && card.contains("Booked by staff"), card);
        assertTrue(card.contains(">Reschedule</a>") && card.contains("action=\"/staff/leads/" + lead + "/booking/cancel\""));
        String timeline = timeline(after);
        assertTrue(timeline.contains("Consultation booked for Tue, Nov 17, 9:00 AM PST (in person, Beverly Hills)"
                + " <span class=\"sub\">· " + DEMO_STAFF), timeline);
        assertTrue(timeline.contains("Status: New → Consultation scheduled"), timeline);
        assertTrue(timeline.contains("Queued the visitor’s booking email"), timeline);
        assertTrue(timeline.indexOf("Consultation booked for") < timeline.indexOf("Queued the visitor’s booking email"),
                "the change, then the emails it queued");
        assertTrue(ok(demo, "/staff/consultations?view=day&date=2026-11-17").body().contains("Booked by staff"));
    }

    @Test
    void aVisitorsBookingShowsOnTheTimelineAsTheVisitors() {
        String lead = lead("Avery Visitor", "(310) 555-0104");
        apiBook("demo", lead, "phone", "los-angeles", "2026-11-18T10:00:00-08:00");
        String page = ok(demo, "/staff/leads/" + lead).body();
        assertTrue(section(page, "consultation-heading").contains("Booked by the visitor (API)"));
        assertTrue(timeline(page).contains("Consultation booked for Wed, Nov 18, 10:00 AM PST (by phone, Los Angeles) · by the visitor"),
                timeline(page));
        assertTrue(timeline(page).contains("Reminder scheduled for Nov 17, 2026, 10:00 AM PST"), timeline(page));
    }

    @Test
    void rescheduleAndCancelFromTheDashboardAreAuditedAndEmailed() {
        String lead = lead("Morgan Move", "(310) 555-0105");
        apiBook("demo", lead, "in-person", "beverly-hills", "2026-11-19T09:00:00-08:00");
        assertEquals(List.of("booking-clinic 0", "booking-reminder 0", "booking-visitor 0"), bookingMails(lead));

        String pick = ok(demo, "/staff/leads/" + lead + "/booking").body();
        assertTrue(pick.contains("Booked now: Thu, Nov 19, 9:00 AM PST (in person, Beverly Hills)."), pick);
        assertFalse(pick.contains("value=\"2026-11-19T09:00:00-08:00\""), "not its own time");
        assertFalse(pick.contains("?type=phone"), "moving keeps the type and place");
        String booking = TestServer.hiddenField(pick, "booking");

        HttpResponse<String> moved = post(demo, "/staff/leads/" + lead + "/booking", Map.of("booking", booking, "sequence", "0",
                "type", "in-person", "location", "beverly-hills", "start", "2026-11-24T13:00:00-08:00"));
        assertEquals(303, moved.statusCode(), moved.body());
        assertEquals("/staff/leads/" + lead + "?done=rescheduled#consultation", moved.headers().firstValue("Location").orElse(""));
        Map<String, Object> rescheduled = audit(lead, "booking.rescheduled").get(0);
        assertEquals(DEMO_STAFF, rescheduled.get("actor_email"));
        assertEquals("in-person · beverly-hills · 2026-11-19T09:00:00-08:00 → 2026-11-24T13:00:00-08:00", rescheduled.get("detail"));
        assertEquals(List.of("booking-clinic 0", "booking-reminder 0", "booking-visitor 0",
                "booking-clinic 1", "booking-reminder 1", "booking-visitor 1"), bookingMails(lead));
        String page = ok(demo, "/staff/leads/" + lead).body();
        assertTrue(section(page, "consultation-heading").contains("Tue, Nov 24, 1:00 PM PST"));
        String timeline = timeline(page);
        assertTrue(timeline.contains("Consultation moved from Thu, Nov 19, 9:00 AM PST to Tue, Nov 24, 1:00 PM PST"
                + " (in person, Beverly Hills)"), timeline);
        assertTrue(timeline.contains("Reminder scheduled for Nov 18, 2026, 9:00 AM PST · will not be sent: the consultation changed"),
                "the first reminder is for the old time: " + timeline);
        assertTrue(timeline.contains("Reminder scheduled for Nov 23, 2026, 1:00 PM PST </li>")
                || timeline.contains("Reminder scheduled for Nov 23, 2026, 1:00 PM PST<"), timeline);

        // A page from before the move cannot move or cancel the consultation as it is now.
        HttpResponse<String> stale = post(demo, "/staff/leads/" + lead + "/booking", Map.of("booking", booking, "sequence", "0",
                "start", "2026-11-26T09:00:00-08:00"));
        assertEquals(409, stale.statusCode());
        assertTrue(stale.body().contains("changed or cancelled meanwhile"), stale.body());
        HttpResponse<String> staleCancel = post(demo, "/staff/leads/" + lead + "/booking/cancel", Map.of("booking", booking,
                "sequence", "0"));
        assertEquals("/staff/leads/" + lead + "?error=bookingChanged#consultation", staleCancel.headers().firstValue("Location").orElse(""));
        assertEquals(1, audit(lead, "booking.rescheduled").size());
        assertTrue(audit(lead, "booking.cancelled").isEmpty());

        HttpResponse<String> cancelled = post(demo, "/staff/leads/" + lead + "/booking/cancel", Map.of("booking", booking,
                "sequence", "1"));
        assertEquals("/staff/leads/" + lead + "?done=cancelled#consultation", cancelled.headers().firstValue("Location").orElse(""));
        Map<String, Object> cancel = audit(lead, "booking.cancelled").get(0);
        assertEquals(DEMO_STAFF, cancel.get("actor_email"));
        assertEquals(STAFF_IP, cancel.get("client_ip"));
        assertEquals("new", status(lead), "back where the booking found it");
        assertTrue(bookingMails(lead).containsAll(List.of("booking-clinic 2", "booking-visitor 2")), bookingMails(lead).toString());
        assertFalse(bookingMails(lead).contains("booking-reminder 2"));

        page = ok(demo, "/staff/leads/" + lead + "?done=cancelled").body();
        assertTrue(page.contains("Consultation cancelled. The visitor and the clinic are emailed."));
        String card = section(page, "consultation-heading");
        assertTrue(card.contains("Book a consultation"), "a new one can be booked");
        assertTrue(card.contains("Tue, Nov 24, 1:00 PM PST (in person, Beverly Hills)") && card.contains("cancelled by staff"), card);
        assertTrue(timeline(page).contains("Consultation cancelled: Tue, Nov 24, 1:00 PM PST (in person, Beverly Hills)"));
        assertTrue(timeline(page).contains("Status: Consultation scheduled → New"));
        assertEquals(409, post(demo, "/staff/leads/" + lead + "/booking", Map.of("booking", booking, "sequence", "2",
                "start", "2026-11-26T09:00:00-08:00")).statusCode(), "a cancelled consultation cannot be moved");
    }

    @Test
    void aTimeTakenMeanwhileIsA409PageWithTheTimesStillFree() {
        String first = lead("Avery First", "(310) 555-0106");
        String second = lead("Blake Second", "(310) 555-0107");
        assertTrue(ok(demo, "/staff/leads/" + second + "/booking").body().contains("value=\"2026-11-17T09:00:00-08:00\""));
        apiBook("demo", first, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");

        HttpResponse<String> r = post(demo, "/staff/leads/" + second + "/booking", Map.of("type", "in-person", "location",
                "beverly-hills", "start", "2026-11-17T09:00:00-08:00"));
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("That time was just taken. Here are the times still free."));
        assertFalse(r.body().contains("value=\"2026-11-17T09:00:00-08:00\""));
        assertTrue(r.body().contains("value=\"2026-11-17T09:40:00-08:00\""), "the next free time");
        assertEquals("new", status(second));
        assertTrue(audit(second, "booking.created").isEmpty());
    }

    @Test
    void aTimeThatIsNotOfferedOrNotATimeIs422WithAMessage() {
        String lead = lead("Casey Invalid", "(310) 555-0108");
        Map<String, String> cases = Map.of(
                "2026-11-17T09:10:00-08:00", "That time is not offered",
                "2026-11-16T08:30:00-08:00", "That time is not offered",
                "next tuesday", "That is not a time this page offers",
                "", "Choose a time.");
        cases.forEach((start, message) -> {
            HttpResponse<String> r = post(demo, "/staff/leads/" + lead + "/booking", Map.of("type", "in-person", "location",
                    "beverly-hills", "start", start));
            assertEquals(422, r.statusCode(), start);
            assertTrue(r.body().contains(message), start + ": " + r.body());
        });
        HttpResponse<String> phone = post(demo, "/staff/leads/" + lead + "/booking", Map.of("type", "phone", "location",
                "beverly-hills", "start", "2026-11-17T09:00:00-08:00"));
        assertEquals(422, phone.statusCode());
        assertTrue(phone.body().contains("This consultation type is not offered at that location."));
        HttpResponse<String> instant = post(demo, "/staff/leads/" + lead + "/booking", Map.of("type", "in-person", "location",
                "beverly-hills", "start", "2026-11-17T17:00:00Z"));
        assertEquals(303, instant.statusCode(), "an instant is a time too");
        assertEquals("scheduled", status(lead));
    }

    @Test
    void postsWithoutTheCsrfTokenAre403AndChangeNothing() {
        String lead = lead("Drew Csrf", "(310) 555-0109");
        HttpResponse<String> r = demo.postRaw("/staff/leads/" + lead + "/booking", Map.of("type", "in-person", "location",
                "beverly-hills", "start", "2026-11-17T09:00:00-08:00"));
        assertEquals(403, r.statusCode());
        assertEquals("new", status(lead));
        apiBook("demo", lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        String booking = TestServer.hiddenField(ok(demo, "/staff/leads/" + lead).body(), "booking");
        assertEquals(403, demo.postRaw("/staff/leads/" + lead + "/booking/cancel", Map.of("booking", booking, "sequence", "0"))
                .statusCode());
        assertEquals("scheduled", status(lead));
        assertTrue(audit(lead, "booking.cancelled").isEmpty());
    }

    @Test
    void anotherClinicsLeadIsA404OnEveryBookingRouteAndNothingChanges() {
        String lead = lead("Emery Private", "(310) 555-0110");
        apiBook("demo", lead, "in-person", "beverly-hills", "2026-11-17T09:00:00-08:00");
        String booking = TestServer.hiddenField(ok(demo, "/staff/leads/" + lead).body(), "booking");
        for (String path : List.of("/staff/leads/" + lead + "/booking", "/staff/leads/no-such-lead/booking")) {
            HttpResponse<String> r = north.get(path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(r.body().contains("Emery Private"));
        }
        assertEquals(404, post(north, "/staff/leads/" + lead + "/booking", Map.of("booking", booking, "sequence", "0",
                "start", "2026-11-19T09:00:00-08:00")).statusCode());
        assertEquals(404, post(north, "/staff/leads/" + lead + "/booking", Map.of("type", "in-person", "location",
                "beverly-hills", "start", "2026-11-19T09:00:00-08:00")).statusCode());
        assertEquals(404, post(north, "/staff/leads/" + lead + "/booking/cancel", Map.of("booking", booking, "sequence", "0"))
                .statusCode());
        assertTrue(audit(lead, "booking.rescheduled").isEmpty());
        assertTrue(audit(lead, "booking.cancelled").isEmpty());
        assertTrue(audit(lead, "lead.viewed").stream().noneMatch(a -> "desk@north.example".equals(a.get("actor_email"))));
        assertEquals("scheduled", status(lead));
    }

    @Test
    void theCallBackWindowShowsOnTheCardAndTheTimeline() {
        String lead = lead("Finley Callback", "(310) 555-0111");
        Clinic clinic = server.app().clinics().find("demo").orElseThrow();
        assertTrue(server.app().bookings().requestCallBack(clinic, lead, List.of("mon", "wed"), "morning",
                BookingService.Source.widget("192.0.2.1")));
        String page = ok(demo, "/staff/leads/" + lead).body();
        assertTrue(section(page, "consultation-heading").contains("Asked to be called back:</strong> Mon, Wed · Morning (8am–12pm)"),
                section(page, "consultation-heading"));
        assertTrue(timeline(page).contains("Asked to be called back: Mon, Wed · Morning (8am–12pm)"), timeline(page));
    }

    @Test
    void aClinicThatDoesNotBookOnlineOffersNoBookingButSaysSo() {
        String lead = lead("south", n -> n.put("name", "Gray South"));
        String card = section(ok(admin, "/staff/leads/" + lead).body(), "consultation-heading");
        assertTrue(card.contains("This clinic does not take bookings online."), card);
        assertFalse(card.contains("/booking\""), "no booking link");
        assertTrue(ok(admin, "/staff/leads/" + lead + "/booking").body().contains("does not take bookings online"));
        HttpResponse<String> r = post(admin, "/staff/leads/" + lead + "/booking", Map.of("type", "in-person", "location",
                "beverly-hills", "start", "2026-11-17T09:00:00-08:00"));
        assertEquals(422, r.statusCode());
        assertTrue(ok(admin, "/staff/consultations?clinic=south").body().contains(
                "South Bay Ketamine does not take bookings online now"));
    }
}
