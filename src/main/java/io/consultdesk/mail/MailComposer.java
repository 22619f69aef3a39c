package io.consultdesk.mail;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.embed.BrandTheme;
import io.consultdesk.i18n.Messages;
import io.consultdesk.web.Views;
import java.net.URI;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.simplejavamail.api.email.CalendarMethod;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.email.EmailBuilder;

/**
 * Turns a queued message into an email when it is sent: subject, HTML and plain-text parts from jte
 * templates in the clinic's language, name and colours, and a Message-ID fixed by the outbox id, so
 * a message sent again after a crash carries the same id and the receiving side can recognise it.
 */
public final class MailComposer {
    private final ClinicService clinics;
    private final Views html;
    private final Views text;
    private final MailSettings settings;
    private final Supplier<URI> publicUrl;
    private final BookingDetails bookings;
    private final InvitationDetails invitations;
    private final Predicate<String> testLead;

    /**
     * @param testLead whether a lead id is a test request (from a clinic's setup checklist): the emails about it to
     *     the clinic are marked "[Test]" in their subject, so nobody takes them for a person
     */
    public MailComposer(ClinicService clinics, Views html, Views text, MailSettings settings, Supplier<URI> publicUrl,
                        BookingDetails bookings, InvitationDetails invitations, Predicate<String> testLead) {
        this.clinics = clinics;
        this.html = html;
        this.text = text;
        this.settings = settings;
        this.publicUrl = publicUrl;
        this.bookings = bookings;
        this.invitations = invitations;
        this.testLead = testLead;
    }

    /** What an email about a booking shows, read from the booking when the email is sent. */
    public interface BookingDetails {
        /** Empty when the booking has changed since this email was queued: a newer email tells the recipient. */
        java.util.Optional<MailView.Booking> of(OutboxDao.Message m, Clinic clinic, Messages t);
    }

    /** What an invitation to a clinic's team shows, read from the invitation when the email is sent. */
    public interface InvitationDetails {
        /** Empty when the invitation no longer works (revoked, replaced, accepted or expired): it is not sent. */
        java.util.Optional<Invited> of(OutboxDao.Message m, Clinic clinic, Messages t);
    }

    /** An invitation as its email shows it, and the one-time link (which carries the token). */
    public record Invited(MailView.Invitation invitation, String link) {}

    /** Thrown when a message describes something that has changed since (a moved or cancelled booking); it is not sent. */
    public static final class Superseded extends RuntimeException {
        Superseded(String why) {
            super(why, null, false, false);
        }
    }

    /** Thrown when a message cannot be composed at all (its kind or clinic is gone); retrying cannot help. */
    public static final class Unsendable extends RuntimeException {
        Unsendable(String why) {
            super(why);
        }
    }

    public Email compose(OutboxDao.Message m) {
        MailKind kind = MailKind.of(m.kind()).orElseThrow(() -> new Unsendable("unknown kind " + m.kind()));
        Clinic clinic = clinics.find(m.clinicSlug()).orElseThrow(() -> new Unsendable("clinic no longer exists"));
        Messages t = Messages.forLocale(clinic.locale());
        MailView.Booking booking = null;
        String prefix = "mail." + kind.code + ".";
        if (kind.aboutBooking()) {
            booking = bookings.of(m, clinic, t).orElseThrow(() -> new Superseded("the consultation changed since"));
            prefix += booking.state() + ".";
        }
        Invited invited = null;
        if (kind.aboutInvitation()) {
            invited = invitations.of(m, clinic, t).orElseThrow(() -> new Superseded("the invitation no longer works"));
        }
        String subject = t.get(prefix + "subject", clinic.name(), booking == null ? "" : booking.when());
        boolean toVisitor = kind == MailKind.VISITOR_CONFIRMATION || kind == MailKind.BOOKING_VISITOR
                || kind == MailKind.BOOKING_REMINDER;
        if (!toVisitor && m.leadId() != null && testLead.test(m.leadId())) {
            subject = t.get("mail.test.subject", subject); // the visitor's side stays exactly what a visitor gets
        }
        String link = invited != null ? invited.link() : toVisitor ? null : publicUrl.get() + "/staff/leads/" + m.leadId();
        MailView view = new MailView(t, subject, t.get(prefix + "preheader", clinic.name()), clinic.name(),
                clinic.phone(), clinic.hours(), clinic.brandColor(), BrandTheme.ink(clinic.brandColor()),
                BrandTheme.textOnWhite(clinic.brandColor()), link, booking, invited == null ? null : invited.invitation());
        var email = EmailBuilder.startingBlank()
                .from(clinic.name(), settings.from())
                .to(m.recipient())
                .withSubject(subject)
                .withPlainText(text.render(kind.code + ".jte", view))
                .withHTMLText(html.render("mail/" + kind.code + ".jte", view))
                .fixingMessageId(messageId(m.id()))
                // RFC 3834: no out-of-office replies and no auto-forward loops
                .withHeader("Auto-Submitted", "auto-generated");
        if (booking != null && booking.ics() != null) {
            // As calendar services send it: an inline text/calendar part that mail programs offer to add,
            // and the same invitation as invite.ics for those that only open attachments.
            email.withCalendarText(booking.cancel() ? CalendarMethod.CANCEL : CalendarMethod.REQUEST, booking.ics())
                    .withAttachment("invite.ics", booking.ics().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            "application/ics");
        }
        return email.buildEmail();
    }


    public String messageId(String outboxId) {
        return "<" + outboxId + "@" + settings.fromDomain() + ">";
    }
}
