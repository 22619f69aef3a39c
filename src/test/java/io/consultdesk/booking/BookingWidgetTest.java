package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The widget's "Pick a time" step as a browser without JavaScript uses it: plain form posts in the iframe,
 * on the demo clinic's schedule at a fixed time, Monday 2026-11-16, 8:00 in Los Angeles (16:00 UTC).
 * The visitor of {@link Leads#validForm} is in New York and chose Los Angeles.
 */
class BookingWidgetTest {
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    static final String HOST = "?host=" + URLEncoder.encode("http://localhost:8080", StandardCharsets.UTF_8);
    static final String TIMES = "/embed/demo/times" + HOST;
    static final String BOOK = "/embed/demo/book" + HOST;
    static final String CALLBACK = "/embed/demo/callback" + HOST;
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

    static HttpResponse<String> post(String path, Map<String, String> form) {
        return server.post(path, "application/x-www-form-urlencoded", Leads.formBody(form));
    }

    static HttpResponse<String> post(String path, String body) {
        return server.post(path, "application/x-www-form-urlencoded", body);
    }

    /** Sends the consultation form as a browser without JavaScript does; the answer is the step. */
    static HttpResponse<String> request(Map<String, String> changes) {
        Map<String, String> f = Leads.validForm(server.get(Leads.FORM_PAGE).body());
        f.putAll(changes);
        return post(Leads.FORM_PAGE, f);
    }

    /** The booking token the step's forms carry (never the request's id). */
    static String leadOf(String html) {
        return TestServer.hiddenField(html, "bookingToken");
    }

    /** The request's id a token of the step names (for looking the request up in the database). */
    static String id(String token) {
        for (String clinic : List.of("demo", "no-booking")) {
            var found = server.app().clinics().find(clinic).flatMap(c -> server.app().bookings().pass(c, token));
            if (found.isPresent()) {
                return found.get().lead().id();
            }
        }
        throw new AssertionError("no request has this token");
    }

    /** The fields the step's forms carry, as a browser would send them, plus changes. */
    static Map<String, String> step(String leadId, String... pairs) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("bookingToken", leadId);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            f.put(pairs[i], pairs[i + 1]);
        }
        return f;
    }

    /** The legends of the days shown, in order. */
    static List<String> days(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<fieldset class=\"cd-group cd-day\"[^>]*>\\s*<legend>([^<]+)</legend>").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The slot radios' values, in order. */
    static List<String> slots(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("name=\"slot\" id=\"[^\"]+\" value=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static long count(String sql, Object... args) {
        return server.jdbi().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    // --- the step ---

    @Test
    void theRequestAnswersThePickATimeStepInTheVisitorsZone() {
        HttpResponse<String> r = request(Map.of());
        assertEquals(200, r.statusCode(), r.body());
        String html = r.body();
        String lead = server.onlyLeadId();
        // Still the thank-you: received, the emergency line and crisis panel, marked for form.js.
        assertTrue(html.contains("data-submitted"));
        assertTrue(html.contains("Thank you. We have your request."));
        assertTrue(html.contains("This form is not monitored 24/7. It is not for emergencies."));
        assertTrue(html.contains("<section id=\"crisis\" class=\"cd-crisis\""));
        assertTrue(html.contains("Pick a time for your free consultation"));
        // The lead travels in a hidden field, never in a URL.
        assertEquals(lead, id(leadOf(html)));
        assertFalse(html.contains(lead), "the request's id is not in the page: a token is");
        Matcher actions = Pattern.compile("(?:action|href|formaction)=\"([^\"]*)\"").matcher(html);
        while (actions.find()) {
            assertFalse(actions.group(1).contains(lead), actions.group(1));
        }
        assertTrue(html.contains("action=\"/embed/demo/times?host=http%3A%2F%2Flocalhost%3A8080\""));
        assertTrue(html.contains("action=\"/embed/demo/book?host=http%3A%2F%2Flocalhost%3A8080\""));

        // Two types; the visitor chose Los Angeles, where the phone consultation is: it is preselected,
        // and as it is offered at one place only, no place to choose.
        assertTrue(Pattern.compile("name=\"type\" id=\"bk-type-phone\" value=\"phone\" checked").matcher(html).find(), html);
        assertTrue(html.contains("Free 15-minute phone consultation") && html.contains("In-person consultation, 30 min"));
        assertFalse(html.contains("name=\"location\" id="), "no location radios for the phone consultation");
        assertTrue(html.contains("<input type=\"hidden\" name=\"location\" value=\"los-angeles\">"));

        // In the visitor's zone, said so, with the clinic's time under each.
        assertTrue(html.contains("Times are shown in Eastern Time (your time zone)."), html);
        assertTrue(html.contains("Under each time: the time at the clinic (Pacific Time)."));
        assertTrue(html.contains("<option value=\"America/New_York\" selected>Eastern Time — New York (your time zone)</option>"), html);
        assertTrue(html.contains("<option value=\"America/Los_Angeles\">Pacific Time — Los Angeles (the clinic’s time zone)</option>"));
        for (String zone : Pickers.US_ZONES) {
            assertTrue(html.contains("<option value=\"" + zone + "\""), zone);
        }
        // Three days with free times; Monday starts two hours from now (the minimum notice): 10:00 in LA.
        assertEquals(List.of("Monday, November 16", "Tuesday, November 17", "Wednesday, November 18"), days(html));
        List<String> slots = slots(html);
        assertEquals("2026-11-16T10:00:00-08:00", slots.get(0));
        assertTrue(slots.contains("2026-11-17T09:00:00-08:00"));
        assertTrue(html.contains("value=\"2026-11-17T09:00:00-08:00\"> <span>12:00 PM<span class=\"cd-choice-detail\">9:00 AM<span class=\"cd-sr\"> at the clinic, Pacific Time</span></span></span>"),
                "9:00 in Los Angeles is noon in New York");
        assertTrue(html.contains("name=\"page\" value=\"2026-11-19\" data-page>Later days</button>"));
        assertFalse(html.contains("Earlier days"));
        assertTrue(html.contains(">Book this time</button>"));
        assertTrue(html.contains("None of these times suit me? Ask us to call you back"));
        // The page of the iframe: framed only by the clinic's sites, never cached.
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow()
                .endsWith("frame-ancestors 'self' http://127.0.0.1:* http://localhost:*"));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertFalse(html.contains("Casey"), "the page repeats no answer");
    }

    @Test
    void anotherZoneTypeOrPageShowsTheTimesAgain() {
        String lead = leadOf(request(Map.of()).body());

        HttpResponse<String> la = post(TIMES, step(lead, "type", "phone", "location", "los-angeles", "zone", "America/Los_Angeles"));
        assertEquals(200, la.statusCode(), la.body());
        assertTrue(la.body().contains("Times are shown in Pacific Time (the clinic’s time zone)."), la.body());
        assertTrue(la.body().contains("value=\"2026-11-17T09:00:00-08:00\"> <span>9:00 AM</span>"), "no second time when the zones agree");
        assertFalse(la.body().contains("Under each time"));

        HttpResponse<String> chicago = post(TIMES, step(lead, "type", "phone", "zone", "America/Chicago"));
        assertTrue(chicago.body().contains("Times are shown in Central Time."), chicago.body());
        assertTrue(chicago.body().contains("value=\"2026-11-17T09:00:00-08:00\"> <span>11:00 AM<span class=\"cd-choice-detail\">9:00 AM<span class=\"cd-sr\"> at the clinic, Pacific Time</span>"));

        // In person: offered at both places, so the visitor picks one (Los Angeles, as in the request).
        HttpResponse<String> inPerson = post(TIMES, step(lead, "type", "in-person", "location", "los-angeles", "zone", "America/New_York"));
        String html = inPerson.body();
        assertTrue(Pattern.compile("name=\"type\" id=\"bk-type-in-person\" value=\"in-person\" checked").matcher(html).find());
        assertTrue(Pattern.compile("name=\"location\" id=\"bk-location-los-angeles\" value=\"los-angeles\" checked").matcher(html).find(), html);
        assertTrue(html.contains("9400 Brighton Way, Suite 210, Beverly Hills, CA 90210"));
        assertEquals("2026-11-16T10:00:00-08:00", slots(html).get(0));
        assertEquals("2026-11-16T10:40:00-08:00", slots(html).get(1), "30 minutes and a 10-minute buffer");

        // Beverly Hills takes consultations on Tuesdays and Thursdays only.
        HttpResponse<String> bh = post(TIMES, step(lead, "type", "in-person", "location", "beverly-hills", "zone", "America/New_York"));
        assertEquals(List.of("Tuesday, November 17", "Thursday, November 19", "Tuesday, November 24"), days(bh.body()));
    }

    @Test
    void pagingFollowsTheDaysThatHaveTimes() {
        String lead = leadOf(request(Map.of()).body());
        Map<String, String> bh = step(lead, "type", "in-person", "location", "beverly-hills", "zone", "America/New_York");
        Map<String, String> next = new LinkedHashMap<>(bh);
        next.put("page", "2026-11-25");
        String html = post(TIMES, next).body();
        // The horizon is 21 days (to Monday, December 7): these are the last days with times.
        assertEquals(List.of("Thursday, November 26", "Tuesday, December 1", "Thursday, December 3"), days(html));
        assertTrue(html.contains("name=\"page\" value=\"2026-11-17\" data-page>Earlier days</button>"), html);
        assertFalse(html.contains("Later days"));
        assertTrue(html.contains("<input type=\"hidden\" name=\"from\" value=\"2026-11-26\">"), "the page shown is kept");
    }

    @Test
    void unknownValuesAreIgnoredAndNeverAnError() {
        String lead = leadOf(request(Map.of()).body());
        HttpResponse<String> r = post(TIMES, step(lead, "type", "massage", "location", "paris", "zone", "Mars/Olympus",
                "from", "yesterday", "page", "2099-01-01"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Times are shown in Eastern Time (your time zone)."));
        assertFalse(days(r.body()).isEmpty(), "past the last day: the last page");
        // A zone that is real but not among those offered is not taken either.
        assertTrue(post(TIMES, step(lead, "zone", "Asia/Tokyo")).body().contains("Eastern Time (your time zone)"));
        // A made-up request, another clinic's slug, or none: 404, never a 500.
        HttpResponse<String> unknown = post(TIMES, step("AAAAAAAAAAAAAAAAAAAAAA"));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("We could not find your request"), unknown.body());
        assertEquals(404, post(TIMES, Map.of()).statusCode());
        assertEquals(404, post("/embed/nope/times", step(lead)).statusCode());
        assertEquals(404, post(BOOK, step("x".repeat(500), "slot", "2026-11-17T09:00:00-08:00")).statusCode());
        assertEquals(0L, count("SELECT count(*) FROM booking"));
    }

    // --- booking ---

    @Test
    void bookingATimeShowsTheConfirmationAndSchedulesTheLead() {
        String lead = leadOf(request(Map.of()).body());
        HttpResponse<String> r = post(BOOK, step(lead, "type", "phone", "location", "los-angeles", "zone", "America/New_York",
                "slot", "2026-11-17T09:00:00-08:00"));
        assertEquals(200, r.statusCode(), r.body());
        String html = r.body();
        assertTrue(html.contains("Your free consultation is booked"), html);
        assertTrue(html.contains("<dd>Tuesday, November 17, 2026, 12:00 PM (Eastern Time)</dd>"), html);
        assertTrue(html.contains("<dt>At the clinic</dt><dd>Tuesday, November 17, 2026, 9:00 AM (Pacific Time)</dd>"));
        assertTrue(html.contains("<dd>Free 15-minute phone consultation</dd>"));
        assertTrue(html.contains("By phone: Bright Harbor Ketamine &amp; TMS calls you at the number you gave."));
        assertTrue(html.contains("We emailed you a confirmation with a calendar invitation."));
        assertTrue(html.contains("data-submitted"), "still the thank-you page");

        BookingDao.BookingRow b = server.app().bookings().activeForLead(id(lead)).orElseThrow();
        assertEquals(Instant.parse("2026-11-17T17:00:00Z"), b.startsAt());
        assertEquals("phone", b.typeId());
        assertEquals("los-angeles", b.locationId());
        assertEquals("widget", b.source());
        assertEquals("scheduled", server.leadRow(id(lead)).get("status"));
        assertTrue(server.app().outbox().forLead(id(lead)).stream().anyMatch(m -> m.kind().equals("booking-visitor")));
        assertEquals(1L, count("SELECT count(*) FROM audit_log WHERE lead_id = ? AND action = 'booking.created'"
                + " AND detail LIKE '%by the visitor'", id(lead)));

        // Sent again (a double click): the same booking, not a second one.
        HttpResponse<String> again = post(BOOK, step(lead, "type", "phone", "location", "los-angeles",
                "zone", "America/New_York", "slot", "2026-11-17T09:00:00-08:00"));
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("Your free consultation is booked"));
        // Another time for the same request: it has one already, which is shown.
        HttpResponse<String> other = post(BOOK, step(lead, "type", "phone", "location", "los-angeles",
                "zone", "America/New_York", "slot", "2026-11-17T09:20:00-08:00"));
        assertEquals(409, other.statusCode());
        assertTrue(other.body().contains("You already have a consultation booked"), other.body());
        assertTrue(other.body().contains("12:00 PM (Eastern Time)"), "the one it has");
        // And the step itself now shows that booking instead of times.
        HttpResponse<String> times = post(TIMES, step(lead));
        assertTrue(times.body().contains("You already have a consultation booked"));
        assertTrue(slots(times.body()).isEmpty());
        assertEquals(1L, count("SELECT count(*) FROM booking WHERE lead_id = ?", id(lead)));
    }

    @Test
    void aTimeJustTakenIs409WithTheTimesStillFree() {
        String first = leadOf(request(Map.of("location", "beverly-hills")).body());
        String second = leadOf(request(Map.of("location", "beverly-hills", "email", "sam@example.com")).body());
        Map<String, String> choice = Map.of("type", "in-person", "location", "beverly-hills", "zone", "America/New_York",
                "slot", "2026-11-19T13:00:00-08:00");
        Map<String, String> a = step(first);
        a.putAll(choice);
        Map<String, String> b = step(second);
        b.putAll(choice);
        assertEquals(200, post(BOOK, a).statusCode());

        HttpResponse<String> r = post(BOOK, b);
        assertEquals(409, r.statusCode(), r.body());
        String html = r.body();
        assertTrue(html.contains("That time was just taken — here are the times still free."), html);
        assertTrue(html.contains("role=\"alert\""));
        assertFalse(slots(html).contains("2026-11-19T13:00:00-08:00"), "capacity 1: gone");
        assertEquals("Thursday, November 19", days(html).get(0), "starting with the day the visitor looked at");
        assertTrue(slots(html).contains("2026-11-19T13:40:00-08:00"));
        assertEquals(1L, count("SELECT count(*) FROM booking WHERE status = 'booked'"));
        assertEquals("new", server.leadRow(id(second)).get("status"));
    }

    @Test
    void noTimeChosenIs422WithTheErrorNextToTheTimes() {
        String lead = leadOf(request(Map.of()).body());
        HttpResponse<String> none = post(BOOK, step(lead, "type", "phone", "location", "los-angeles", "zone", "America/New_York"));
        assertEquals(422, none.statusCode(), none.body());
        assertTrue(none.body().contains("<p class=\"cd-error\" id=\"bk-slot-error\" role=\"alert\" tabindex=\"-1\">Please choose a time.</p>"),
                none.body());
        assertTrue(none.body().contains("aria-describedby=\"bk-slot-error\""));
        assertTrue(none.body().contains("aria-invalid=\"true\""));

        HttpResponse<String> garbage = post(BOOK, step(lead, "slot", "tomorrow at nine"));
        assertEquals(422, garbage.statusCode());
        assertTrue(garbage.body().contains("Please choose a time."));

        // A time that is not a slot (9:10), or no longer one (too soon now): not offered.
        HttpResponse<String> odd = post(BOOK, step(lead, "type", "phone", "location", "los-angeles",
                "slot", "2026-11-17T09:10:00-08:00"));
        assertEquals(422, odd.statusCode());
        assertTrue(odd.body().contains("That time is no longer offered. Please choose another one."), odd.body());
        HttpResponse<String> soon = post(BOOK, step(lead, "type", "phone", "location", "los-angeles",
                "slot", "2026-11-16T09:00:00-08:00"));
        assertEquals(422, soon.statusCode());
        // A made-up type with a time the default type offers: shown the defaults again, never booked as that.
        HttpResponse<String> madeUp = post(BOOK, step(lead, "type", "massage", "location", "los-angeles",
                "slot", "2026-11-17T09:00:00-08:00"));
        assertEquals(422, madeUp.statusCode(), madeUp.body());
        assertTrue(madeUp.body().contains("That time is no longer offered."));
        assertEquals(0L, count("SELECT count(*) FROM booking"));
        assertEquals("new", server.leadRow(id(lead)).get("status"));
    }

    // --- call back ---

    @Test
    void aCallBackIsStoredAndAudited() {
        String lead = leadOf(request(Map.of()).body());
        HttpResponse<String> r = post(CALLBACK, "bookingToken=" + lead + "&days=mon&days=wed&time=morning");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("We will call you back on Monday or Wednesday, in the morning (8am–12pm)."), r.body());
        assertEquals("{\"days\":[\"mon\",\"wed\"],\"time\":\"morning\"}", server.leadRow(id(lead)).get("callback_window"));
        assertEquals(1L, count("SELECT count(*) FROM audit_log WHERE lead_id = ? AND action = 'lead.callbackRequested'", id(lead)));

        HttpResponse<String> any = post(CALLBACK, "bookingToken=" + lead + "&time=anytime");
        assertTrue(any.body().contains("We will call you back on any day from Monday to Saturday, at any time of day."));
        HttpResponse<String> three = post(CALLBACK, "bookingToken=" + lead + "&days=sat&days=tue&days=thu&time=evening");
        assertTrue(three.body().contains("on Tuesday, Thursday or Saturday, in the evening (5pm–8pm)."), three.body());
    }

    @Test
    void aCallBackWithUnknownCodesIs422AndStoresNothing() {
        String lead = leadOf(request(Map.of()).body());
        HttpResponse<String> sunday = post(CALLBACK, "bookingToken=" + lead + "&days=sun&time=morning");
        assertEquals(422, sunday.statusCode());
        assertTrue(sunday.body().contains("Please choose days from Monday to Saturday."), sunday.body());
        assertTrue(sunday.body().contains("<details class=\"cd-callback\" id=\"bk-callback\" open>"), "unfolded, with its error");
        assertFalse(slots(sunday.body()).isEmpty(), "the times are still there");
        HttpResponse<String> noTime = post(CALLBACK, "bookingToken=" + lead + "&days=mon&time=midnight");
        assertEquals(422, noTime.statusCode());
        assertTrue(noTime.body().contains("Please choose a time of day."));
        assertEquals(null, server.leadRow(id(lead)).get("callback_window"));
        assertEquals(404, post(CALLBACK, "bookingToken=nobody&time=morning").statusCode());
    }

    @Test
    void withoutOnlineBookingTheThankYouOffersACallBack() {
        Clinic d = ClinicService.demoClinic();
        server.app().clinics().save(new Clinic("no-booking", d.name(), d.phone(), d.hours(), d.brandColor(), d.offer(),
                d.locale(), d.privacyNoticeUrl(), d.locations(), d.allowedOrigins(), d.recipients(), d.questions()));
        String page = "/embed/no-booking" + HOST;
        Map<String, String> f = Leads.validForm(server.get(page).body());
        f.put("bestTime", "afternoon");
        HttpResponse<String> r = post(page, f);
        assertEquals(200, r.statusCode(), r.body());
        String html = r.body();
        assertTrue(html.contains("Thank you. We have your request."));
        assertTrue(html.contains("A member of the Bright Harbor Ketamine &amp; TMS team will contact you during opening hours"));
        assertTrue(html.contains("When should we call you?"));
        assertTrue(html.contains("action=\"/embed/no-booking/callback?host=http%3A%2F%2Flocalhost%3A8080\""));
        assertTrue(html.contains("name=\"time\" value=\"afternoon\" checked"), "the best time given is preselected");
        assertFalse(html.contains("Book this time"));
        assertTrue(slots(html).isEmpty());

        String lead = leadOf(html);
        HttpResponse<String> book = post("/embed/no-booking/book" + HOST, step(lead, "type", "phone", "location", "los-angeles",
                "slot", "2026-11-17T09:00:00-08:00"));
        assertEquals(409, book.statusCode(), "booking is off");
        assertTrue(book.body().contains("When should we call you?"));
        HttpResponse<String> done = post("/embed/no-booking/callback" + HOST, "bookingToken=" + lead + "&days=fri&time=afternoon");
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("We will call you back on Friday, in the afternoon (12pm–5pm)."));
        assertEquals(0L, count("SELECT count(*) FROM booking"));
        // Another clinic's request is not this clinic's.
        assertEquals(404, post(CALLBACK, "bookingToken=" + lead + "&time=morning").statusCode());
    }

    @Test
    void theCrisisPanelStaysOpenAcrossTheStep() {
        HttpResponse<String> r = request(Map.of("conditions", "suicidalThoughts"));
        assertTrue(r.body().contains("class=\"cd-crisis cd-crisis--open\""), "open on the step");
        String lead = leadOf(r.body());
        assertEquals("1", TestServer.hiddenField(r.body(), "crisis"));
        HttpResponse<String> again = post(TIMES, step(lead, "crisis", "1", "zone", "America/Chicago"));
        assertTrue(again.body().contains("class=\"cd-crisis cd-crisis--open\""), "still open when the times are shown again");
    }

    @Test
    void everyTimeOfDayHasItsCallBackWording() {
        io.consultdesk.i18n.Messages m = io.consultdesk.i18n.Messages.english();
        for (String time : io.consultdesk.lead.Choices.BEST_TIME) {
            assertTrue(m.has("booking.widget.callback.time." + time), time);
            assertTrue(m.has("option.bestTime." + time), time);
        }
        assertEquals("We will call you back on Monday, Tuesday or Friday, at any time of day.",
                BookingWidgetController.callbackSentence(m, List.of("mon", "tue", "fri"), "anytime"));
    }
}
