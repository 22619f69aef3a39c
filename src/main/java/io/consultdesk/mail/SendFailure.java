package io.consultdesk.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Why an email was not sent, and whether trying again can help.
 *
 * <p>Permanent: the receiving server refused the recipient or the message with a 5xx reply, so the
 * same email will be refused again. Everything else is retried: 4xx replies, a server that cannot be
 * reached, timeouts, and also a refused sign-in or sender address — those are mistakes in our own mail
 * settings that an operator fixes, and the queued emails should then go out rather than be lost.
 *
 * @param code the SMTP reply code when the server gave one, else 0
 * @param detail for the outbox row and the logs: the reply code and text, or the exception's class.
 *     Never the email's content.
 */
public record SendFailure(boolean permanent, int code, String detail) {
    private static final int MAX_DETAIL = 300;
    /** The server did not offer STARTTLS (or something on the way removed the offer): nothing was sent, no password. */
    static final String NO_STARTTLS = "the SMTP server did not offer STARTTLS, so neither the password nor the email"
            + " was sent (CONSULTDESK_SMTP_TRANSPORT=starttls requires it); kept to be sent once the server offers"
            + " TLS, or use smtps";

    public static SendFailure permanent(String detail) {
        return new SendFailure(true, 0, clip(detail));
    }

    public static SendFailure classify(Throwable thrown) {
        List<Throwable> chain = chain(thrown);
        for (Throwable t : chain) {
            if (t instanceof SMTPAddressFailedException e) {
                return reply(e.getReturnCode(), e.getMessage(), e.getReturnCode() >= 500);
            }
        }
        for (Throwable t : chain) {
            // Angus reports a refused MAIL FROM as an SMTPSendFailedException for that command,
            // with the SMTPSenderFailedException as its next exception: either way it is our setting.
            if (t instanceof SMTPSenderFailedException e) {
                return reply(e.getReturnCode(), "sender refused: " + e.getMessage(), false);
            }
            if (t instanceof SMTPSendFailedException e && e.getCommand() != null
                    && e.getCommand().toUpperCase(Locale.ROOT).startsWith("MAIL FROM")) {
                return reply(e.getReturnCode(), "sender refused: " + e.getMessage(), false);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SMTPSendFailedException e) {
                return reply(e.getReturnCode(), e.getMessage(), e.getReturnCode() >= 500);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof AuthenticationFailedException) {
                return new SendFailure(false, 0, "SMTP sign-in refused: check CONSULTDESK_SMTP_USERNAME and _PASSWORD");
            }
        }
        for (Throwable t : chain) {
            if (t instanceof MessagingException && t.getMessage() != null
                    && t.getMessage().toUpperCase(Locale.ROOT).contains("STARTTLS IS REQUIRED")) {
                return new SendFailure(false, 0, NO_STARTTLS);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return new SendFailure(false, 0, clip(oneLine(root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()))));
    }

    /**
     * Every exception reachable from the thrown one, breadth first, following both causes and
     * MessagingException's "next" links, each once (a chain that loops ends). The last one is the
     * deepest cause.
     */
    private static List<Throwable> chain(Throwable thrown) {
        List<Throwable> all = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(thrown);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t instanceof MessagingException m && m.getNextException() != null) {
                todo.add(m.getNextException());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return all;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("[\\r\\n]+", " ");
    }

    private static SendFailure reply(int code, String text, boolean permanent) {
        String line = text == null ? "" : oneLine(text);
        return new SendFailure(permanent, code, clip(line.startsWith(String.valueOf(code)) ? "SMTP " + line : "SMTP " + code + " " + line));
    }

    private static String clip(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }
}
