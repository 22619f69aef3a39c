package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Slots} as pure functions: which times a schedule offers (wall clock of the location, through its
 * time-zone rules, across both DST changes), which cells a booking holds, and which slots are still free.
 */
class SlotsTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final ZoneId NY = ZoneId.of("America/New_York");
    static final String LOC = "here";
    /** A moment long before every date below, so notice and "today" do not get in the way unless a test says so. */
    static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    // Building schedules

    static BookingSettings.ConsultationType type(String id, int minutes, int buffer) {
        return new BookingSettings.ConsultationType(id, id, BookingSettings.Mode.IN_PERSON, minutes, buffer, List.of());
    }

    static BookingSettings.Opening opening(String range) {
        String[] p = range.split("-");
        return new BookingSettings.Opening(LocalTime.parse(p[0]), LocalTime.parse(p[1]));
    }

    /** The same openings every day of the week. */
    static Map<DayOfWeek, List<BookingSettings.Opening>> everyDay(String... ranges) {
        Map<DayOfWeek, List<BookingSettings.Opening>> weekly = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            weekly.put(d, Arrays.stream(ranges).map(SlotsTest::opening).toList());
        }
        return weekly;
    }

    static BookingSettings settings(Map<DayOfWeek, List<BookingSettings.Opening>> weekly, int capacity, Duration notice,
                                    int horizonDays, Set<LocalDate> clinicBlocked, Set<LocalDate> locationBlocked,
                                    BookingSettings.ConsultationType... types) {
        return new BookingSettings(true, List.of(types), notice, horizonDays, clinicBlocked,
                Map.of(LOC, new BookingSettings.LocationHours(weekly, capacity, locationBlocked)));
    }

    static BookingSettings simple(BookingSettings.ConsultationType type, String... ranges) {
        return settings(everyDay(ranges), 1, Duration.ZERO, BookingSettings.MAX_HORIZON_DAYS, Set.of(), Set.of(), type);
    }

    static List<Slot> offeredOn(BookingSettings s, BookingSettings.ConsultationType type, ZoneId zone, String date) {
        LocalDate d = LocalDate.parse(date);
        return Slots.offered(s, type, LOC, zone, d, d, LONG_AGO);
    }

    static List<String> utcStarts(List<Slot> slots) {
        return slots.stream().map(s -> s.start().toString()).toList();
    }

    /** Each slot's start on the location's clock with its offset, e.g. "01:30-07:00". */
    static List<String> localStarts(List<Slot> slots) {
        return slots.stream().map(s -> Slot.iso(s.localStart()).substring(11, 16) + Slot.iso(s.localStart()).substring(19)).toList();
    }

    static List<String> hhmm(List<Slot> slots) {
        return slots.stream().map(s -> s.localStart().toLocalTime().toString()).toList();
    }

    // Daylight saving time in Los Angeles

    @ParameterizedTest(name = "{0} 09:00 in Los Angeles is {1}")
    @CsvSource({
            // the March change: Sunday 2026-03-08, clocks go from 02:00 PST to 03:00 PDT
            "2026-03-07, 2026-03-07T17:00:00Z, -08:00",
            "2026-03-08, 2026-03-08T16:00:00Z, -07:00",
            "2026-03-09, 2026-03-09T16:00:00Z, -07:00",
            // the November change: Sunday 2026-11-01, clocks go from 02:00 PDT back to 01:00 PST
            "2026-10-31, 2026-10-31T16:00:00Z, -07:00",
            "2026-11-01, 2026-11-01T17:00:00Z, -08:00",
            "2026-11-02, 2026-11-02T17:00:00Z, -08:00",
    })
    void nineOClockIsTheLocationsNineOClockOnEitherSideOfAChange(String date, String utc, String offset) {
        BookingSettings.ConsultationType t = type("t", 30, 0);
        List<Slot> slots = offeredOn(simple(t, "09:00-10:00"), t, LA, date);
        assertEquals(List.of(utc, Instant.parse(utc).plus(Duration.ofMinutes(30)).toString()), utcStarts(slots));
        assertEquals(List.of("09:00" + offset, "09:30" + offset), localStarts(slots));
        assertEquals(Duration.ofMinutes(30), Duration.between(slots.get(0).start(), slots.get(0).end()), "a real half hour");
        assertEquals(date + "T09:00:00" + offset, Slot.iso(slots.get(0).localStart()), "the API's form of the start");
    }

    static Stream<Arguments> nightsOfTheChanges() {
        return Stream.of(
                // Spring: 02:00–02:59 does not exist. 30-minute slots: 01:00 and 01:30 PST, then 03:00 and 03:30 PDT.
                Arguments.of("2026-03-08", 30, 0, List.of("01:00-08:00", "01:30-08:00", "03:00-07:00", "03:30-07:00"),
                        List.of("2026-03-08T09:00:00Z", "2026-03-08T09:30:00Z", "2026-03-08T10:00:00Z", "2026-03-08T10:30:00Z")),
                // Spring with a 40-minute step: 02:20 does not exist and is skipped, the grid goes on at 03:00.
                Arguments.of("2026-03-08", 30, 10, List.of("01:00-08:00", "01:40-08:00", "03:00-07:00"),
                        List.of("2026-03-08T09:00:00Z", "2026-03-08T09:40:00Z", "2026-03-08T10:00:00Z")),
                // Autumn: 01:00–01:59 happens twice. 01:00 and 01:30 are offered once, at their first (PDT) occurrence;
                // the second pass through that hour (09:00Z–10:00Z) has no slot.
                Arguments.of("2026-11-01", 30, 0,
                        List.of("01:00-07:00", "01:30-07:00", "02:00-08:00", "02:30-08:00", "03:00-08:00", "03:30-08:00"),
                        List.of("2026-11-01T08:00:00Z", "2026-11-01T08:30:00Z", "2026-11-01T10:00:00Z", "2026-11-01T10:30:00Z",
                                "2026-11-01T11:00:00Z", "2026-11-01T11:30:00Z")),
                // An ordinary night for comparison: six half hours.
                Arguments.of("2026-11-08", 30, 0,
                        List.of("01:00-08:00", "01:30-08:00", "02:00-08:00", "02:30-08:00", "03:00-08:00", "03:30-08:00"),
                        List.of("2026-11-08T09:00:00Z", "2026-11-08T09:30:00Z", "2026-11-08T10:00:00Z", "2026-11-08T10:30:00Z",
                                "2026-11-08T11:00:00Z", "2026-11-08T11:30:00Z")));
    }

    @ParameterizedTest(name = "{0}, {1}+{2} min, 01:00–04:00")
    @MethodSource("nightsOfTheChanges")
    void aNightOpeningAcrossTheChangeOffersOnlyRealTimesEachOnce(String date, int minutes, int buffer, List<String> local,
                                                                 List<String> utc) {
        BookingSettings.ConsultationType t = type("t", minutes, buffer);
        List<Slot> slots = offeredOn(simple(t, "01:00-04:00"), t, LA, date);
        assertEquals(local, localStarts(slots));
        assertEquals(utc, utcStarts(slots));
        assertEquals(slots.stream().map(Slot::start).distinct().count(), slots.size(), "no instant twice");
        for (Slot s : slots) {
            assertTrue(Slots.exists(s.localStart().toLocalDateTime(), LA), "a real local time: " + s);
            assertEquals(Duration.ofMinutes(minutes), Duration.between(s.start(), s.end()), "the real length, whatever the clock did");
            LocalDateTime localEnd = s.localEnd().toLocalDateTime();
            assertFalse(localEnd.toLocalTime().isAfter(LocalTime.of(4, 0)), "ends by the close: " + s);
        }
    }

    @Test
    void theSkippedHourIsNotAnExistingTimeAndTheRepeatedOneIs() {
        assertFalse(Slots.exists(LocalDateTime.parse("2026-03-08T02:00"), LA));
        assertFalse(Slots.exists(LocalDateTime.parse("2026-03-08T02:55"), LA));
        assertTrue(Slots.exists(LocalDateTime.parse("2026-03-08T03:00"), LA));
        assertTrue(Slots.exists(LocalDateTime.parse("2026-03-08T01:55"), LA));
        assertTrue(Slots.exists(LocalDateTime.parse("2026-11-01T01:30"), LA));
        assertTrue(Slots.exists(LocalDateTime.parse("2026-03-07T02:30"), LA), "the day before, 02:30 exists");
    }

    @Test
    void anOpeningThatClosesInsideTheSkippedHourClosesAtTheRealInstant() {
        // 01:00–02:30 on the spring night: 02:30 does not exist; the close is the instant the clocks reach it (03:30 PDT).
        BookingSettings.ConsultationType t = type("t", 30, 10);
        assertEquals(List.of("01:00-08:00", "01:40-08:00"), localStarts(offeredOn(simple(t, "01:00-02:30"), t, LA, "2026-03-08")));
        // And one that opens inside it starts at the first real step.
        assertEquals(List.of("03:00-07:00", "03:40-07:00"), localStarts(offeredOn(simple(t, "02:20-04:20"), t, LA, "2026-03-08")));
    }

    @Test
    void slotsThatOverlapBecauseOfTheSkippedHourStillCannotBothBeBooked() {
        // With a 40-minute step, 01:40 PST (09:40Z–10:10Z, buffer to 10:20Z) and 03:00 PDT (10:00Z) overlap in real time:
        // the wall-clock grid offers both, and the seats decide. Booking one leaves the other not free at capacity 1.
        BookingSettings.ConsultationType t = type("t", 30, 10);
        List<Slot> slots = offeredOn(simple(t, "01:00-04:00"), t, LA, "2026-03-08");
        Slot early = slots.get(1);
        Slot late = slots.get(2);
        assertEquals(Instant.parse("2026-03-08T09:40:00Z"), early.start());
        assertEquals(Instant.parse("2026-03-08T10:00:00Z"), late.start());
        assertEquals(slots, Slots.free(slots, 10, 1, Map.of()));
        assertEquals(List.of(slots.get(0)), Slots.free(slots, 10, 1, taken(Map.of(early, 10))), "03:00 is gone with 01:40");
        assertEquals(List.of(slots.get(0)), Slots.free(slots, 10, 1, taken(Map.of(late, 10))), "and 01:40 with 03:00");
        assertEquals(slots, Slots.free(slots, 10, 2, taken(Map.of(early, 10))), "capacity 2: room for both");
    }

    // A visitor in another zone

    @ParameterizedTest(name = "{0} 09:00 in Los Angeles is {2} in {1}")
    @CsvSource({
            "2026-11-23, America/New_York, 2026-11-23T12:00-05:00",
            "2026-07-15, America/New_York, 2026-07-15T12:00-04:00",
            "2026-03-08, America/New_York, 2026-03-08T12:00-04:00",
            "2026-11-01, America/New_York, 2026-11-01T12:00-05:00",
            // Europe changes on other days: between the US and the EU change the difference is 7 hours, not 8.
            "2026-03-16, Europe/London, 2026-03-16T16:00Z",
            "2026-04-01, Europe/London, 2026-04-01T17:00+01:00",
            "2026-10-27, Europe/London, 2026-10-27T16:00Z",
            "2026-11-23, Europe/London, 2026-11-23T17:00Z",
            "2026-11-23, Asia/Kathmandu, 2026-11-23T22:45+05:45",
            "2026-11-23, America/Los_Angeles, 2026-11-23T09:00-08:00",
    })
    void theSameInstantShownInTheVisitorsZone(String date, String visitorZone, String expected) {
        BookingSettings.ConsultationType t = type("t", 30, 0);
        Slot nine = offeredOn(simple(t, "09:00-09:30"), t, LA, date).get(0);
        assertEquals(expected, nine.start().atZone(ZoneId.of(visitorZone)).toOffsetDateTime().toString());
        assertEquals(nine.start(), java.time.OffsetDateTime.parse(expected).toInstant(),
                "the visitor's form of the time names the same instant");
    }

    @Test
    void aLocationInNewYorkIsLaidOutOnNewYorksClock() {
        BookingSettings.ConsultationType t = type("t", 30, 0);
        Slot nineInNy = offeredOn(simple(t, "09:00-09:30"), t, NY, "2026-11-23").get(0);
        assertEquals(Instant.parse("2026-11-23T14:00:00Z"), nineInNy.start());
        assertEquals("2026-11-23T09:00:00-05:00", Slot.iso(nineInNy.localStart()));
        assertEquals("2026-11-23T06:00-08:00", nineInNy.start().atZone(LA).toOffsetDateTime().toString(), "6:00 for a visitor in LA");
    }

    // Minimum notice

    @ParameterizedTest(name = "now {0}, notice {1} min: first slot {2}")
    @CsvSource({
            // Monday 2026-11-16, 08:00 in Los Angeles is 16:00Z; 15-minute slots from 08:00 to 18:00.
            "2026-11-16T16:00:00Z, 120, 10:00",  // exactly at now + notice: offered
            "2026-11-16T16:00:01Z, 120, 10:15",  // a second later the 10:00 slot is too soon
            "2026-11-16T16:14:59Z, 120, 10:15",
            "2026-11-16T16:15:00Z, 120, 10:15",
            "2026-11-16T15:00:00Z, 0, 08:00",    // before opening, no notice: the first slot of the day
            "2026-11-16T16:00:00Z, 0, 08:00",    // a slot starting right now, no notice: offered
            "2026-11-16T16:05:00Z, 0, 08:15",    // one already started: not
            "2026-11-16T16:00:00Z, 45, 08:45",
            "2026-11-16T22:00:00Z, 120, 16:00",
    })
    void aSlotIsOfferedFromNowPlusTheNoticeInclusive(String now, int noticeMinutes, String first) {
        BookingSettings.ConsultationType t = type("t", 15, 0);
        BookingSettings s = settings(everyDay("08:00-18:00"), 1, Duration.ofMinutes(noticeMinutes), 21, Set.of(), Set.of(), t);
        LocalDate monday = LocalDate.parse("2026-11-16");
        List<Slot> slots = Slots.offered(s, t, LOC, LA, monday, monday, Instant.parse(now));
        assertEquals(first, hhmm(slots).get(0));
        Instant earliest = Instant.parse(now).plus(Duration.ofMinutes(noticeMinutes));
        assertTrue(slots.stream().noneMatch(x -> x.start().isBefore(earliest)));
    }

    @Test
    void noticeCarriesIntoTheNextDay() {
        // Monday 17:30 in LA with a day's notice: nothing on Monday, and Tuesday from 17:30 only.
        BookingSettings.ConsultationType t = type("t", 15, 0);
        BookingSettings s = settings(everyDay("08:00-18:00"), 1, Duration.ofHours(24), 21, Set.of(), Set.of(), t);
        Instant now = Instant.parse("2026-11-17T01:30:00Z");
        List<Slot> slots = Slots.offered(s, t, LOC, LA, LocalDate.parse("2026-11-16"), LocalDate.parse("2026-11-17"), now);
        assertEquals(List.of("17:30", "17:45"), hhmm(slots));
        assertEquals(LocalDate.parse("2026-11-17"), slots.get(0).localStart().toLocalDate());
    }

    // Horizon

    @ParameterizedTest(name = "now {0}, horizon {1}: last day {2}")
    @CsvSource({
            "2026-11-16T16:00:00Z, 3, 2026-11-19",
            "2026-11-16T16:00:00Z, 1, 2026-11-17",
            "2026-11-16T16:00:00Z, 21, 2026-12-07",
            // 23:30 on Monday in LA is already Tuesday in UTC: today is the location's today.
            "2026-11-17T07:30:00Z, 3, 2026-11-19",
            // 00:30 on Tuesday in LA
            "2026-11-17T08:30:00Z, 3, 2026-11-20",
    })
    void theLastOfferedDateIsTodayPlusTheHorizonInTheLocationsCalendar(String now, int horizon, String lastDay) {
        BookingSettings.ConsultationType t = type("t", 60, 0);
        BookingSettings s = settings(everyDay("09:00-10:00"), 1, Duration.ZERO, horizon, Set.of(), Set.of(), t);
        List<Slot> slots = Slots.offered(s, t, LOC, LA, LocalDate.parse("2026-11-01"), LocalDate.parse("2027-12-31"),
                Instant.parse(now));
        LocalDate last = slots.get(slots.size() - 1).localStart().toLocalDate();
        assertEquals(LocalDate.parse(lastDay), last);
        LocalDate today = LocalDate.ofInstant(Instant.parse(now), LA);
        assertEquals(today.plusDays(horizon), last, "one slot a day, on every day up to and including today + horizon");
        assertTrue(slots.stream().noneMatch(x -> x.localStart().toLocalDate().isBefore(today)), "nothing before today");
    }

    @Test
    void theRequestedRangeIsClippedToTodayAndTheHorizonAndMayBeEmpty() {
        BookingSettings.ConsultationType t = type("t", 60, 0);
        BookingSettings s = settings(everyDay("09:00-10:00"), 1, Duration.ZERO, 5, Set.of(), Set.of(), t);
        Instant now = Instant.parse("2026-11-16T16:00:00Z"); // 08:00 Monday in LA
        assertEquals(List.of("2026-11-16T17:00:00Z", "2026-11-17T17:00:00Z"), utcStarts(
                Slots.offered(s, t, LOC, LA, LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-17"), now)));
        assertEquals(List.of(), Slots.offered(s, t, LOC, LA, LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-30"), now),
                "entirely beyond the horizon");
        assertEquals(List.of(), Slots.offered(s, t, LOC, LA, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-15"), now),
                "entirely in the past");
        assertEquals(List.of(), Slots.offered(s, t, LOC, LA, LocalDate.parse("2026-11-18"), LocalDate.parse("2026-11-17"), now),
                "to before from");
    }

    // Blocked dates

    @Test
    void blockedDatesAtTheClinicAndAtTheLocationHaveNoSlot() {
        BookingSettings.ConsultationType t = type("t", 60, 0);
        Set<LocalDate> clinic = Set.of(LocalDate.parse("2026-11-26"));
        Set<LocalDate> location = Set.of(LocalDate.parse("2026-11-27"));
        BookingSettings.LocationHours here = new BookingSettings.LocationHours(everyDay("09:00-10:00"), 1, location);
        BookingSettings.LocationHours there = new BookingSettings.LocationHours(everyDay("09:00-10:00"), 1, Set.of());
        BookingSettings s = new BookingSettings(true, List.of(t), Duration.ZERO, 21, clinic, Map.of(LOC, here, "there", there));
        Instant now = Instant.parse("2026-11-23T16:00:00Z");
        LocalDate from = LocalDate.parse("2026-11-25");
        LocalDate to = LocalDate.parse("2026-11-28");
        assertEquals(List.of("2026-11-25", "2026-11-28"), Slots.offered(s, t, LOC, LA, from, to, now).stream()
                .map(x -> x.localStart().toLocalDate().toString()).toList(), "the clinic's holiday and this location's own");
        assertEquals(List.of("2026-11-25", "2026-11-27", "2026-11-28"), Slots.offered(s, t, "there", LA, from, to, now).stream()
                .map(x -> x.localStart().toLocalDate().toString()).toList(), "another location has only the clinic's holiday");
    }

    @Test
    void aBlockedDateIsADateOnTheLocationsCalendar() {
        // A New York location, blocked on 2026-11-26: its 22:00–23:00 opening that evening is 03:00Z on the 27th, still blocked;
        // its 00:00-01:00 opening on the 27th (05:00Z) is not.
        BookingSettings.ConsultationType t = type("t", 60, 0);
        BookingSettings s = settings(everyDay("00:00-01:00", "22:00-23:00"), 1, Duration.ZERO, 21,
                Set.of(LocalDate.parse("2026-11-26")), Set.of(), t);
        List<Slot> slots = Slots.offered(s, t, LOC, NY, LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"),
                Instant.parse("2026-11-20T00:00:00Z"));
        assertEquals(List.of("2026-11-27T05:00:00Z", "2026-11-28T03:00:00Z"), utcStarts(slots));
    }

    // Lengths, buffers and openings that do not divide evenly

    @ParameterizedTest(name = "{0} min + {1} buffer in {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            // step = minutes + buffer; the last slot must end by the close; its buffer may run past it
            "15 | 5  | 09:00-10:00             | 09:00 09:20 09:40",
            "20 | 5  | 09:00-10:00             | 09:00 09:25",
            "15 | 15 | 09:00-10:00             | 09:00 09:30",
            "20 | 10 | 09:00-10:00             | 09:00 09:30",
            "25 | 10 | 09:00-10:00             | 09:00 09:35",
            "30 | 0  | 09:00-10:00             | 09:00 09:30",
            "60 | 0  | 09:00-10:00             | 09:00",
            "60 | 30 | 09:00-10:00             | 09:00",
            // openings that do not divide evenly: the remainder is left unoffered
            "30 | 0  | 09:00-10:50             | 09:00 09:30 10:00",
            "30 | 10 | 09:00-10:55             | 09:00 09:40 10:20",
            "30 | 0  | 09:00-09:25             | ''",
            "30 | 0  | 09:00-09:30             | 09:00",
            "45 | 15 | 09:05-11:50             | 09:05 10:05 11:05",
            // each opening starts its own grid
            "30 | 10 | 09:00-12:00 13:00-17:00 | 09:00 09:40 10:20 11:00 13:00 13:40 14:20 15:00 15:40 16:20",
            "30 | 10 | 09:00-10:00 10:00-11:00 | 09:00 10:00",
            // late at night, up to the last five minutes of the day
            "30 | 0  | 23:00-23:55             | 23:00",
    })
    void slotsStepByLengthPlusBufferAndEndByTheClose(int minutes, int buffer, String openings, String expected) {
        BookingSettings.ConsultationType t = type("t", minutes, buffer);
        List<Slot> slots = offeredOn(simple(t, openings.split(" ")), t, LA, "2026-11-23");
        assertEquals(expected.isBlank() ? List.of() : List.of(expected.split(" ")), hhmm(slots));
        slots.forEach(s -> assertEquals(Duration.ofMinutes(minutes), Duration.between(s.start(), s.end())));
    }

    @Test
    void nothingIsOfferedWhenOffOrNotOfferedThereOrOnAClosedWeekday() {
        BookingSettings.ConsultationType t = type("t", 30, 0);
        BookingSettings.ConsultationType elsewhere = new BookingSettings.ConsultationType("e", "e",
                BookingSettings.Mode.PHONE, 30, 0, List.of("there"));
        Map<DayOfWeek, List<BookingSettings.Opening>> weekdays = new EnumMap<>(DayOfWeek.class);
        weekdays.put(DayOfWeek.TUESDAY, List.of(opening("09:00-10:00")));
        BookingSettings on = settings(weekdays, 1, Duration.ZERO, BookingSettings.MAX_HORIZON_DAYS, Set.of(), Set.of(), t, elsewhere);
        BookingSettings off = new BookingSettings(false, on.types(), on.minimumNotice(), on.horizonDays(), on.blockedDates(),
                on.locations());
        assertEquals(2, offeredOn(on, t, LA, "2026-11-24").size(), "a Tuesday");
        assertEquals(List.of(), offeredOn(on, t, LA, "2026-11-23"), "a Monday: no hours");
        assertEquals(List.of(), offeredOn(off, t, LA, "2026-11-24"), "booking off");
        assertEquals(List.of(), offeredOn(on, elsewhere, LA, "2026-11-24"), "a type offered only at another location");
        assertEquals(List.of(), Slots.offered(on, t, "nowhere", LA, LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-24"),
                LONG_AGO), "a location without bookable hours");
    }

    @Test
    void slotsCarryTheirTypeLocationAndZoneAndComeInOrder() {
        BookingSettings.ConsultationType t = type("consult", 30, 10);
        List<Slot> slots = Slots.offered(simple(t, "09:00-12:00", "13:00-17:00"), t, LOC, LA, LocalDate.parse("2026-11-23"),
                LocalDate.parse("2026-11-29"), LONG_AGO);
        assertEquals(70, slots.size(), "ten a day, seven days");
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            assertEquals("consult", s.typeId());
            assertEquals(LOC, s.locationId());
            assertEquals(LA, s.zone());
            if (i > 0) {
                assertTrue(slots.get(i - 1).end().plus(Duration.ofMinutes(10)).compareTo(s.start()) <= 0,
                        "the buffer is kept between consecutive slots");
            }
        }
    }

    // Cells

    @ParameterizedTest(name = "{0}–{1} + {2} buffer: {3} cells")
    @CsvSource({
            "2026-11-23T17:00:00Z, 2026-11-23T17:30:00Z, 10, 8",
            "2026-11-23T17:00:00Z, 2026-11-23T17:30:00Z, 0, 6",
            "2026-11-23T17:00:00Z, 2026-11-23T17:15:00Z, 5, 4",
            "2026-11-23T17:00:00Z, 2026-11-23T17:05:00Z, 0, 1",
            "2026-11-23T17:00:00Z, 2026-11-23T21:00:00Z, 240, 96",
    })
    void aBookingHoldsEveryFiveMinuteCellFromItsStartToItsEndPlusBuffer(String start, String end, int buffer, int count) {
        Slot s = new Slot("t", LOC, Instant.parse(start), Instant.parse(end), LA);
        List<Instant> cells = Slots.cells(s, buffer);
        assertEquals(count, cells.size());
        assertEquals(s.start(), cells.get(0));
        assertEquals(s.end().plus(Duration.ofMinutes(buffer)).minus(Duration.ofMinutes(5)), cells.get(cells.size() - 1));
        for (int i = 1; i < cells.size(); i++) {
            assertEquals(Duration.ofMinutes(5), Duration.between(cells.get(i - 1), cells.get(i)));
        }
    }

    @Test
    void cellsAreTheSameInstantsWhicheverZoneTheSlotIsIn() {
        // A location at +05:45: its 09:00 is 03:15Z, still on the 5-minute grid shared by every location.
        Slot kathmandu = new Slot("t", LOC, Instant.parse("2026-11-23T03:15:00Z"), Instant.parse("2026-11-23T03:45:00Z"),
                ZoneId.of("Asia/Kathmandu"));
        Slot utc = new Slot("t", LOC, kathmandu.start(), kathmandu.end(), ZoneOffset.UTC);
        assertEquals(Slots.cells(utc, 5), Slots.cells(kathmandu, 5));
        assertEquals(Instant.parse("2026-11-23T03:15:00Z"), Slots.cells(kathmandu, 5).get(0));
    }

    // Free slots and capacity

    /** Seats taken per cell by these bookings (slot → its type's buffer). */
    static Map<Instant, Integer> taken(Map<Slot, Integer> bookings) {
        Map<Instant, Integer> taken = new HashMap<>();
        bookings.forEach((slot, buffer) -> Slots.cells(slot, buffer).forEach(c -> taken.merge(c, 1, Integer::sum)));
        return taken;
    }

    static Slot at(String type, String localStart, int minutes) {
        Instant start = LocalDateTime.parse("2026-11-23T" + localStart).atZone(LA).toInstant();
        return new Slot(type, LOC, start, start.plus(Duration.ofMinutes(minutes)), LA);
    }

    static Stream<Arguments> otherBookings() {
        // In-person consultations, 30 min + 10 buffer, offered 09:00, 09:40, 10:20, 11:00 (09:00–12:00);
        // phone calls are 15 min + 5 buffer. Which in-person slots stay free at capacity 1 or 2.
        List<String> all = List.of("09:00", "09:40", "10:20", "11:00");
        return Stream.of(
                Arguments.of("nothing booked", Map.of(), 1, all),
                Arguments.of("a phone call at 09:20 (cells 09:20–09:40) blocks 09:00 only", Map.of(at("phone", "09:20", 15), 5), 1,
                        List.of("09:40", "10:20", "11:00")),
                Arguments.of("a phone call at 08:40 ends with its buffer at 09:00: nothing blocked",
                        Map.of(at("phone", "08:40", 15), 5), 1, all),
                Arguments.of("a phone call at 08:45 runs its buffer into 09:00–09:05: 09:00 blocked",
                        Map.of(at("phone", "08:45", 15), 5), 1, List.of("09:40", "10:20", "11:00")),
                Arguments.of("a phone call at 09:35 (cells 09:35–09:55) meets 09:00's own buffer and 09:40's start: both blocked",
                        Map.of(at("phone", "09:35", 15), 5), 1, List.of("10:20", "11:00")),
                Arguments.of("a phone call at 09:40 is clear of 09:00 and its buffer, blocks 09:40",
                        Map.of(at("phone", "09:40", 15), 5), 1, List.of("09:00", "10:20", "11:00")),
                Arguments.of("a 2-hour booking from 09:30 blocks everything it touches",
                        Map.of(at("long", "09:30", 120), 0), 1, List.of()),
                Arguments.of("an in-person booking at 09:40 takes that slot", Map.of(at("in-person", "09:40", 30), 10), 1,
                        List.of("09:00", "10:20", "11:00")),
                Arguments.of("capacity 2: one booking leaves every slot free", Map.of(at("in-person", "09:40", 30), 10), 2, all),
                Arguments.of("capacity 2: two bookings at 09:40 fill it",
                        Map.of(at("in-person", "09:40", 30), 10, at("phone", "09:40", 15), 5), 2, List.of("09:00", "10:20", "11:00")),
                Arguments.of("capacity 2: phone calls at 09:20 and 09:35 share only the cell 09:35: 09:00 full, 09:40 not",
                        Map.of(at("phone", "09:20", 15), 5, at("phone", "09:35", 15), 5), 2, List.of("09:40", "10:20", "11:00")),
                Arguments.of("capacity 2: two phone calls that do not overlap each other block nothing",
                        Map.of(at("phone", "09:00", 15), 5, at("phone", "09:20", 15), 5), 2, all));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherBookings")
    void aSlotIsFreeWhenEachOfItsCellsHasASeat(String why, Map<Slot, Integer> bookings, int capacity, List<String> free) {
        BookingSettings.ConsultationType inPerson = type("in-person", 30, 10);
        List<Slot> offered = offeredOn(simple(inPerson, "09:00-12:00"), inPerson, LA, "2026-11-23");
        assertEquals(List.of("09:00", "09:40", "10:20", "11:00"), hhmm(offered));
        assertEquals(free, hhmm(Slots.free(offered, 10, capacity, taken(bookings))), why);
    }

    @Test
    void theBufferGivenToFreeIsTheCandidatesOwn() {
        Slot nine = at("t", "09:00", 30);
        Map<Instant, Integer> busyAt0935 = taken(Map.of(at("x", "09:35", 5), 0));
        assertEquals(List.of(nine), Slots.free(List.of(nine), 0, 1, busyAt0935), "without a buffer 09:00–09:30 is clear");
        assertEquals(List.of(), Slots.free(List.of(nine), 10, 1, busyAt0935), "with 10 minutes after it, it is not");
    }

    @Test
    void aFullCellAtAnyCapacityBlocks() {
        Slot nine = at("t", "09:00", 30);
        for (int capacity = 1; capacity <= BookingSettings.MAX_CAPACITY; capacity++) {
            Map<Instant, Integer> oneBelow = new HashMap<>();
            Map<Instant, Integer> full = new HashMap<>();
            List<Instant> cells = Slots.cells(nine, 0);
            for (Instant c : cells) {
                oneBelow.put(c, capacity - 1);
            }
            full.putAll(oneBelow);
            full.put(cells.get(cells.size() - 1), capacity);
            assertEquals(List.of(nine), Slots.free(List.of(nine), 0, capacity, oneBelow), "capacity " + capacity);
            assertEquals(List.of(), Slots.free(List.of(nine), 0, capacity, full), "capacity " + capacity);
        }
    }

    @Test
    void offeredAcrossManyDaysIsStableAndNeverDuplicated() {
        // Every day of 2026 in Los Angeles with the demo's Los Angeles hours and both its types.
        BookingSettings.ConsultationType phone = type("phone", 15, 5);
        BookingSettings.ConsultationType inPerson = type("in-person", 30, 10);
        BookingSettings s = settings(everyDay("08:00-12:00", "13:00-18:00"), 2, Duration.ZERO, BookingSettings.MAX_HORIZON_DAYS,
                Set.of(), Set.of(), phone, inPerson);
        for (BookingSettings.ConsultationType t : List.of(phone, inPerson)) {
            List<Slot> year = Slots.offered(s, t, LOC, LA, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-31"), LONG_AGO);
            List<Instant> starts = new ArrayList<>(year.stream().map(Slot::start).toList());
            assertEquals(starts.stream().distinct().count(), starts.size());
            assertEquals(starts.stream().sorted().toList(), starts, "in time order");
            int perDay = t == phone ? 12 + 15 : 6 + 7;
            assertEquals(365 * perDay, year.size(), t.id() + ": DST changes at night do not touch daytime hours");
            year.forEach(x -> assertEquals(x.localStart().getMinute() % 5, 0));
        }
    }
}
