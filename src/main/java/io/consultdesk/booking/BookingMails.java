package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.db.Database;
import io.consultdesk.i18n.Messages;
import io.consultdesk.mail.MailComposer;
import io.consultdesk.mail.MailKind;
import io.consultdesk.mail.MailSettings;
import io.consultdesk.mail.MailView;
import io.consultdesk.mail.OutboxDao;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the emails about a booking show, read from the booking when each email is sent: the time in the
 * recipient's zone (the visitor's browser zone when it was given) and at the clinic, the consultation
 * type and place, the visitor's link to change it (in the email's body only, never in the invitation), and the
 * calendar invitation. An email written for an
 * older version of the booking (it was moved or cancelled since) is superseded: a newer email tells.
 */
public final class BookingMails implements MailComposer.BookingDetails {
    private final Database db;
    private final BookingTokens tokens;
    private final MailSettings mail;
    private final Supplier<URI> publicUrl;
    private final Clock clock;

    public BookingMails(Database db, BookingTokens tokens, MailSettings mail, Supplier<URI> publicUrl, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.mail = mail;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public Optional<MailView.Booking> of(OutboxDao.Message m, Clinic clinic, Messages t) {
        Optional<BookingDao.BookingRow> found = m.bookingId() == null ? Optional.empty()
                : db.jdbi().withExtension(BookingDao.class, d -> d.find(m.bookingId()));
        if (found.isEmpty() || m.bookingSequence() == null || found.get().sequence() != m.bookingSequence()) {
            return Optional.empty();
        }
        BookingDao.BookingRow b = found.get();
        MailKind kind = MailKind.of(m.kind()).orElseThrow();
        boolean cancelled = !b.booked();
        if (kind == MailKind.BOOKING_REMINDER && cancelled) {
            return Optional.empty();
        }
        boolean toVisitor = kind != MailKind.BOOKING_CLINIC;
        String state = kind == MailKind.BOOKING_REMINDER ? "upcoming" : cancelled ? "cancelled"
                : b.sequence() == 0 ? "booked" : "rescheduled";
        ZoneId clinicZone = ZoneId.of(b.timeZone());
        ZoneId zone = toVisitor ? visitorZone(b).orElse(clinicZone) : clinicZone;
        TimeText text = new TimeText(t);
        String when = text.when(b.startsAt(), zone);
        String whenClinic = zone.getRules().getOffset(b.startsAt()).equals(clinicZone.getRules().getOffset(b.startsAt()))
                ? null : text.when(b.startsAt(), clinicZone);
        BookingSettings.ConsultationType type = clinic.booking().type(b.typeId()).orElse(null);
        String typeName = type == null ? t.get("booking.type.fallback") : type.name();
        String place = place(clinic, b, type, t);
        String manage = toVisitor && !cancelled ? publicUrl.get() + "/consultation/" + tokens.issue(b.id(), b.sequence()) : null;
        String ics = null;
        if (kind != MailKind.BOOKING_REMINDER) {
            // The visitor's link cancels or moves the booking without a sign-in, and an invitation is copied into
            // shared calendars: it stays in the email's body, and the invitation only says where to find it. The
            // staff's link is safe to share (it needs a sign-in).
            String staffLink = publicUrl.get() + "/staff/leads/" + b.leadId();
            Ics.Event event = new Ics.Event(b.id() + "@" + mail.fromDomain(), b.sequence(), clock.instant(), b.startsAt(),
                    b.endsAt(), t.get(toVisitor ? "booking.ics.summary" : "booking.ics.summaryStaff", typeName, clinic.name()),
                    toVisitor ? t.get("booking.ics.description", clinic.name(), clinic.phone()) + (manage == null ? ""
                            : "\n\n" + t.get("booking.ics.manage"))
                            : t.get("booking.ics.descriptionStaff", staffLink),
                    place, clinic.name(), mail.from(), m.recipient(), toVisitor ? null : staffLink);
            ics = Ics.of(cancelled ? Ics.Method.CANCEL : Ics.Method.REQUEST, event);
        }
        return Optional.of(new MailView.Booking(state, when, whenClinic, typeName, place, manage, ics, cancelled));
    }

    private Optional<ZoneId> visitorZone(BookingDao.BookingRow b) {
        return parseZone(db.jdbi().withExtension(BookingDao.class, d -> d.leadTimeZone(b.leadId())).orElse(null));
    }

    static Optional<ZoneId> parseZone(String zone) {
        try {
            return zone == null || zone.isBlank() ? Optional.empty() : Optional.of(ZoneId.of(zone));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Where the consultation happens: the location and its address in person, a phone call otherwise. */
    static String place(Clinic clinic, BookingDao.BookingRow b, BookingSettings.ConsultationType type, Messages t) {
        Optional<Clinic.Location> location = clinic.location(b.locationId());
        if (type != null && type.mode() == BookingSettings.Mode.PHONE) {
            return t.get("booking.place.phone", clinic.name());
        }
        return location.map(l -> l.address().map(a -> l.name() + ", " + a).orElse(l.name())).orElse(b.locationId());
    }
}
