package io.consultdesk.mail;

import org.simplejavamail.api.email.Email;

/** Where composed emails go: an SMTP server, or {@code .eml} files when none is configured. */
public interface MailTransport extends AutoCloseable {

    /** Delivers one email; returns normally only when the receiving side has accepted it. */
    void send(OutboxDao.Message message, Email email) throws Exception;

    /** For the start-up log and /healthz: "smtp" or "files". */
    String kind();

    @Override
    default void close() {}
}
