package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.mail.OutboxDao;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.ScriptedSmtpServer;
import io.consultdesk.support.TestServer;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emails about a booking as they arrive at a real SMTP server (GreenMail): the visitor's confirmation
 * with an inline text/calendar REQUEST and an invite.ics, the clinic's PHI-free copy, a new REQUEST with
 * the same UID and a higher SEQUENCE on a reschedule, a CANCEL on a cancellation, the reminder a day
 * before (and none for a cancelled booking), the time in the visitor's zone, and an email that was still
 * queued when the booking changed superseded instead of sent. Time moves by a MutableClock.
 */
class BookingEmailTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    /** Thursday 2026-11-19 in Beverly Hills (in person, 30 minutes): 13:00 PST is 21:00Z. */
    static final Instant THURSDAY_1PM = Instant.parse("2026-11-19T21:00:00Z");
    static final Instant THURSDAY_140PM = Instant.parse("2026-11-19T21:40:00Z");
    static final Instant THURSDAY_9AM = Instant.parse("2026-11-19T17:00:00Z");
    static final String CLINIC = "intake@demo-clinic.example";
    static final Pattern MANAGE = Pattern.compile("https?://[^\\s\"<>]+/consultation/([A-Za-z0-9_.-]+)");

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static MutableClock clock;
    static TestServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(MONDAY_8AM_LA);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock).smtp("127.0.0.1", smtp.getSmtp().getPort()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() throws Exception {
        server.clearLeads();
        clock.advance(Duration.between(clock.instant(), MONDAY_8AM_LA));
        smtp.purgeEmailFromAllMailboxes();
    }

    // Requests, bookings and emails

    static Clinic demo() {
        return server.app().clinics().find("demo").orElseThrow();
    }

    /** A request from the API by this visitor, optionally with the browser's time zone. */
    static String lead(TestServer server, String email, String timeZone) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        body.put("email", email);
        if (timeZone != null) {
            body.put("timeZone", timeZone);
        }
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", body.toString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    static String lead(String email) throws Exception {
        return lead(server, email, null);
    }

    static BookingDao.BookingRow bookViaApi(TestServer server, String lead, String start) throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/bookings", "{\"bookingToken\": \"" + server.app().bookings().issueCapability("demo", lead)
                + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"" + start + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return server.app().bookings().find(JSON.readTree(r.body()).get("id").asText()).orElseThrow();
    }

    static List<MimeMessage> to(String recipient) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> Mails.to(m).equals(recipient)).toList();
    }

    static List<MimeMessage> to(String recipient, String subjectStart) {
        return to(recipient).stream().filter(m -> Mails.subject(m).startsWith(subjectStart)).toList();
    }

    /** Waits for exactly one email to this recipient whose subject starts so, and returns it. */
    static MimeMessage one(String recipient, String subjectStart) {
        Eventually.await("an email \"" + subjectStart + "…\" to " + recipient, () -> !to(recipient, subjectStart).isEmpty());
        List<MimeMessage> found = to(recipient, subjectStart);
        assertEquals(1, found.size(), subjectStart);
        return found.get(0);
    }

    static void drained(TestServer server) {
        server.app().outbox().signal();
        Eventually.await("the outbox is drained", () -> {
            OutboxDao.Counts c = server.app().outbox().counts();
            return c.pending() + c.sending() == 0;
        });
    }

    /**
     * Moves the server's clock once nothing is being sent: a jump past a send's two-minute lease would hand
     * that email to a second sender (sent twice with one Message-ID, as after a crash), which is not what these tests are about.
     */
    static void advance(Duration d) {
        drained(server);
        clock.advance(d);
    }

    static List<OutboxDao.Message> outbox(TestServer server, String bookingId) {
        return server.jdbi().withExtension(OutboxDao.class, d -> d.forBooking(bookingId));
    }

    /** An invitation found in an email: inline (text/calendar) or attached (invite.ics), decoded from its transfer encoding. */
    record Calendar(String where, String contentType, String ics) {}

    static List<Calendar> calendars(Part part) throws Exception {
        List<Calendar> out = new ArrayList<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multi = (Multipart) part.getContent();
            for (int i = 0; i < multi.getCount(); i++) {
                out.addAll(calendars(multi.getBodyPart(i)));
            }
        } else if ("invite.ics".equals(part.getFileName())) {
            out.add(new Calendar("attachment", part.getContentType(), read(part)));
        } else if (part.isMimeType("text/calendar")) {
            out.add(new Calendar("inline", part.getContentType(), read(part)));
        }
        return out;
    }

    static String read(Part part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The invitation in an email: exactly one inline and one attached, the same text. Returns its event's properties. */
    static Map<String, IcsTest.Property> invitation(MimeMessage m, String method) throws Exception {
        List<Calendar> found = calendars(m);
        assertEquals(2, found.size(), found.toString());
        assertEquals(1, found.stream().filter(c -> c.where().equals("inline")).count(), found.toString());
        Calendar inline = found.stream().filter(c -> c.where().equals("inline")).findFirst().orElseThrow();
        Calendar attached = found.stream().filter(c -> c.where().equals("attachment")).findFirst().orElseThrow();
        assertEquals(inline.ics(), attached.ics(), "the attachment is the same invitation");
        assertTrue(inline.contentType().toLowerCase(Locale.ROOT).replace("\"", "").contains("method=" + method.toLowerCase(Locale.ROOT)),
                inline.contentType());
        assertTrue(inline.ics().startsWith("BEGIN:VCALENDAR\r\n"), "decoded, with CRLF lines: " + inline.ics());
        assertFalse(inline.ics().contains("=\r\n") || inline.ics().contains("=3D"), "no quoted-printable left: " + inline.ics());
        String methodLine = IcsTest.parse(inline.ics()).stream().filter(p -> p.name().equals("METHOD")).findFirst().orElseThrow().value();
        assertEquals(method, methodLine);
        return IcsTest.event(inline.ics());
    }

    static String utc(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(at);
    }

    static String text(MimeMessage m) {
        // Java's CLDR data may put a narrow no-break space before AM/PM
        return Mails.textParts(m).get("text/plain").replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    static String html(MimeMessage m) {
        return Mails.textParts(m).get("text/html").replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    static String manageToken(MimeMessage m) {
        Matcher link = MANAGE.matcher(text(m));
        assertTrue(link.find(), "the visitor's email has the link to change or cancel: " + text(m));
        return link.group(1);
    }

    // The tests

    @Test
    void theVisitorGetsARequestInviteAndTheClinicAPhiFreeCopy() throws Exception {
        String visitor = "casey.invite@example.com";
        String lead = lead(visitor);
        BookingDao.BookingRow b = bookViaApi(server, lead, "2026-11-19T13:00:00-08:00");

        MimeMessage mine = one(visitor, "Your free consultation is booked");
        assertEquals("Your free consultation is booked: Thursday, November 19, 2026, 1:00 PM (Pacific Time) · Bright Harbor Ketamine & TMS",
                Mails.subject(mine).replace('\u202f', ' '));
        Map<String, IcsTest.Property> e = invitation(mine, "REQUEST");
        assertEquals(b.id() + "@localhost", e.get("UID").value(), "the booking's id at the sender's domain");
        assertEquals("0", e.get("SEQUENCE").value());
        assertEquals(utc(THURSDAY_1PM), e.get("DTSTART").value());
        assertEquals("20261119T210000Z", e.get("DTSTART").value(), "13:00 in Los Angeles in November is 21:00 UTC");
        assertEquals("20261119T213000Z", e.get("DTEND").value());
        assertEquals("CONFIRMED", e.get("STATUS").value());
        assertEquals("mailto:" + visitor, e.get("ATTENDEE").value());
        assertTrue(IcsTest.unescape(e.get("LOCATION").value()).startsWith("Beverly Hills, 9400 Brighton Way"));
        assertEquals(utc(clock.instant()), e.get("DTSTAMP").value(), "stamped with the server's time");

        String body = text(mine);
        assertTrue(body.contains("When: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), body);
        assertFalse(body.contains("At the clinic:"), "no lead zone given: the clinic's is the visitor's");
        assertTrue(body.contains("Where: Beverly Hills"), body);
        String token = manageToken(mine);
        assertEquals(b.id(), server.app().bookings().byToken(token).orElseThrow().id(), "the link in the email is the one that works");
        assertFalse(IcsTest.unescape(e.get("DESCRIPTION").value()).contains("/consultation/"), "the invitation does not carry it");
        assertTrue(html(mine).contains("/consultation/" + token));

        MimeMessage clinic = one(CLINIC, "Consultation booked for Bright Harbor");
        Map<String, IcsTest.Property> c = invitation(clinic, "REQUEST");
        assertEquals(e.get("UID").value(), c.get("UID").value());
        assertEquals(e.get("DTSTART").value(), c.get("DTSTART").value());
        assertEquals("mailto:" + CLINIC, c.get("ATTENDEE").value());
        String everything = Mails.everything(clinic) + calendars(clinic).stream().map(Calendar::ics).reduce("", String::concat);
        assertTrue(everything.contains("/staff/leads/" + lead), "it links to the request");
        assertFalse(everything.contains("/consultation/"), "not the visitor's link");
        String lower = everything.toLowerCase(Locale.ROOT);
        for (String phi : List.of("Jordan", "Rivera", visitor, "casey", "555-0199", "5550199", "+13105550199", "Mornings are best",
                "depression", "anxiety", "tms checklist")) {
            assertFalse(lower.contains(phi.toLowerCase(Locale.ROOT)), "the clinic's booking email must not carry \"" + phi + "\"");
        }
        for (MimeMessage m : List.of(mine, clinic)) {
            assertEquals("auto-generated", Mails.header(m, "Auto-Submitted"));
        }
    }

    /**
     * A calendar invitation is copied into shared calendars, synced to phones and shown to assistants: whoever sees it
     * must not be able to cancel or move the consultation. The link to do so is in the email's body only; the
     * invitation (inline and attached, booked and moved) says where to find it.
     */
    @Test
    void theInvitationCarriesNoLinkThatCancelsOrMovesTheBooking() throws Exception {
        String visitor = "casey.calendar@example.com";
        BookingDao.BookingRow b = bookViaApi(server, lead(visitor), "2026-11-19T13:00:00-08:00");
        MimeMessage booked = one(visitor, "Your free consultation is booked");
        advance(Duration.ofMinutes(5));
        server.app().bookings().reschedule(demo(), b, THURSDAY_140PM, BookingService.Source.widget("203.0.113.9"));
        MimeMessage moved = one(visitor, "Your consultation has moved");

        for (MimeMessage m : List.of(booked, moved)) {
            String token = manageToken(m);
            assertTrue(html(m).contains("/consultation/" + token), "the email's body keeps the link");
            List<Calendar> found = calendars(m);
            assertEquals(2, found.size(), "inline and attached");
            for (Calendar c : found) {
                String unfolded = c.ics().replace("\r\n ", "").replace("\r\n\t", "");
                assertFalse(unfolded.contains("/consultation/"), c.where() + ": " + unfolded);
                assertFalse(unfolded.contains(token), c.where() + " carries the token: " + unfolded);
                String secret = token.substring(token.lastIndexOf('.') + 1); // the booking's id before it is in the UID
                assertFalse(unfolded.contains(secret), c.where() + " carries the token's secret part: " + unfolded);
                Map<String, IcsTest.Property> e = IcsTest.event(c.ics());
                assertFalse(e.containsKey("URL"), c.where() + ": " + e.get("URL"));
                assertTrue(IcsTest.unescape(e.get("DESCRIPTION").value()).contains("email"),
                        "it says where the link is: " + e.get("DESCRIPTION").value());
            }
        }
    }

    @Test
    void aRescheduleSendsANewRequestWithTheSameUidAndACancelSendsCancel() throws Exception {
        String visitor = "casey.moves@example.com";
        String lead = lead(visitor);
        BookingDao.BookingRow b = bookViaApi(server, lead, "2026-11-19T13:00:00-08:00");
        MimeMessage booked = one(visitor, "Your free consultation is booked");
        Map<String, IcsTest.Property> first = invitation(booked, "REQUEST");
        String firstToken = manageToken(booked);
        one(CLINIC, "Consultation booked for");

        advance(Duration.ofMinutes(7));
        BookingDao.BookingRow moved = assertInstanceOf(BookingService.Outcome.Booked.class,
                server.app().bookings().reschedule(demo(), b, THURSDAY_140PM, BookingService.Source.widget("203.0.113.9"))).booking();
        MimeMessage move = one(visitor, "Your consultation has moved");
        assertTrue(Mails.subject(move).replace('\u202f', ' ').contains("1:40 PM"), Mails.subject(move));
        Map<String, IcsTest.Property> second = invitation(move, "REQUEST");
        assertEquals(first.get("UID"), second.get("UID"), "the same event: calendars replace it");
        assertEquals("1", second.get("SEQUENCE").value());
        assertEquals("20261119T214000Z", second.get("DTSTART").value());
        assertEquals("20261119T221000Z", second.get("DTEND").value());
        assertEquals(utc(clock.instant()), second.get("DTSTAMP").value());
        assertTrue(text(move).contains("When: Thursday, November 19, 2026, 1:40 PM (Pacific Time)"), text(move));
        String secondToken = manageToken(move);
        assertNotEquals(firstToken, secondToken);
        assertEquals(Optional.empty(), server.app().bookings().byToken(firstToken), "the first email's link no longer works");
        assertEquals(moved, server.app().bookings().byToken(secondToken).orElseThrow(), "the new email's link does");
        Map<String, IcsTest.Property> clinicMove = invitation(one(CLINIC, "Consultation moved for"), "REQUEST");
        assertEquals("1", clinicMove.get("SEQUENCE").value());
        assertEquals(first.get("UID"), clinicMove.get("UID"));

        advance(Duration.ofMinutes(3));
        assertTrue(server.app().bookings().cancel(demo(), moved, BookingService.Source.widget("203.0.113.9")).isPresent());
        MimeMessage cancel = one(visitor, "Your consultation is cancelled");
        Map<String, IcsTest.Property> third = invitation(cancel, "CANCEL");
        assertEquals(first.get("UID"), third.get("UID"));
        assertEquals("2", third.get("SEQUENCE").value(), "higher than every REQUEST before it");
        assertEquals("CANCELLED", third.get("STATUS").value());
        assertEquals("20261119T214000Z", third.get("DTSTART").value(), "the time that is cancelled");
        assertTrue(text(cancel).contains("(cancelled)"), text(cancel));
        assertFalse(MANAGE.matcher(text(cancel)).find(), "nothing left to change: no link");
        assertFalse(html(cancel).contains("/consultation/"));
        assertFalse(third.containsKey("URL"));
        Map<String, IcsTest.Property> clinicCancel = invitation(one(CLINIC, "Consultation cancelled for"), "CANCEL");
        assertEquals(first.get("UID"), clinicCancel.get("UID"));
        assertEquals("2", clinicCancel.get("SEQUENCE").value());

        drained(server);
        assertEquals(3, to(visitor).stream().filter(m -> !Mails.subject(m).startsWith("We received")).count(),
                "booked, moved, cancelled: one each " + to(visitor).stream().map(Mails::subject).toList());
    }

    @Test
    void theReminderGoesADayBeforeAndNeverForACancelledBooking() throws Exception {
        String kept = "casey.kept@example.com";
        String gone = "casey.gone@example.com";
        BookingDao.BookingRow keptBooking = bookViaApi(server, lead(kept), "2026-11-19T13:00:00-08:00");
        BookingDao.BookingRow goneBooking = bookViaApi(server, lead(gone), "2026-11-19T09:00:00-08:00");
        assertTrue(server.app().bookings().cancel(demo(), goneBooking, BookingService.Source.widget("203.0.113.9")).isPresent());
        drained(server);
        assertEquals(List.of(), to(kept, "Reminder"));

        // Wednesday 09:00 in LA is a day before the cancelled one: its reminder would be due, and is superseded instead.
        advance(Duration.between(clock.instant(), THURSDAY_9AM.minus(Duration.ofHours(24))));
        drained(server);
        OutboxDao.Message goneReminder = outbox(server, goneBooking.id()).stream()
                .filter(m -> m.kind().equals("booking-reminder")).findFirst().orElseThrow();
        assertEquals("superseded", goneReminder.status());
        assertNull(goneReminder.sentAt());
        assertEquals(List.of(), to(gone, "Reminder"));

        // A second before the kept one's reminder time: nothing yet.
        advance(Duration.between(clock.instant(), THURSDAY_1PM.minus(Duration.ofHours(24)).minusSeconds(1)));
        drained(server);
        assertEquals(List.of(), to(kept, "Reminder"));
        OutboxDao.Message reminderRow = outbox(server, keptBooking.id()).stream()
                .filter(m -> m.kind().equals("booking-reminder")).findFirst().orElseThrow();
        assertEquals("pending", reminderRow.status());
        assertEquals(THURSDAY_1PM.minus(Duration.ofHours(24)), reminderRow.scheduledFor());

        advance(Duration.ofSeconds(1));
        drained(server);
        MimeMessage reminder = one(kept, "Reminder: your free consultation is tomorrow");
        assertTrue(text(reminder).contains("When: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), text(reminder));
        assertEquals(List.of(), calendars(reminder), "the invitation is already in the calendar: no second one");
        assertEquals(keptBooking.id(), server.app().bookings().byToken(manageToken(reminder)).orElseThrow().id(),
                "its link works");
        assertEquals("sent", outbox(server, keptBooking.id()).stream().filter(m -> m.kind().equals("booking-reminder"))
                .findFirst().orElseThrow().status());

        advance(Duration.ofHours(30));
        drained(server);
        assertEquals(1, to(kept, "Reminder").size(), "once");
        assertEquals(List.of(), to(gone, "Reminder"));
        assertEquals(0, to(CLINIC, "Reminder").size(), "reminders are the visitor's");
    }

    @Test
    void aRescheduledBookingIsRemindedOfItsNewTimeOnly() throws Exception {
        String visitor = "casey.remind-moved@example.com";
        BookingDao.BookingRow b = bookViaApi(server, lead(visitor), "2026-11-19T09:00:00-08:00");
        assertInstanceOf(BookingService.Outcome.Booked.class,
                server.app().bookings().reschedule(demo(), b, THURSDAY_1PM, BookingService.Source.widget("203.0.113.9")));
        advance(Duration.between(clock.instant(), THURSDAY_9AM.minus(Duration.ofHours(24))));
        drained(server);
        assertEquals(List.of(), to(visitor, "Reminder"), "not at the old time's reminder");
        advance(Duration.between(clock.instant(), THURSDAY_1PM.minus(Duration.ofHours(24))));
        drained(server);
        MimeMessage reminder = one(visitor, "Reminder");
        assertTrue(text(reminder).contains("1:00 PM (Pacific Time)"), text(reminder));
        assertEquals(List.of("superseded", "sent"), outbox(server, b.id()).stream().filter(m -> m.kind().equals("booking-reminder"))
                .map(OutboxDao.Message::status).toList());
    }

    @Test
    void theVisitorsEmailShowsTheirOwnZoneAndTheClinicsTime() throws Exception {
        String east = "casey.east@example.com";
        bookViaApi(server, lead(server, east, "America/New_York"), "2026-11-19T13:00:00-08:00");
        MimeMessage mine = one(east, "Your free consultation is booked");
        assertTrue(Mails.subject(mine).replace('\u202f', ' ').contains("Thursday, November 19, 2026, 4:00 PM (Eastern Time)"),
                Mails.subject(mine));
        String body = text(mine);
        assertTrue(body.contains("When: Thursday, November 19, 2026, 4:00 PM (Eastern Time)"), body);
        assertTrue(body.contains("At the clinic: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), body);
        assertTrue(html(mine).contains("4:00 PM (Eastern Time)"));
        assertTrue(html(mine).contains("1:00 PM (Pacific Time)"));
        assertEquals("20261119T210000Z", invitation(mine, "REQUEST").get("DTSTART").value(), "the invitation is in UTC whatever the zone");
        MimeMessage clinic = one(CLINIC, "Consultation booked for");
        assertTrue(text(clinic).contains("When: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), text(clinic));
        assertFalse(text(clinic).contains("Eastern"), "the clinic reads its own time");

        String west = "casey.west@example.com";
        clean();
        bookViaApi(server, lead(server, west, "America/Los_Angeles"), "2026-11-19T13:00:00-08:00");
        String same = text(one(west, "Your free consultation is booked"));
        assertTrue(same.contains("When: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), same);
        assertFalse(same.contains("At the clinic:"), "the same zone: said once");

        String odd = "casey.odd@example.com";
        clean();
        bookViaApi(server, lead(server, odd, "Asia/Kathmandu"), "2026-11-19T13:00:00-08:00");
        String far = text(one(odd, "Your free consultation is booked"));
        assertTrue(far.contains("When: Friday, November 20, 2026, 2:45 AM"), "the next day at +05:45: " + far);
        assertTrue(far.contains("At the clinic: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), far);
    }

    @Test
    void aWidgetRequestCarriesTheBrowsersZoneIntoTheBookingEmail() throws Exception {
        String visitor = "casey.widget@example.com";
        Map<String, String> form = Leads.validForm(server.get(Leads.FORM_PAGE).body());
        form.put("email", visitor);
        form.put("timeZone", "America/New_York");
        HttpResponse<String> r = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded", Leads.formBody(form));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 303, r.statusCode() + " " + r.body());
        String lead = server.leadIdByEmail(visitor);
        assertEquals("widget", server.leadRow(lead).get("source"));
        bookViaApi(server, lead, "2026-11-19T13:00:00-08:00");
        String body = text(one(visitor, "Your free consultation is booked"));
        assertTrue(body.contains("When: Thursday, November 19, 2026, 4:00 PM (Eastern Time)"), body);
        assertTrue(body.contains("At the clinic: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), body);
    }

    @Test
    void anUnknownBrowserZoneFallsBackToTheClinicsTime() throws Exception {
        String visitor = "casey.mars@example.com";
        bookViaApi(server, lead(server, visitor, "Mars/Olympus_Mons"), "2026-11-19T13:00:00-08:00");
        String body = text(one(visitor, "Your free consultation is booked"));
        assertTrue(body.contains("When: Thursday, November 19, 2026, 1:00 PM (Pacific Time)"), body);
        assertFalse(body.contains("At the clinic:"), body);
    }

    @Test
    void anEmailStillQueuedWhenTheBookingChangesIsSupersededNotSent() throws Exception {
        String visitor = "casey.waiting@example.com";
        MutableClock own = new MutableClock(MONDAY_8AM_LA);
        try (ScriptedSmtpServer scripted = new ScriptedSmtpServer().rcptReply(a -> a.equals(visitor)
                ? "451 4.3.0 Mailbox busy, try later" : "250 2.1.5 OK");
             TestServer s = TestServer.start(TestServer.Builder.defaults().clock(own).smtp("127.0.0.1", scripted.port()))) {
            BookingDao.BookingRow b = bookViaApi(s, lead(s, visitor, null), "2026-11-19T13:00:00-08:00");
            // The visitor's mail server is not taking mail: the confirmation waits in the outbox for its retry.
            Eventually.await("the first attempt at the visitor's confirmation", () -> outbox(s, b.id()).stream().anyMatch(m ->
                    m.kind().equals("booking-visitor") && m.attempts() == 1 && m.status().equals("pending")));
            BookingDao.BookingRow moved = assertInstanceOf(BookingService.Outcome.Booked.class,
                    s.app().bookings().reschedule(s.app().clinics().find("demo").orElseThrow(), b, THURSDAY_140PM,
                            BookingService.Source.widget("203.0.113.9"))).booking();
            Eventually.await("the first attempt at the email about the move", () -> outbox(s, b.id()).stream().anyMatch(m ->
                    m.kind().equals("booking-visitor") && m.bookingSequence() == 1 && m.attempts() == 1 && m.status().equals("pending")));
            // Nothing is mid-send when the clock jumps (a jump past a send's lease would hand it to a second sender).
            Eventually.await("no email being sent", () -> s.app().outbox().counts().sending() == 0);

            // The visitor's server is back; the retries fall due.
            scripted.rcptReply(a -> "250 2.1.5 OK");
            own.advance(Duration.ofMinutes(10));
            drained(s);

            List<OutboxDao.Message> visitorRows = outbox(s, b.id()).stream().filter(m -> m.kind().equals("booking-visitor")).toList();
            assertEquals(List.of(0, 1), visitorRows.stream().map(OutboxDao.Message::bookingSequence).toList());
            assertEquals("superseded", visitorRows.get(0).status(), "the confirmation of the old time is not sent");
            assertEquals("sent", visitorRows.get(1).status());
            assertNull(visitorRows.get(0).sentAt());
            List<MimeMessage> received = scripted.accepted().stream().map(Mails::parse)
                    .filter(m -> Mails.to(m).equals(visitor) && !Mails.subject(m).startsWith("We received")).toList();
            assertEquals(List.of("Your consultation has moved"), received.stream().map(m -> Mails.subject(m).split(":")[0]).toList(),
                    "the visitor hears of the new time only");
            Map<String, IcsTest.Property> e = invitation(received.get(0), "REQUEST");
            assertEquals("1", e.get("SEQUENCE").value());
            assertEquals(utc(THURSDAY_140PM), e.get("DTSTART").value());
            assertEquals(moved.id() + "@localhost", e.get("UID").value());
            // The clinic's copy of the first version had gone out at once; it is told of the move too.
            assertEquals(List.of("sent", "sent"), outbox(s, b.id()).stream().filter(m -> m.kind().equals("booking-clinic"))
                    .map(OutboxDao.Message::status).toList());
        }
    }
}
