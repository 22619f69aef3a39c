package io.consultdesk.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
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

    public static SendFailure permanent(String detail) {
        return new SendFailure(true, 0, clip(detail));
    }

    public static SendFailure classify(Throwable thrown) {
        Throwable smtp = find(thrown);
        if (smtp instanceof SMTPAddressFailedException e) {
            return reply(e.getReturnCode(), e.getMessage(), e.getReturnCode() >= 500);
        }
        if (smtp instanceof SMTPSenderFailedException e) {
            return reply(e.getReturnCode(), "sender refused: " + e.getMessage(), false);
        }
        if (smtp instanceof SMTPSendFailedException e) {
            return reply(e.getReturnCode(), e.getMessage(), e.getReturnCode() >= 500);
        }
        if (smtp instanceof AuthenticationFailedException) {
            return new SendFailure(false, 0, "SMTP sign-in refused: check CONSULTDESK_SMTP_USERNAME and _PASSWORD");
        }
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new SendFailure(false, 0, clip(root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage())));
    }

    /** The first SMTP-level exception in the cause chain, following MessagingException's "next" links too. */
    private static Throwable find(Throwable thrown) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        todo.add(thrown);
        Throwable auth = null;
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t instanceof SMTPAddressFailedException || t instanceof SMTPSenderFailedException
                    || t instanceof SMTPSendFailedException) {
                return t;
            }
            if (t instanceof AuthenticationFailedException && auth == null) {
                auth = t;
            }
            if (t instanceof MessagingException m) {
                todo.add(m.getNextException());
            }
            todo.add(t.getCause());
        }
        return auth;
    }

    private static SendFailure reply(int code, String text, boolean permanent) {
        String line = text == null ? "" : text.strip().replace('\r', ' ').replace('\n', ' ');
        return new SendFailure(permanent, code, clip(line.startsWith(String.valueOf(code)) ? "SMTP " + line : "SMTP " + code + " " + line));
    }

    private static String clip(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }
}
