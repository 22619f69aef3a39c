package io.consultdesk.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which slots a schedule offers, as pure functions of the settings, the time now and what is booked.
 *
 * <p>Slots are laid out on the location's wall clock: from the start of each opening, one every
 * length + buffer, while the consultation ends by the close. Each local time becomes an instant
 * through the location's time-zone rules, so 9:00 in Los Angeles is 17:00 UTC in winter and 16:00 UTC
 * in summer. A local time that does not exist (the hour skipped when clocks go forward) is not offered;
 * a local time that happens twice (the hour repeated when clocks go back) is offered once, at its
 * first occurrence.
 *
 * <p>A booking holds a seat in every {@link BookingSettings#GRAIN_MINUTES}-minute cell from its start
 * to its end plus the type's buffer. A slot is free when each of its cells has fewer seats taken than
 * the location's capacity; the database enforces the same rule with a unique key per (cell, seat).
 */
public final class Slots {
    private static final Duration GRAIN = Duration.ofMinutes(BookingSettings.GRAIN_MINUTES);

    private Slots() {}

    /**
     * Every slot of {@code type} at {@code locationId} starting on a local date from {@code from} to
     * {@code to} (inclusive), after the minimum notice, within the horizon, not on a blocked date;
     * bookings are not looked at. Empty when the type is not offered there.
     */
    public static List<Slot> offered(BookingSettings settings, BookingSettings.ConsultationType type, String locationId,
                                     ZoneId zone, LocalDate from, LocalDate to, Instant now) {
        List<Slot> out = new ArrayList<>();
        BookingSettings.LocationHours hours = settings.locations().get(locationId);
        if (!settings.enabled() || hours == null || !settings.offers(type, locationId)) {
            return out;
        }
        Instant earliest = now.plus(settings.minimumNotice());
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate last = today.plusDays(settings.horizonDays());
        LocalDate first = from.isBefore(today) ? today : from;
        LocalDate end = to.isAfter(last) ? last : to;
        Duration length = Duration.ofMinutes(type.minutes());
        Duration step = Duration.ofMinutes((long) type.minutes() + type.bufferMinutes());
        for (LocalDate date = first; !date.isAfter(end); date = date.plusDays(1)) {
            if (settings.blockedDates().contains(date) || hours.blockedDates().contains(date)) {
                continue;
            }
            for (BookingSettings.Opening opening : hours.on(date.getDayOfWeek())) {
                Instant close = instant(date.atTime(opening.to()), zone);
                for (LocalDateTime local = date.atTime(opening.from());
                     local.toLocalDate().equals(date) && local.toLocalTime().isBefore(opening.to());
                     local = local.plus(step)) {
                    if (!exists(local, zone)) {
                        continue;
                    }
                    Instant start = instant(local, zone);
                    Instant finish = start.plus(length);
                    if (finish.isAfter(close)) {
                        break;
                    }
                    if (!start.isBefore(earliest)) {
                        out.add(new Slot(type.id(), locationId, start, finish, zone));
                    }
                }
            }
        }
        return out;
    }

    /** The cells a booking of {@code slot} holds: from its start to its end plus {@code bufferMinutes}. */
    public static List<Instant> cells(Slot slot, int bufferMinutes) {
        List<Instant> cells = new ArrayList<>();
        Instant until = slot.end().plus(Duration.ofMinutes(bufferMinutes));
        for (Instant c = floor(slot.start()); c.isBefore(until); c = c.plus(GRAIN)) {
            cells.add(c);
        }
        return cells;
    }

    /** The slots that still have a seat in every cell, given the seats taken per cell. */
    public static List<Slot> free(List<Slot> offered, int bufferMinutes, int capacity, Map<Instant, Integer> taken) {
        return offered.stream().filter(s -> cells(s, bufferMinutes).stream()
                .allMatch(c -> taken.getOrDefault(c, 0) < capacity)).toList();
    }

    /** Whether a wall-clock time happens at all in the zone (it does not in the hour skipped in spring). */
    static boolean exists(LocalDateTime local, ZoneId zone) {
        return !zone.getRules().getValidOffsets(local).isEmpty();
    }

    /** The instant of a local time; the first of the two in the repeated autumn hour. */
    private static Instant instant(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant();
    }

    private static Instant floor(Instant at) {
        long grain = GRAIN.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), grain) * grain);
    }
}
