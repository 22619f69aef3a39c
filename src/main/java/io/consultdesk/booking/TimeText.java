package io.consultdesk.booking;

import io.consultdesk.i18n.Messages;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** Dates and times of consultations as people read them, in their language and a given time zone. */
public record TimeText(Messages messages) {

    /** "Tuesday, December 8, 2026" */
    public String date(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(messages.locale()).format(at.atZone(zone));
    }

    /** "Tuesday, December 8" */
    public String day(ZonedDateTime at) {
        return DateTimeFormatter.ofPattern(messages.get("booking.format.day"), messages.locale()).format(at);
    }

    /** "9:00 AM" */
    public String time(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(messages.locale()).format(at.atZone(zone));
    }

    /** "Pacific Time": the zone's name without summer or winter, which the date already tells. */
    public String zone(ZoneId zone, Instant at) {
        return DateTimeFormatter.ofPattern("vvvv", messages.locale()).format(at.atZone(zone));
    }

    /** "Tuesday, December 8, 2026, 9:00 AM (Pacific Time)" */
    public String when(Instant at, ZoneId zone) {
        return messages.get("booking.format.when", date(at, zone), time(at, zone), zone(zone, at));
    }
}
