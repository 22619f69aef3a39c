package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.staff.StaffFrame;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The upcoming consultations of the clinics a person works for: one day, or a week from Monday to Sunday,
 * grouped by day and sorted by time, each at its location's clock.
 *
 * @param view       {@code day} or {@code week}
 * @param date       the day asked for (in a week view, any day of that week)
 * @param first      the first day shown; {@code last} the last
 * @param days       every day shown, with what is booked on it (at each location's own date)
 * @param clinics    the clinics this person may see; {@code clinic} and {@code location} the filters chosen
 * @param bookingOff the names of shown clinics that do not book online (consultations booked before still show)
 */
public record ConsultationsPage(StaffFrame frame, String view, LocalDate date, LocalDate first, LocalDate last,
                                LocalDate today, List<Day> days, List<Clinic> clinics, Optional<String> clinic,
                                Optional<String> location, Optional<String> error, List<String> bookingOff) {
    public static final String DAY = "day";
    public static final String WEEK = "week";

    public record Day(LocalDate date, List<Row> rows) {}

    /** One consultation, with the labels of its clinic and its location's zone. */
    public record Row(BookingDao.Scheduled booking, BookingLabels labels, ZoneId zone) {
        public String time() {
            return labels.time(booking.startsAt(), zone) + "–" + labels.time(booking.endsAt(), zone) + " "
                    + labels.zoneShort(booking.startsAt(), zone);
        }

        public String typeName() {
            return labels.typeName(booking.typeId());
        }

        public String place() {
            return labels.place(booking.typeId(), booking.locationId());
        }

        public String clinicName() {
            return labels.clinic().name();
        }

        public String telHref() {
            return booking.phone() == null ? null : "tel:" + booking.phone().replaceAll("[^0-9+]", "");
        }
    }

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public boolean week() {
        return WEEK.equals(view);
    }

    public int total() {
        return days.stream().mapToInt(d -> d.rows().size()).sum();
    }

    public boolean severalClinics() {
        return clinics.size() > 1;
    }

    /** The locations of the clinics shown, for the location filter. */
    public List<Clinic.Location> locations() {
        return clinics.stream().filter(c -> clinic.isEmpty() || c.slug().equals(clinic.get()))
                .flatMap(c -> c.locations().stream()).toList();
    }

    public String heading() {
        return week() ? t("staff.consultations.weekOf", dayName(first), dayName(last)) : dayName(first);
    }

    /** "Monday, November 16" */
    public String dayName(LocalDate d) {
        return java.time.format.DateTimeFormatter.ofPattern(t("booking.format.day"), frame.messages().locale()).format(d);
    }

    public boolean isToday(LocalDate d) {
        return d.equals(today);
    }

    public String previousUrl() {
        return url(view, week() ? first.minusWeeks(1) : first.minusDays(1));
    }

    public String nextUrl() {
        return url(view, week() ? first.plusWeeks(1) : first.plusDays(1));
    }

    public String todayUrl() {
        return url(view, today);
    }

    public String dayUrl() {
        return url(DAY, week() && !(today.isBefore(first) || today.isAfter(last)) ? today : first);
    }

    public String weekUrl() {
        return url(WEEK, first);
    }

    public String dayLink(LocalDate d) {
        return url(DAY, d);
    }

    public String current(String v) {
        return v.equals(view) ? "page" : null;
    }

    public boolean showsToday() {
        return !today.isBefore(first) && !today.isAfter(last);
    }

    private String url(String v, LocalDate d) {
        StringBuilder q = new StringBuilder("/staff/consultations?view=").append(v).append("&date=").append(d);
        clinic.ifPresent(c -> q.append("&clinic=").append(URLEncoder.encode(c, StandardCharsets.UTF_8)));
        location.ifPresent(l -> q.append("&location=").append(URLEncoder.encode(l, StandardCharsets.UTF_8)));
        return q.toString();
    }
}
