package io.consultdesk.booking;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A time a consultation of one type can happen at one location; {@code zone} is the location's. */
public record Slot(String typeId, String locationId, Instant start, Instant end, ZoneId zone) {

    /** The start as the location's clocks show it, with their offset: what the API answers. */
    public OffsetDateTime localStart() {
        return start.atZone(zone).toOffsetDateTime();
    }

    public OffsetDateTime localEnd() {
        return end.atZone(zone).toOffsetDateTime();
    }

    /** ISO-8601 with seconds and the location's offset, e.g. {@code 2026-11-23T09:00:00-08:00}. */
    public static String iso(OffsetDateTime at) {
        return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
