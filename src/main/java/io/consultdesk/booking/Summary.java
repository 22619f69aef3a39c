package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import java.time.ZoneId;

/**
 * A booked consultation as the visitor's pages show it: when in the time zone they looked at and at the
 * clinic (when that differs), which consultation, and where. Nothing about the visitor.
 */
public record Summary(String when, String whenClinic, String type, String place) {

    static Summary of(Clinic clinic, BookingDao.BookingRow b, ZoneId zone, Messages m) {
        TimeText text = new TimeText(m);
        ZoneId clinicZone = ZoneId.of(b.timeZone());
        boolean same = zone.getRules().getOffset(b.startsAt()).equals(clinicZone.getRules().getOffset(b.startsAt()));
        BookingSettings.ConsultationType type = clinic.booking().type(b.typeId()).orElse(null);
        return new Summary(text.when(b.startsAt(), zone), same ? null : text.when(b.startsAt(), clinicZone),
                type == null ? m.get("booking.type.fallback") : type.name(), BookingMails.place(clinic, b, type, m));
    }
}
