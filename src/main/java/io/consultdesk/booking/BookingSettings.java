package io.consultdesk.booking;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A clinic's online booking of the free consultation: which consultation types it offers, when each
 * location takes them, and the rules every offered slot follows.
 *
 * @param minimumNotice  no slot starts sooner than this after the visitor looks
 * @param horizonDays    slots are offered up to this many days ahead (today being day 0), in the location's calendar
 * @param blockedDates   dates (holidays) with no slot at any location, in each location's own calendar
 * @param locations      the bookable hours per location id; a location not named here takes no bookings
 */
public record BookingSettings(boolean enabled, List<ConsultationType> types, Duration minimumNotice, int horizonDays,
                              Set<LocalDate> blockedDates, Map<String, LocationHours> locations) {

    /** Booking switched off: the visitor asks for a call back instead. */
    public static final BookingSettings OFF = new BookingSettings(false, List.of(), Duration.ofHours(2), 21, Set.of(), Map.of());
    /** Slots, lengths, buffers and opening hours are whole multiples of this; it is also the grain of a booked seat. */
    public static final int GRAIN_MINUTES = 5;
    public static final int MAX_HORIZON_DAYS = 366;
    public static final int MAX_CAPACITY = 50;

    public BookingSettings {
        types = List.copyOf(types);
        blockedDates = Set.copyOf(blockedDates);
        locations = Map.copyOf(locations);
    }

    /** How a consultation happens. */
    public enum Mode {
        PHONE("phone"), IN_PERSON("inPerson");

        public final String code;

        Mode(String code) {
            this.code = code;
        }

        public static Optional<Mode> of(String code) {
            for (Mode m : values()) {
                if (m.code.equals(code)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A kind of consultation a visitor can book, e.g. "Free 15-minute phone consultation".
     *
     * @param minutes       the slot length
     * @param bufferMinutes kept free after each consultation before the next may start
     * @param locations     where it is offered; empty: every location with bookable hours
     */
    public record ConsultationType(String id, String name, Mode mode, int minutes, int bufferMinutes, List<String> locations) {
        public ConsultationType {
            locations = List.copyOf(locations);
        }
    }

    /**
     * When a location takes consultations, in its own time zone.
     *
     * @param capacity how many consultations can run at the same time (across all types)
     */
    public record LocationHours(Map<DayOfWeek, List<Opening>> weekly, int capacity, Set<LocalDate> blockedDates) {
        public LocationHours {
            weekly = Map.copyOf(weekly);
            blockedDates = Set.copyOf(blockedDates);
        }

        public List<Opening> on(DayOfWeek day) {
            return weekly.getOrDefault(day, List.of());
        }
    }

    /** One stretch of opening hours on a weekday, e.g. 09:00–12:00 (local wall-clock time). */
    public record Opening(LocalTime from, LocalTime to) {}

    public Optional<ConsultationType> type(String id) {
        return types.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Whether this type can be booked at this location. */
    public boolean offers(ConsultationType type, String locationId) {
        return locations.containsKey(locationId) && (type.locations().isEmpty() || type.locations().contains(locationId));
    }

    /** Whether anything at all can be booked. */
    public boolean bookable() {
        return enabled && types.stream().anyMatch(t -> locations.keySet().stream().anyMatch(l -> offers(t, l)));
    }
}
