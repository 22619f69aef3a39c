package io.consultdesk.booking;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Calendar invitations (RFC 5545, with the iTIP methods of RFC 5546). Times are written in UTC
 * ({@code 20261123T170000Z}), so every calendar shows them at the right hour in its own zone, whatever
 * the clinic's or the visitor's daylight-saving rules. The UID is fixed per booking and the SEQUENCE
 * grows with every change, so a reschedule replaces the event and a CANCEL removes it.
 */
public final class Ics {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";

    private Ics() {}

    public enum Method { REQUEST, CANCEL }

    /**
     * One consultation as an event.
     *
     * @param attendee the address this copy is sent to (the invitation's attendee)
     * @param url      where the attendee can see it; only a link that needs a sign-in (the staff's page): an
     *                 invitation lands in shared calendars, so never the visitor's link that cancels or moves it
     */
    public record Event(String uid, int sequence, Instant stamp, Instant start, Instant end, String summary,
                        String description, String location, String organizerName, String organizerEmail,
                        String attendee, String url) {}

    public static String of(Method method, Event e) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//Consultdesk//Consultdesk//EN");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:" + method.name());
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + text(e.uid()));
        line(out, "SEQUENCE:" + e.sequence());
        line(out, "DTSTAMP:" + UTC.format(e.stamp()));
        line(out, "DTSTART:" + UTC.format(e.start()));
        line(out, "DTEND:" + UTC.format(e.end()));
        line(out, "SUMMARY:" + text(e.summary()));
        if (e.description() != null) {
            line(out, "DESCRIPTION:" + text(e.description()));
        }
        if (e.location() != null) {
            line(out, "LOCATION:" + text(e.location()));
        }
        if (e.url() != null) {
            line(out, "URL:" + e.url());
        }
        line(out, "ORGANIZER;CN=" + param(e.organizerName()) + ":mailto:" + e.organizerEmail());
        // The visitor chose the time: the invitation is already accepted, and asks for no reply to a no-reply sender.
        line(out, "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=" + (method == Method.CANCEL ? "DECLINED" : "ACCEPTED")
                + ";RSVP=FALSE:mailto:" + e.attendee());
        line(out, "STATUS:" + (method == Method.CANCEL ? "CANCELLED" : "CONFIRMED"));
        line(out, "TRANSP:OPAQUE");
        if (method == Method.REQUEST) {
            line(out, "BEGIN:VALARM");
            line(out, "ACTION:DISPLAY");
            line(out, "DESCRIPTION:" + text(e.summary()));
            line(out, "TRIGGER:-PT1H");
            line(out, "END:VALARM");
        }
        line(out, "END:VEVENT");
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11). */
    static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /** A parameter value, quoted, without the characters a quoted parameter cannot hold. */
    static String param(String value) {
        return "\"" + value.replaceAll("[\"\\p{Cntrl}]", "") + "\"";
    }

    /** Appends a content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append(CRLF).append(' ');
                octets = 1;
                limit = 75;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append(CRLF);
    }
}
