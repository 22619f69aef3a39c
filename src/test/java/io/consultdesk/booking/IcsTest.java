package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calendar invitations as RFC 5545 says they are read: CRLF lines folded at 75 octets (never inside a
 * UTF-8 character), TEXT values escaped, times in UTC, and the iTIP method, status and sequence that
 * make a calendar replace or remove the event. Each invitation is parsed back (unfolded, unescaped)
 * and compared with what went in.
 */
class IcsTest {
    static final Instant STAMP = Instant.parse("2026-11-16T16:00:00Z");
    static final Instant START = Instant.parse("2026-11-23T17:00:00Z");
    static final Instant END = Instant.parse("2026-11-23T17:30:00Z");

    static Ics.Event event(String summary, String description, String location, String organizerName) {
        return new Ics.Event("b1Qx2mZ9aa-_k7Lw0pQrSt@consultdesk.example", 2, STAMP, START, END, summary, description, location,
                organizerName, "bookings@consultdesk.example", "jordan@example.com",
                "https://consult.example.com/staff/leads/l7Qx2mZ9aa-_k7Lw0pQrSt" /* a link that needs a sign-in, never the visitor's */);
    }

    static Ics.Event plain() {
        return event("Free 15-minute phone consultation · Bright Harbor Ketamine & TMS",
                "Your free consultation with Bright Harbor. Questions? Call (310) 555-0142.",
                "1100 Wilshire Blvd, Suite 400, Los Angeles, CA 90017", "Bright Harbor Ketamine & TMS");
    }

    // Reading an invitation back

    /** A property as a calendar reads it: name, parameters and the raw (still escaped) value. */
    record Property(String name, String params, String value) {}

    /** Unfolds (a CRLF followed by one space or tab is removed) and splits into properties. */
    static List<Property> parse(String ics) {
        assertTrue(ics.endsWith("\r\n"), "the last line ends with CRLF too");
        String unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
        List<Property> out = new ArrayList<>();
        for (String line : unfolded.substring(0, unfolded.length() - 2).split("\r\n", -1)) {
            int colon = -1;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ':' && !quoted) {
                    colon = i;
                    break;
                }
            }
            assertTrue(colon > 0, "a content line has a name and a value: " + line);
            String head = line.substring(0, colon);
            int semi = head.indexOf(';');
            out.add(new Property(semi < 0 ? head : head.substring(0, semi), semi < 0 ? "" : head.substring(semi + 1),
                    line.substring(colon + 1)));
        }
        return out;
    }

    /** The properties of the VEVENT (outside its VALARM), by name; each name once. */
    static Map<String, Property> event(String ics) {
        Map<String, Property> props = new LinkedHashMap<>();
        boolean inEvent = false;
        boolean inAlarm = false;
        for (Property p : parse(ics)) {
            if (p.name().equals("BEGIN") && p.value().equals("VEVENT")) {
                inEvent = true;
            } else if (p.name().equals("END") && p.value().equals("VEVENT")) {
                inEvent = false;
            } else if (p.name().equals("BEGIN") && p.value().equals("VALARM")) {
                inAlarm = true;
            } else if (p.name().equals("END") && p.value().equals("VALARM")) {
                inAlarm = false;
            } else if (inEvent && !inAlarm) {
                assertNull(props.put(p.name(), p), "one " + p.name() + " per event");
            }
        }
        return props;
    }

    /** RFC 5545 3.3.11, the other way. */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                out.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                assertFalse(c == ',' || c == ';', "an unescaped " + c + " in a TEXT value: " + text);
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The physical lines as octets, split at CRLF in the UTF-8 bytes. Each must be valid UTF-8 on its own
     * (a fold never cuts a character in two) and at most 75 octets, CRLF not counted.
     */
    static List<byte[]> physicalLines(String ics) {
        byte[] all = ics.getBytes(StandardCharsets.UTF_8);
        List<byte[]> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\r') {
                assertEquals('\n', all[i + 1], "CR only as part of CRLF");
                lines.add(java.util.Arrays.copyOfRange(all, from, i));
                from = i + 2;
                i++;
            } else {
                assertFalse(all[i] == '\n', "LF only as part of CRLF");
            }
        }
        assertEquals(all.length, from, "nothing after the last CRLF");
        return lines;
    }

    // Lines and folding

    @ParameterizedTest
    @EnumSource(Ics.Method.class)
    void everyLineEndsWithCrlfAndIsAtMost75Octets(Ics.Method method) {
        String ics = Ics.of(method, plain());
        for (byte[] line : physicalLines(ics)) {
            assertTrue(line.length <= 75, new String(line, StandardCharsets.UTF_8) + " is " + line.length + " octets");
            assertTrue(validUtf8(line));
        }
        assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"), ics);
        assertTrue(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n"), ics);
    }

    static Stream<String> longValues() {
        return Stream.of(
                "Clínica Bright Harbor Kétamine & TMS — Beverly Hills, Los Angeles, Santa Monica, Pasadena et Glendale",
                "é".repeat(200),
                "a" + "é".repeat(100), // the two-octet characters start at an odd offset
                "😀".repeat(60),       // four octets each, a surrogate pair in Java
                "ab😀".repeat(40),
                "x".repeat(500),
                "日本語のクリニック".repeat(12),
                "Line one\nLine two, with; everything\\ to escape " + "é😀".repeat(30));
    }

    @ParameterizedTest
    @MethodSource("longValues")
    void longValuesAreFoldedAt75OctetsWithoutSplittingACharacter(String value) {
        String ics = Ics.of(Ics.Method.REQUEST, event(value, value, value, value));
        List<byte[]> lines = physicalLines(ics);
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i);
            assertTrue(line.length <= 75, "line " + i + " is " + line.length + " octets");
            assertTrue(validUtf8(line), "line " + i + " is cut inside a UTF-8 character");
            boolean continued = i + 1 < lines.size() && lines.get(i + 1).length > 0 && lines.get(i + 1)[0] == ' ';
            if (continued) {
                // Folded only where needed: the next character would not have fitted.
                String next = new String(lines.get(i + 1), StandardCharsets.UTF_8).substring(1);
                int nextSize = new String(Character.toChars(next.codePointAt(0))).getBytes(StandardCharsets.UTF_8).length;
                assertTrue(line.length + nextSize > 75, "line " + i + " was folded early at " + line.length + " octets");
            }
        }
        Map<String, Property> e = event(ics);
        assertEquals(value, unescape(e.get("SUMMARY").value()));
        assertEquals(value, unescape(e.get("DESCRIPTION").value()));
        assertEquals(value, unescape(e.get("LOCATION").value()));
        assertTrue(lines.stream().anyMatch(l -> l.length > 0 && l[0] == ' '), "long values are folded");
    }

    @ParameterizedTest
    @ValueSource(ints = {74, 75, 76, 149, 150, 151})
    void aLineOfExactly75OctetsIsNotFoldedAndOneMoreIs(int octets) {
        StringBuilder out = new StringBuilder();
        Ics.line(out, "X".repeat(octets));
        String[] lines = out.toString().split("\r\n");
        assertEquals(octets <= 75 ? 1 : octets <= 149 ? 2 : 3, lines.length, out.toString());
        assertEquals(Math.min(octets, 75), lines[0].length());
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].startsWith(" ") && lines[i].length() <= 75);
        }
        assertEquals("X".repeat(octets), out.toString().replace("\r\n ", "").replace("\r\n", ""));
    }

    @Test
    void aTwoOctetCharacterThatWouldStraddleTheLimitMovesToTheNextLine() {
        // 74 ASCII octets, then "é" (2 octets): 76 would not fit, so "é" starts the continuation line.
        StringBuilder out = new StringBuilder();
        Ics.line(out, "A".repeat(74) + "é" + "B");
        assertEquals("A".repeat(74) + "\r\n éB\r\n", out.toString());
        // 73 ASCII octets and "é" fit exactly.
        out.setLength(0);
        Ics.line(out, "A".repeat(73) + "é" + "B");
        assertEquals("A".repeat(73) + "é\r\n B\r\n", out.toString());
        // An emoji (4 octets) after 72: 76 would not fit.
        out.setLength(0);
        Ics.line(out, "A".repeat(72) + "😀");
        assertEquals("A".repeat(72) + "\r\n 😀\r\n", out.toString());
    }

    // Escaping

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("Bright Harbor, Ketamine; TMS", "Bright Harbor\\, Ketamine\\; TMS", "Bright Harbor, Ketamine; TMS"),
                Arguments.of("C:\\Clinic\\", "C:\\\\Clinic\\\\", "C:\\Clinic\\"),
                Arguments.of("a\\,b", "a\\\\\\,b", "a\\,b"),
                Arguments.of("one\ntwo", "one\\ntwo", "one\ntwo"),
                Arguments.of("one\r\ntwo", "one\\ntwo", "one\ntwo"),
                Arguments.of("one\rtwo", "one\\ntwo", "one\ntwo"),
                Arguments.of("\\n is not a line break", "\\\\n is not a line break", "\\n is not a line break"),
                Arguments.of("Colons: fine, \"quotes\" too", "Colons: fine\\, \"quotes\" too", "Colons: fine, \"quotes\" too"),
                Arguments.of("Kétamine & TMS 😀", "Kétamine & TMS 😀", "Kétamine & TMS 😀"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void textValuesAreEscapedAndReadBack(String given, String written, String readBack) {
        assertEquals(written, Ics.text(given));
        Map<String, Property> e = event(Ics.of(Ics.Method.REQUEST, event(given, given, given, "Clinic")));
        for (String name : List.of("SUMMARY", "DESCRIPTION", "LOCATION")) {
            assertEquals(written, e.get(name).value(), name);
            assertEquals(readBack, unescape(e.get(name).value()), name);
        }
    }

    @Test
    void theOrganizersNameIsAQuotedParameterWithoutQuotesOrControlCharacters() {
        assertEquals("\"Bright Harbor: Ketamine; TMS, LA\"", Ics.param("Bright Harbor: Ketamine; TMS, LA"));
        assertEquals("\"Say Hello\"", Ics.param("Say \"Hello\""));
        assertEquals("\"AB\"", Ics.param("A\r\nB"));
        Map<String, Property> e = event(Ics.of(Ics.Method.REQUEST, event("s", null, null, "Bright \"Harbor\": A;B, C")));
        assertEquals("CN=\"Bright Harbor: A;B, C\"", e.get("ORGANIZER").params(), "a colon inside quotes is not the value's start");
        assertEquals("mailto:bookings@consultdesk.example", e.get("ORGANIZER").value());
    }

    // The event

    @ParameterizedTest
    @EnumSource(Ics.Method.class)
    void theEventParsesBackToWhatWentIn(Ics.Method method) {
        Ics.Event in = plain();
        String ics = Ics.of(method, in);
        List<Property> all = parse(ics);
        assertEquals(method.name(), all.stream().filter(p -> p.name().equals("METHOD")).findFirst().orElseThrow().value());
        assertEquals(List.of("VCALENDAR", "VEVENT"), all.stream().filter(p -> p.name().equals("BEGIN"))
                .map(Property::value).filter(v -> !v.equals("VALARM")).toList());

        Map<String, Property> e = event(ics);
        assertEquals(in.uid(), e.get("UID").value());
        assertEquals("2", e.get("SEQUENCE").value());
        assertEquals("20261116T160000Z", e.get("DTSTAMP").value());
        assertEquals("20261123T170000Z", e.get("DTSTART").value());
        assertEquals("20261123T173000Z", e.get("DTEND").value());
        assertEquals("", e.get("DTSTART").params(), "no TZID: UTC");
        assertEquals(in.summary(), unescape(e.get("SUMMARY").value()));
        assertEquals(in.description(), unescape(e.get("DESCRIPTION").value()));
        assertEquals(in.location(), unescape(e.get("LOCATION").value()));
        assertEquals(in.url(), e.get("URL").value());
        assertEquals("mailto:jordan@example.com", e.get("ATTENDEE").value());
        assertTrue(e.get("ATTENDEE").params().contains("RSVP=FALSE"));
        boolean cancel = method == Ics.Method.CANCEL;
        assertEquals(cancel ? "CANCELLED" : "CONFIRMED", e.get("STATUS").value());
        assertTrue(e.get("ATTENDEE").params().contains("PARTSTAT=" + (cancel ? "DECLINED" : "ACCEPTED")), e.get("ATTENDEE").params());
        assertEquals(!cancel, ics.contains("BEGIN:VALARM\r\n"), "a reminder alarm only on a live event");
        if (!cancel) {
            assertTrue(ics.contains("TRIGGER:-PT1H\r\n"));
        }
    }

    @Test
    void timesAreUtcWhateverTheirZoneWasAndDropFractions() {
        Ics.Event e = new Ics.Event("u@x", 0, Instant.parse("2026-03-08T09:59:59.987Z"),
                java.time.ZonedDateTime.parse("2026-03-08T03:00-07:00[America/Los_Angeles]").toInstant(),
                java.time.OffsetDateTime.parse("2026-03-08T06:30-04:00").toInstant(), "s", null, null, "o", "o@x", "a@x", null);
        Map<String, Property> p = event(Ics.of(Ics.Method.REQUEST, e));
        assertEquals("20260308T100000Z", p.get("DTSTART").value());
        assertEquals("20260308T103000Z", p.get("DTEND").value());
        assertEquals("20260308T095959Z", p.get("DTSTAMP").value());
        for (String name : List.of("DTSTART", "DTEND", "DTSTAMP")) {
            assertTrue(p.get(name).value().matches("\\d{8}T\\d{6}Z"), name);
        }
    }

    @Test
    void optionalPropertiesAreLeftOutWhenAbsent() {
        Ics.Event e = new Ics.Event("u@x", 0, STAMP, START, END, "s", null, null, "o", "o@x", "a@x", null);
        Map<String, Property> p = event(Ics.of(Ics.Method.REQUEST, e));
        assertFalse(p.containsKey("DESCRIPTION"));
        assertFalse(p.containsKey("LOCATION"));
        assertFalse(p.containsKey("URL"));
        assertEquals("0", p.get("SEQUENCE").value());
    }

    @Test
    void aRescheduleAndACancelKeepTheUidAndRaiseTheSequence() {
        Ics.Event first = plain();
        Ics.Event moved = new Ics.Event(first.uid(), first.sequence() + 1, STAMP.plusSeconds(60), START.plusSeconds(3600),
                END.plusSeconds(3600), first.summary(), first.description(), first.location(), first.organizerName(),
                first.organizerEmail(), first.attendee(), first.url());
        Ics.Event cancelled = new Ics.Event(first.uid(), moved.sequence() + 1, STAMP.plusSeconds(120), moved.start(), moved.end(),
                first.summary(), first.description(), first.location(), first.organizerName(), first.organizerEmail(),
                first.attendee(), first.url());
        Map<String, Property> a = event(Ics.of(Ics.Method.REQUEST, first));
        Map<String, Property> b = event(Ics.of(Ics.Method.REQUEST, moved));
        Map<String, Property> c = event(Ics.of(Ics.Method.CANCEL, cancelled));
        assertEquals(a.get("UID"), b.get("UID"));
        assertEquals(a.get("UID"), c.get("UID"));
        assertEquals(List.of(2, 3, 4), Stream.of(a, b, c).map(x -> Integer.parseInt(x.get("SEQUENCE").value())).toList());
        assertEquals("20261123T180000Z", b.get("DTSTART").value());
        assertEquals("CANCELLED", c.get("STATUS").value());
    }
}
