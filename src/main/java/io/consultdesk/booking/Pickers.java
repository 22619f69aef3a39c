package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link Picker} from what the visitor asked for. Every value comes from a form and may be
 * missing or made up: an unknown type, location, zone or day is ignored (the default is shown instead),
 * never an error.
 */
final class Pickers {
    /** Days with free times per page of the picker. */
    static final int DAYS_PER_PAGE = 3;
    /** The zones every visitor may choose from, besides their own and the clinic's. */
    static final List<String> US_ZONES = List.of("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
            "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico");
    private final BookingService bookings;

    Pickers(BookingService bookings) {
        this.bookings = bookings;
    }

    /** The picker's form values as sent: {@code page} (a paging button) wins over {@code from} (the page shown). */
    record Ask(String type, String location, String zone, String from, String page, String selected) {
        static final Ask NONE = new Ask(null, null, null, null, null, null);

        Ask withSelected(String slot) {
            return new Ask(type, location, zone, from, page, slot);
        }

        Ask from(String day) {
            return new Ask(type, location, zone, day, null, selected);
        }
    }

    /**
     * Who looks: {@code yours} is the zone the visitor's browser gave (if any), {@code preferredLocation} the
     * location chosen in the form (a default), {@code fixed} true when type and location cannot change (moving
     * a booking), {@code exclude} a start not to offer (the booking's own time).
     */
    record Viewer(Optional<ZoneId> yours, String preferredLocation, boolean fixed, Instant exclude) {}

    /** The consultation type, location and time zone the picker shows. */
    record Choice(BookingSettings.ConsultationType type, Clinic.Location location, ZoneId zone) {}

    /** The type, location and zone to show; empty when the clinic has nothing bookable. */
    Optional<Choice> choose(Clinic clinic, Ask ask, Viewer viewer) {
        BookingSettings settings = clinic.booking();
        List<BookingSettings.ConsultationType> types = types(clinic);
        if (types.isEmpty()) {
            return Optional.empty();
        }
        String preferred = viewer.preferredLocation();
        BookingSettings.ConsultationType type = settings.type(nullToEmpty(ask.type())).filter(types::contains)
                .or(() -> types.stream().filter(t -> preferred != null && settings.offers(t, preferred)).findFirst())
                .orElse(types.get(0));
        List<Clinic.Location> locations = locations(clinic, type);
        Clinic.Location location = locations.stream().filter(l -> l.id().equals(ask.location())).findFirst()
                .or(() -> locations.stream().filter(l -> l.id().equals(preferred)).findFirst())
                .orElse(locations.get(0));
        List<ZoneId> zones = zones(location, viewer.yours());
        ZoneId zone = zones.stream().filter(z -> z.getId().equals(ask.zone())).findFirst()
                .orElse(viewer.yours().orElse(location.zone()));
        return Optional.of(new Choice(type, location, zone));
    }

    Picker picker(Clinic clinic, Messages m, Choice choice, Ask ask, Viewer viewer, Picker.Forms forms, String slotError,
                  String notice) {
        TimeText text = new TimeText(m);
        BookingSettings settings = clinic.booking();
        Instant now = bookings.now();
        ZoneId zone = choice.zone();
        ZoneId clinicZone = choice.location().zone();

        List<Picker.Option> types = new ArrayList<>();
        List<Picker.Option> locations = new ArrayList<>();
        if (!viewer.fixed()) {
            for (BookingSettings.ConsultationType t : types(clinic)) {
                types.add(new Picker.Option(t.id(), t.name(), null, t.equals(choice.type())));
            }
            for (Clinic.Location l : locations(clinic, choice.type())) {
                locations.add(new Picker.Option(l.id(), l.name(), l.address().orElse(null), l.equals(choice.location())));
            }
        }
        List<Picker.Option> zones = new ArrayList<>();
        for (ZoneId z : zones(choice.location(), viewer.yours())) {
            String label = m.get("booking.widget.zone.option", text.zone(z, now), city(z));
            if (viewer.yours().filter(z::equals).isPresent()) {
                label = m.get("booking.widget.zone.optionYours", label);
            } else if (z.equals(clinicZone)) {
                label = m.get("booking.widget.zone.optionClinic", label);
            }
            zones.add(new Picker.Option(z.getId(), label, null, z.equals(zone)));
        }
        boolean yours = viewer.yours().filter(zone::equals).isPresent();
        boolean clinics = zone.equals(clinicZone);
        String zoneName = text.zone(zone, now);
        String zoneText = yours && clinics ? m.get("booking.widget.zone.shownBoth", zoneName)
                : yours ? m.get("booking.widget.zone.shownYours", zoneName)
                : clinics ? m.get("booking.widget.zone.shownClinic", zoneName)
                : m.get("booking.widget.zone.shown", zoneName);

        // Every free time within the horizon, grouped by day in the zone shown, soonest first.
        LocalDate today = LocalDate.ofInstant(now, clinicZone);
        Map<LocalDate, List<Slot>> byDay = new LinkedHashMap<>();
        for (Slot s : bookings.free(clinic, Optional.of(choice.type().id()), Optional.of(choice.location().id()), today,
                today.plusDays(settings.horizonDays()))) {
            if (!s.start().equals(viewer.exclude())) {
                byDay.computeIfAbsent(LocalDate.ofInstant(s.start(), zone), d -> new ArrayList<>()).add(s);
            }
        }
        List<LocalDate> dates = new ArrayList<>(byDay.keySet());
        LocalDate asked = date(ask.page()).or(() -> date(ask.from())).orElse(null);
        int first = 0;
        if (asked != null) {
            while (first < dates.size() && dates.get(first).isBefore(asked)) {
                first++;
            }
            if (first >= dates.size()) {
                first = Math.max(0, dates.size() - DAYS_PER_PAGE);
            }
        }
        int last = Math.min(dates.size(), first + DAYS_PER_PAGE);
        Optional<Instant> selected = instant(ask.selected());
        List<Picker.Day> days = new ArrayList<>();
        boolean clinicTimes = false;
        for (LocalDate date : dates.subList(first, last)) {
            List<Picker.Time> times = new ArrayList<>();
            for (Slot s : byDay.get(date)) {
                boolean same = zone.getRules().getOffset(s.start()).equals(s.zone().getRules().getOffset(s.start()));
                String clinicLabel = same ? null : text.time(s.start(), s.zone());
                String clinicZoneName = same ? null : m.get("booking.widget.slot.clinic", text.zone(s.zone(), s.start()));
                clinicTimes |= !same;
                times.add(new Picker.Time(Slot.iso(s.localStart()), "bk-slot-" + s.start().getEpochSecond(),
                        text.time(s.start(), zone), clinicLabel, clinicZoneName, selected.filter(s.start()::equals).isPresent()));
            }
            days.add(new Picker.Day(text.day(byDay.get(date).get(0).start().atZone(zone)), times));
        }
        if (clinicTimes) {
            zoneText = zoneText + " " + m.get("booking.widget.zone.clinicNote", text.zone(clinicZone, now));
        }
        String from = days.isEmpty() ? null : dates.get(first).toString();
        String earlier = first > 0 ? dates.get(Math.max(0, first - DAYS_PER_PAGE)).toString() : null;
        String later = last < dates.size() ? dates.get(last).toString() : null;
        String where = choice.type().mode() == BookingSettings.Mode.PHONE && locations(clinic, choice.type()).size() < 2
                ? choice.type().name() : m.get("booking.widget.typeAt", choice.type().name(), choice.location().name());
        String status = days.isEmpty() ? m.get("booking.widget.statusEmpty", where)
                : m.get("booking.widget.status", where, days.get(0).legend(), days.get(days.size() - 1).legend(), zoneName);
        return new Picker(forms, choice.type().id(), choice.location().id(), types, locations, zones, zone.getId(), zoneText,
                days, from, earlier, later, slotError, notice, m.get("booking.widget.empty", settings.horizonDays()), status);
    }

    /** The types that can be booked somewhere, in the clinic's order. */
    static List<BookingSettings.ConsultationType> types(Clinic clinic) {
        return clinic.booking().types().stream().filter(t -> !locations(clinic, t).isEmpty()).toList();
    }

    /** The clinic's locations that offer a type, in the clinic's order. */
    static List<Clinic.Location> locations(Clinic clinic, BookingSettings.ConsultationType type) {
        return clinic.locations().stream().filter(l -> clinic.booking().offers(type, l.id())).toList();
    }

    /** The visitor's own zone, the clinic's, then the US zones, each once. */
    static List<ZoneId> zones(Clinic.Location location, Optional<ZoneId> yours) {
        Set<ZoneId> zones = new LinkedHashSet<>();
        yours.ifPresent(zones::add);
        zones.add(location.zone());
        US_ZONES.forEach(z -> zones.add(ZoneId.of(z)));
        return List.copyOf(zones);
    }

    /** "New York" for America/New_York: the last part of the zone's id, as people read it. */
    static String city(ZoneId zone) {
        String id = zone.getId();
        return id.substring(id.lastIndexOf('/') + 1).replace('_', ' ');
    }

    /** A zone as a browser names it, or empty when it is not a known one. */
    static Optional<ZoneId> zone(String id) {
        try {
            return id == null || id.isBlank() || id.length() > 64 ? Optional.empty() : Optional.of(ZoneId.of(id.strip()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** A slot's start as the forms carry it ({@code 2026-11-17T09:00:00-08:00}), or empty. */
    static Optional<Instant> instant(String value) {
        try {
            return value == null || value.isBlank() || value.length() > 40 ? Optional.empty()
                    : Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(String value) {
        try {
            return value == null || value.isBlank() || value.length() > 10 ? Optional.empty() : Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
