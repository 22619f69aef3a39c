package io.consultdesk.mail;

import java.util.concurrent.ExecutionException;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.mailer.MailerBuilder;

/** Sends through an SMTP server with Simple Java Mail, synchronously, on the outbox worker's threads. */
public final class SmtpTransport implements MailTransport {
    /** Connect, read and write timeout: a stalled server fails the attempt instead of holding a sender. */
    static final int TIMEOUT_MS = 30_000;
    private final Mailer mailer;

    public SmtpTransport(MailSettings settings) {
        TransportStrategy strategy = switch (settings.transport()) {
            case SMTP -> TransportStrategy.SMTP; // never with a user name (MailSettings refuses it)
            case STARTTLS -> TransportStrategy.SMTP_TLS;
            case SMTPS -> TransportStrategy.SMTPS;
        };
        this.mailer = MailerBuilder
                .withSMTPServer(settings.smtpHost().orElseThrow(), settings.smtpPort(),
                        settings.username().orElse(null), settings.password().orElse(null))
                .withTransportStrategy(strategy)
                // starttls: TLS is required before AUTH and MAIL, and the certificate must name the host.
                .verifyingServerIdentity(true)
                .withSessionTimeout(TIMEOUT_MS)
                // Addresses were checked before the lead was accepted (EmailAddresses); a second,
                // different validator here could only fail an email that was already promised.
                .clearEmailValidator()
                .buildMailer();
    }

    @Override
    public void send(OutboxDao.Message message, Email email) throws Exception {
        try {
            mailer.sendMail(email, false).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public String kind() {
        return "smtp";
    }

    @Override
    public void close() {
        try {
            mailer.close();
        } catch (Exception e) {
            // nothing is lost: unsent emails stay in the outbox
        }
    }
}
