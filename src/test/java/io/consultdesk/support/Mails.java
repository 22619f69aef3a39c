package io.consultdesk.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Reading emails as a recipient would: headers, and each text part decoded from its transfer encoding. */
public final class Mails {
    private Mails() {}

    public static MimeMessage parse(String raw) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    public static String to(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    public static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ",");
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Every text part, decoded, by its MIME type without parameters ("text/plain", "text/html"). */
    public static Map<String, String> textParts(MimeMessage m) {
        Map<String, String> parts = new LinkedHashMap<>();
        try {
            collect(m, parts);
        } catch (MessagingException | IOException e) {
            throw new AssertionError(e);
        }
        return parts;
    }

    /** All header lines and all decoded text: everything a reader of the email could see. */
    public static String everything(MimeMessage m) {
        StringBuilder all = new StringBuilder();
        try {
            for (var h : Collections.list(m.getAllHeaderLines())) {
                all.append(h).append('\n');
            }
            all.append(subject(m)).append('\n');
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
        textParts(m).values().forEach(v -> all.append(v).append('\n'));
        return all.toString();
    }

    private static void collect(Part part, Map<String, String> parts) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multi) {
            for (int i = 0; i < multi.getCount(); i++) {
                BodyPart child = multi.getBodyPart(i);
                collect(child, parts);
            }
        } else if (content instanceof String text) {
            String type = part.getContentType().split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
            parts.merge(type, text, (a, b) -> a + b);
        }
    }
}
