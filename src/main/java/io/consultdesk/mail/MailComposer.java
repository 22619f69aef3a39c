package io.consultdesk.mail;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.embed.BrandTheme;
import io.consultdesk.i18n.Messages;
import io.consultdesk.web.Views;
import java.net.URI;
import java.util.function.Supplier;
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

    public MailComposer(ClinicService clinics, Views html, Views text, MailSettings settings, Supplier<URI> publicUrl) {
        this.clinics = clinics;
        this.html = html;
        this.text = text;
        this.settings = settings;
        this.publicUrl = publicUrl;
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
        String prefix = "mail." + kind.code + ".";
        String subject = t.get(prefix + "subject", clinic.name());
        String link = kind == MailKind.VISITOR_CONFIRMATION ? null : publicUrl.get() + "/staff/leads/" + m.leadId();
        MailView view = new MailView(t, subject, t.get(prefix + "preheader", clinic.name()), clinic.name(),
                clinic.phone(), clinic.hours(), clinic.brandColor(), BrandTheme.ink(clinic.brandColor()),
                BrandTheme.textOnWhite(clinic.brandColor()), link);
        return EmailBuilder.startingBlank()
                .from(clinic.name(), settings.from())
                .to(m.recipient())
                .withSubject(subject)
                .withPlainText(text.render(kind.code + ".jte", view))
                .withHTMLText(html.render("mail/" + kind.code + ".jte", view))
                .fixingMessageId(messageId(m.id()))
                // RFC 3834: no out-of-office replies and no auto-forward loops
                .withHeader("Auto-Submitted", "auto-generated")
                .buildEmail();
    }

    public String messageId(String outboxId) {
        return "<" + outboxId + "@" + settings.fromDomain() + ">";
    }
}
