package io.consultdesk.booking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How staff pages name a clinic's consultations: the type, the place, short times in the location's zone,
 * where a booking came from, and the visitor's call-back window. Stored codes the clinic no longer has
 * (a type removed from its settings) are shown as they are, never as an error.
 */
public final class BookingLabels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private final Messages t;
    private final Clinic clinic;

    public BookingLabels(Messages t, Clinic clinic) {
        this.t = t;
        this.clinic = clinic;
    }

    public Clinic clinic() {
        return clinic;
    }

    /** "Free 15-minute phone consultation" */
    public String typeName(String typeId) {
        return clinic.booking().type(typeId).map(BookingSettings.ConsultationType::name).orElse(typeId);
    }

    public String locationName(String locationId) {
        return clinic.location(locationId).map(Clinic.Location::name).orElse(locationId);
    }

    /** "in person, Beverly Hills" or "by phone, Los Angeles" */
    public String place(String typeId, String locationId) {
        Optional<BookingSettings.Mode> mode = clinic.booking().type(typeId).map(BookingSettings.ConsultationType::mode);
        return mode.map(m -> t.get("staff.booking.place." + m.code, locationName(locationId))).orElse(locationName(locationId));
    }

    /** The location's zone; the clinic's first location's, or UTC, for a location it no longer has. */
    public ZoneId zone(String locationId) {
        return clinic.location(locationId).or(() -> clinic.locations().stream().findFirst()).map(Clinic.Location::zone)
                .orElse(java.time.ZoneOffset.UTC);
    }

    /** "Tue, Dec 8, 9:00 AM PST" */
    public String when(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern(t.get("staff.booking.format.when"), t.locale()).format(at.atZone(zone));
    }

    /** "9:00 AM" */
    public String time(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern(t.get("staff.booking.format.time"), t.locale()).format(at.atZone(zone));
    }

    /** "PST": the zone's short name at that time (the offset people read on their clocks). */
    public String zoneShort(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("z", t.locale()).format(at.atZone(zone));
    }

    /** "Tuesday, December 8" */
    public String day(java.time.LocalDate date) {
        return DateTimeFormatter.ofPattern(t.get("booking.format.day"), t.locale()).format(date);
    }

    /** "Booked by the visitor through the website form", "Booked by staff in the dashboard" */
    public String source(String code) {
        String key = "staff.booking.source." + code;
        return t.has(key) ? t.get(key) : code;
    }

    /** A booking as one phrase: "Tue, Dec 8, 9:00 AM PST (in person, Beverly Hills)" */
    public String describe(BookingDao.BookingRow b) {
        ZoneId zone = zone(b.locationId());
        return t.get("staff.booking.describe", when(b.startsAt(), zone), place(b.typeId(), b.locationId()));
    }

    /**
     * The visitor's call-back window as stored ({@code {"days":["mon","wed"],"time":"morning"}}): "Mon, Wed · Morning
     * (8am–12pm)", or "any day · …" without days. Empty when there is none or it cannot be read.
     */
    public Optional<String> callbackWindow(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(json);
            List<String> days = new ArrayList<>();
            n.path("days").forEach(d -> days.add(d.asText()));
            return Optional.of(callback(days, n.path("time").asText("")));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The audit detail of a call-back request ("mon wed · morning", "any day · evening") as staff read it. */
    public String callbackDetail(String detail) {
        String[] parts = detail == null ? new String[0] : detail.split(" · ", 2);
        if (parts.length != 2) {
            return String.valueOf(detail);
        }
        List<String> days = parts[0].equals("any day") ? List.of() : List.of(parts[0].split(" "));
        return callback(days, parts[1]);
    }

    private String callback(List<String> days, String time) {
        List<String> names = new ArrayList<>();
        for (String d : days) {
            DayOfWeek day = DAYS.get(d);
            names.add(day == null ? d : day.getDisplayName(TextStyle.SHORT, t.locale()));
        }
        String when = names.isEmpty() ? t.get("staff.booking.callback.anyDay") : String.join(", ", names);
        String timeKey = "option.bestTime." + time;
        return t.get("staff.booking.callback.window", when, t.has(timeKey) ? t.get(timeKey) : time);
    }

    /**
     * A booking's audit detail ({@code type · location · start[ · by the visitor]}, a move with
     * {@code start → new start}) as staff read it; the detail as it is when it has another shape.
     */
    public String auditDetail(String action, String detail) {
        String[] parts = detail == null ? new String[0] : detail.split(" · ");
        if (parts.length < 3) {
            return String.valueOf(detail);
        }
        String place = place(parts[0], parts[1]);
        ZoneId zone = zone(parts[1]);
        boolean visitor = parts.length > 3 && parts[3].equals("by the visitor");
        String by = visitor ? " · " + t.get("staff.booking.timeline.byVisitor") : "";
        String[] times = parts[2].split(" → ");
        Optional<String> from = at(times[0], zone);
        if (from.isEmpty()) {
            return detail;
        }
        return switch (action) {
            case "booking.created" -> t.get("staff.booking.timeline.created", from.get(), place) + by;
            case "booking.cancelled" -> t.get("staff.booking.timeline.cancelled", from.get(), place) + by;
            case "booking.rescheduled" -> times.length == 2 && at(times[1], zone).isPresent()
                    ? t.get("staff.booking.timeline.rescheduled", from.get(), at(times[1], zone).get(), place) + by : detail;
            default -> detail;
        };
    }

    private Optional<String> at(String iso, ZoneId zone) {
        try {
            return Optional.of(when(OffsetDateTime.parse(iso).toInstant(), zone));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
