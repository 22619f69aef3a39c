package io.consultdesk.dashboard;

import io.consultdesk.i18n.Messages;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates and ages as staff read them, in the clinic's time zone. */
public record Formats(Messages messages, ZoneId zone, Instant now) {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm a z", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    public String dateTime(Instant at) {
        return at == null ? "" : DATE_TIME.format(at.atZone(zone));
    }

    /** For the datetime attribute of a time element. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    public String day(LocalDate date) {
        return DAY.format(date);
    }

    public String age(Instant at) {
        long minutes = Math.max(0, Duration.between(at, now).toMinutes());
        if (minutes < 1) {
            return messages.get("staff.age.now");
        }
        if (minutes < 120) {
            return messages.get("staff.age.minutes", minutes);
        }
        if (minutes < 48 * 60) {
            return messages.get("staff.age.hours", minutes / 60);
        }
        return messages.get("staff.age.days", minutes / (24 * 60));
    }
}
