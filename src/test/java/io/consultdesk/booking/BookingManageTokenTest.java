package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The visitor's manage link at the service: {@code byToken} finds the booking while the link is good (the
 * booking unchanged since the link was made, still booked, its time not come), and each change (a
 * reschedule, a cancellation) works once per link. Real server and database, time by a MutableClock.
 */
class BookingManageTokenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MONDAY_8AM_LA = Instant.parse("2026-11-16T16:00:00Z");
    /** Tuesday 2026-11-17, 09:00 and 09:40 in Beverly Hills (capacity 1, in person, 30 + 10 minutes). */
    static final Instant TUESDAY_9 = Instant.parse("2026-11-17T17:00:00Z");
    static final Instant TUESDAY_940 = Instant.parse("2026-11-17T17:40:00Z");
    static final Instant THURSDAY_9 = Instant.parse("2026-11-19T17:00:00Z");
    static MutableClock clock;
    static TestServer server;
    static BookingService bookings;

    @BeforeAll
    static void start() {
        clock = new MutableClock(MONDAY_8AM_LA);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        bookings = server.app().bookings();
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

    static Clinic demo() {
        return server.app().clinics().find("demo").orElseThrow();
    }

    static String lead() throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    static BookingDao.BookingRow book(String lead, Instant start) {
        BookingService.Outcome o = bookings.book(demo(), lead, "in-person", "beverly-hills", start, BookingService.Source.widget("203.0.113.9"));
        return assertInstanceOf(BookingService.Outcome.Booked.class, o, o.toString()).booking();
    }

    static BookingService.Source visitor() {
        return BookingService.Source.widget("203.0.113.9");
    }

    @Test
    void theLinkWorksUntilTheConsultationStarts() throws Exception {
        BookingDao.BookingRow b = book(lead(), TUESDAY_9);
        String token = bookings.manageToken(b);
        assertEquals(Optional.of(b), bookings.byToken(token));
        clock.advance(Duration.between(clock.instant(), TUESDAY_9.minusSeconds(1)));
        assertEquals(b.id(), bookings.byToken(token).orElseThrow().id(), "a second before");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), bookings.byToken(token), "from the start on, it no longer works");
        clock.advance(Duration.ofHours(3));
        assertEquals(Optional.empty(), bookings.byToken(token), "nor after the consultation");
        assertTrue(bookings.find(b.id()).orElseThrow().booked(), "the booking itself is unchanged");
    }

    @Test
    void aCancelWorksOnceAndTheLinkStopsWorking() throws Exception {
        String lead = lead();
        BookingDao.BookingRow b = book(lead, TUESDAY_9);
        String token = bookings.manageToken(b);
        BookingDao.BookingRow found = bookings.byToken(token).orElseThrow();
        Optional<BookingDao.BookingRow> cancelled = bookings.cancel(demo(), found, visitor());
        assertTrue(cancelled.isPresent());
        assertEquals("cancelled", cancelled.get().status());
        assertEquals("visitor", cancelled.get().cancelledBy());
        assertEquals(b.sequence() + 1, cancelled.get().sequence());
        assertEquals(clock.instant(), cancelled.get().cancelledAt());
        assertEquals(Optional.empty(), bookings.byToken(token), "the link no longer opens it");
        assertEquals(Optional.empty(), bookings.byToken(bookings.manageToken(cancelled.get())),
                "nor does a link for the cancelled state: a cancelled booking has none that works");
        assertEquals(Optional.empty(), bookings.cancel(demo(), found, visitor()), "a second cancel (a double click) does nothing");
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'booking.cancelled' AND lead_id = :id").bind("id", lead)
                .mapTo(Long.class).one()), "and is not audited twice");
        assertInstanceOf(BookingService.Outcome.Gone.class, bookings.reschedule(demo(), found, TUESDAY_940, visitor()),
                "nor can the cancelled booking be moved with the old link");
    }

    @Test
    void aRescheduleWorksOnceThenTheNewLinkWorks() throws Exception {
        BookingDao.BookingRow b = book(lead(), TUESDAY_9);
        String first = bookings.manageToken(b);
        BookingDao.BookingRow viaFirst = bookings.byToken(first).orElseThrow();

        BookingService.Outcome moved = bookings.reschedule(demo(), viaFirst, TUESDAY_940, visitor());
        BookingDao.BookingRow m = assertInstanceOf(BookingService.Outcome.Booked.class, moved).booking();
        assertFalse(((BookingService.Outcome.Booked) moved).replay());
        assertEquals(b.id(), m.id(), "the same booking, moved");
        assertEquals(TUESDAY_940, m.startsAt());
        assertEquals(TUESDAY_940.plus(Duration.ofMinutes(30)), m.endsAt());
        assertEquals(1, m.sequence());
        assertEquals(Optional.empty(), bookings.byToken(first), "the old link stops working");
        assertInstanceOf(BookingService.Outcome.Gone.class, bookings.reschedule(demo(), viaFirst, THURSDAY_9, visitor()),
                "the old link's booking cannot be moved again");
        assertEquals(TUESDAY_940, bookings.find(b.id()).orElseThrow().startsAt(), "and was not");

        String second = bookings.manageToken(m);
        assertNotEquals(first, second);
        BookingDao.BookingRow viaSecond = bookings.byToken(second).orElseThrow();
        assertEquals(m, viaSecond, "the new link (the one in the email about the move) works");
        BookingDao.BookingRow again = assertInstanceOf(BookingService.Outcome.Booked.class,
                bookings.reschedule(demo(), viaSecond, THURSDAY_9, visitor())).booking();
        assertEquals(2, again.sequence());
        assertEquals(Optional.empty(), bookings.byToken(second), "used once: the second link stops working too");
        assertEquals(again, bookings.byToken(bookings.manageToken(again)).orElseThrow());
        assertTrue(bookings.free(demo(), Optional.of("in-person"), Optional.of("beverly-hills"),
                java.time.LocalDate.parse("2026-11-17"), java.time.LocalDate.parse("2026-11-17")).stream()
                .map(Slot::start).toList().containsAll(List.of(TUESDAY_9, TUESDAY_940)), "both earlier times are free again");
    }

    @Test
    void aRescheduleToATakenTimeKeepsTheBookingAndItsLink() throws Exception {
        BookingDao.BookingRow mine = book(lead(), TUESDAY_9);
        book(lead(), TUESDAY_940);
        String token = bookings.manageToken(mine);
        BookingService.Outcome o = bookings.reschedule(demo(), bookings.byToken(token).orElseThrow(), TUESDAY_940, visitor());
        BookingService.Outcome.Taken taken = assertInstanceOf(BookingService.Outcome.Taken.class, o);
        assertFalse(taken.fresh().stream().anyMatch(s -> s.start().equals(TUESDAY_940)));
        assertEquals(mine, bookings.find(mine.id()).orElseThrow(), "unchanged");
        assertEquals(Optional.of(mine), bookings.byToken(token), "the link still works");
        assertFalse(bookings.free(demo(), Optional.of("in-person"), Optional.of("beverly-hills"),
                java.time.LocalDate.parse("2026-11-17"), java.time.LocalDate.parse("2026-11-17")).stream()
                .anyMatch(s -> s.start().equals(TUESDAY_9)), "its seats are still held");
    }

    @Test
    void aRescheduleToTheSameTimeOrANotOfferedOneChangesNothing() throws Exception {
        BookingDao.BookingRow b = book(lead(), TUESDAY_9);
        String token = bookings.manageToken(b);
        BookingService.Outcome same = bookings.reschedule(demo(), b, TUESDAY_9, visitor());
        assertTrue(assertInstanceOf(BookingService.Outcome.Booked.class, same).replay());
        for (Instant bad : List.of(TUESDAY_9.plusSeconds(300), Instant.parse("2026-11-16T17:00:00Z"), MONDAY_8AM_LA.plus(Duration.ofDays(30)))) {
            BookingService.Outcome o = bookings.reschedule(demo(), b, bad, visitor());
            assertEquals(java.util.Map.of("start", "notOffered"), assertInstanceOf(BookingService.Outcome.Invalid.class, o).errors(), bad.toString());
        }
        assertEquals(Optional.of(b), bookings.byToken(token), "nothing changed: the link still works");
    }

    @Test
    void aBookingWhoseTimeHasComeCannotBeMoved() throws Exception {
        BookingDao.BookingRow b = book(lead(), TUESDAY_9);
        clock.advance(Duration.between(clock.instant(), TUESDAY_9.plusSeconds(60)));
        assertInstanceOf(BookingService.Outcome.Gone.class, bookings.reschedule(demo(), b, THURSDAY_9, visitor()));
        assertEquals(TUESDAY_9, bookings.find(b.id()).orElseThrow().startsAt());
    }

    @Test
    void aLinkCannotBeMadeFromTheLeadIdOrAnotherBooking() throws Exception {
        String lead = lead();
        BookingDao.BookingRow b = book(lead, TUESDAY_9);
        BookingDao.BookingRow other = book(lead(), THURSDAY_9);
        String otherToken = bookings.manageToken(other);
        String otherMac = otherToken.substring(otherToken.indexOf('.') + 1);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        List<String> guesses = new ArrayList<>(List.of(
                lead, b.id(), lead + "." + otherMac, b.id() + "." + otherMac,
                lead + "." + "A".repeat(24), b.id() + "." + "A".repeat(24),
                lead + "." + b64.encodeToString(java.util.Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(lead.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 18)),
                b.id() + "." + b64.encodeToString(java.util.Arrays.copyOf(lead.getBytes(java.nio.charset.StandardCharsets.UTF_8), 18)),
                "", "."));
        for (String guess : guesses) {
            assertEquals(Optional.empty(), bookings.byToken(guess), guess);
        }
        assertEquals(Optional.empty(), bookings.byToken(null));
        assertEquals(other.id(), bookings.byToken(otherToken).orElseThrow().id(), "a link opens its own booking only");
        String token = bookings.manageToken(b);
        assertFalse(token.contains(lead), "the link does not carry the lead id");
        assertTrue(token.startsWith(b.id() + "."));
    }

    @Test
    void anotherServersLinkDoesNotWorkHere() throws Exception {
        BookingDao.BookingRow b = book(lead(), TUESDAY_9);
        try (TestServer elsewhere = TestServer.start(TestServer.Builder.defaults().clock(clock))) {
            // The same booking id and sequence, under the other server's own secret.
            String foreign = elsewhere.app().bookings().manageToken(b);
            assertNotEquals(bookings.manageToken(b), foreign);
            assertEquals(Optional.empty(), bookings.byToken(foreign));
        }
    }
}
