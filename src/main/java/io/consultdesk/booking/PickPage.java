package io.consultdesk.booking;

import io.consultdesk.dashboard.DeskDao;
import io.consultdesk.staff.StaffFrame;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Staff pick a time for a lead's consultation: a new one (any type and location the clinic offers), or a new
 * time for the one booked (its type and location stay; to change those, cancel it and book again).
 *
 * @param current     the consultation booked now, which this page moves; empty: this page books one
 * @param choices     the type and location pairs that can be booked (one, the current booking's, when moving)
 * @param offered     whether the chosen type can be booked at the chosen location now
 * @param days        the free times of the days shown, at the location's clock
 * @param visitorZone the visitor's own zone (from their browser) when its clocks differ from the location's
 * @param selected    the time chosen in the form that came back (taken or invalid), checked again
 */
public record PickPage(StaffFrame frame, DeskDao.LeadRecord lead, BookingLabels labels, Optional<BookingDao.BookingRow> current,
                       List<Choice> choices, String typeId, String locationId, ZoneId zone, boolean offered, LocalDate from,
                       List<Day> days, Optional<LocalDate> earlier, Optional<LocalDate> later, Optional<String> notice,
                       Optional<String> error, Optional<Instant> selected, Optional<ZoneId> visitorZone) {
    /** How many days of free times one page shows. */
    public static final int DAYS = 7;

    public record Choice(String typeId, String locationId) {}

    public record Day(LocalDate date, List<Slot> slots) {}

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public boolean moving() {
        return current.isPresent();
    }

    public String choiceLabel(Choice c) {
        return t("staff.booking.pick.choice", labels.typeName(c.typeId()), labels.locationName(c.locationId()));
    }

    public String choiceUrl(Choice c) {
        return base() + "?type=" + enc(c.typeId()) + "&location=" + enc(c.locationId());
    }

    public String isChoice(Choice c) {
        return c.typeId().equals(typeId) && c.locationId().equals(locationId) ? "page" : null;
    }

    public String pageUrl(LocalDate day) {
        return base() + "?type=" + enc(typeId) + "&location=" + enc(locationId) + "&from=" + day;
    }

    public String action() {
        return base();
    }

    public String dayName(LocalDate d) {
        return labels.day(d);
    }

    /** The zone's name, e.g. "Pacific Time". */
    public String zoneName() {
        return new TimeText(frame.messages()).zone(zone, from.atStartOfDay(zone).toInstant());
    }

    public String visitorZoneName() {
        return visitorZone.map(z -> new TimeText(frame.messages()).zone(z, from.atStartOfDay(zone).toInstant()) + " ("
                + z.getId() + ")").orElse("");
    }

    public int slotCount() {
        return days.stream().mapToInt(d -> d.slots().size()).sum();
    }

    public String value(Slot s) {
        return Slot.iso(s.localStart());
    }

    public String slotId(Slot s) {
        return "slot-" + s.start().getEpochSecond();
    }

    public String time(Slot s) {
        return labels.time(s.start(), zone);
    }

    /** The same time on the visitor's clock, when it differs: "12:00 PM for the visitor". */
    public Optional<String> visitorTime(Slot s) {
        return visitorZone.map(z -> t("staff.booking.pick.visitorTime", labels.time(s.start(), z)));
    }

    public boolean checked(Slot s) {
        return selected.map(s.start()::equals).orElse(false);
    }

    public String currentText() {
        return current.map(labels::describe).orElse("");
    }

    private String base() {
        return "/staff/leads/" + lead.id() + "/booking";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
