package io.consultdesk.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClinicFileTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String demo() {
        return ClinicFile.write(ClinicService.demoClinic());
    }

    @Test
    void theDemoClinicShipsAsAValidFile() {
        Clinic demo = ClinicService.demoClinic();
        assertEquals("demo", demo.slug());
        assertEquals(2, demo.locations().size());
        assertEquals("Los Angeles", demo.locations().get(0).name());
        assertEquals("Beverly Hills", demo.locations().get(1).name());
        assertEquals("America/Los_Angeles", demo.locations().get(0).timeZone());
        assertTrue(demo.allowsOrigin("http://localhost:5173"));
        assertTrue(demo.allowsOrigin("http://127.0.0.1:7070"));
    }

    @Test
    void exportThenImportGivesTheSameClinic() {
        Clinic demo = ClinicService.demoClinic();
        assertEquals(demo, ClinicFile.parse(ClinicFile.write(demo)));
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of((Consumer<ObjectNode>) c -> c.remove("slug"), "slug: is required"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("slug", "Bad Slug"), "slug: must be lowercase letters"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("brandColor", "teal"), "brandColor: must be a colour like"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("name", "Two\nLines"), "name: must not contain line breaks"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("locale", "fr"), "locale: must be one of"),
                Arguments.of((Consumer<ObjectNode>) c -> c.putArray("locations"), "locations: must be a list with at least one location"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("locations").get(1)).put("timeZone", "America/Las_Angeles"),
                        "locations[1].timeZone: \"America/Las_Angeles\" is not a known IANA time zone"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("locations").get(1)).put("id", "los-angeles"),
                        "locations[1].id: \"los-angeles\" is used by another location"),
                Arguments.of((Consumer<ObjectNode>) c -> c.putArray("allowedOrigins").add("https://clinic.example/contact"),
                        "allowedOrigins[0]: must be an origin like"),
                Arguments.of((Consumer<ObjectNode>) c -> c.putArray("allowedOrigins").add("https://a.example; script-src *"),
                        "allowedOrigins[0]: must be an origin like"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("recipients")).putArray("urgent").add("not-an-email"),
                        "recipients.urgent[0]: \"not-an-email\" is not a valid email address"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("recipients")).putArray("notify"),
                        "recipients.notify: must name at least one address"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("questions")).put("tmsChecklist", "yes"),
                        "questions.tmsChecklist: must be true or false"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("colour", "#ffffff"), "colour: is not a known setting"));
    }

    @ParameterizedTest
    @MethodSource("brokenFiles")
    void invalidFilesAreRefusedWithTheFieldNamed(Consumer<ObjectNode> change, String expected) throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(demo());
        change.accept(file);
        ClinicFile.Invalid e = assertThrows(ClinicFile.Invalid.class, () -> ClinicFile.parse(file.toString()));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected)), e.problems().toString());
    }

    @Test
    void notJsonAtAll() {
        ClinicFile.Invalid e = assertThrows(ClinicFile.Invalid.class, () -> ClinicFile.parse("{ nope"));
        assertTrue(e.problems().get(0).startsWith("(file): not valid JSON at line 1"), e.problems().toString());
    }

    // The booking section

    static ObjectNode booking(ObjectNode clinic) {
        return (ObjectNode) clinic.get("booking");
    }

    static ObjectNode type(ObjectNode clinic, int i) {
        return (ObjectNode) clinic.get("booking").get("types").get(i);
    }

    static ObjectNode la(ObjectNode clinic) {
        return (ObjectNode) clinic.get("booking").get("locations").get("los-angeles");
    }

    static ObjectNode laHours(ObjectNode clinic) {
        return (ObjectNode) la(clinic).get("hours");
    }

    static Arguments broken(String expected, Consumer<ObjectNode> change) {
        return Arguments.of(change, expected);
    }

    static Stream<Arguments> brokenBooking() {
        String la = "booking.locations.los-angeles";
        return Stream.of(
                // the section itself
                broken("booking: must be an object with enabled, types and locations", c -> c.put("booking", "on")),
                broken("booking.enabled: must be true or false", c -> booking(c).put("enabled", "yes")),
                broken("booking.colour: is not a known setting (known: blockedDates, enabled, horizonDays, locations,"
                        + " minimumNoticeMinutes, types)", c -> booking(c).put("colour", "#fff")),
                broken("booking.minimumNoticeMinutes: must be a whole number of minutes from 0 to 43200",
                        c -> booking(c).put("minimumNoticeMinutes", -1)),
                broken("booking.minimumNoticeMinutes: must be a whole number of minutes from 0 to 43200",
                        c -> booking(c).put("minimumNoticeMinutes", 43201)),
                broken("booking.minimumNoticeMinutes: must be a whole number", c -> booking(c).put("minimumNoticeMinutes", 1.5)),
                broken("booking.minimumNoticeMinutes: must be a whole number", c -> booking(c).put("minimumNoticeMinutes", "120")),
                broken("booking.horizonDays: must be a whole number of days from 1 to 366", c -> booking(c).put("horizonDays", 0)),
                broken("booking.horizonDays: must be a whole number of days from 1 to 366", c -> booking(c).put("horizonDays", 367)),
                // dates
                broken("booking.blockedDates[1]: \"2026-13-01\" is not a date like \"2026-12-25\"",
                        c -> booking(c).putArray("blockedDates").add("2026-12-25").add("2026-13-01")),
                broken("booking.blockedDates[0]: \"12/25/2026\" is not a date like \"2026-12-25\"",
                        c -> booking(c).putArray("blockedDates").add("12/25/2026")),
                broken("booking.blockedDates[0]: \"2027-02-29\" is not a date like \"2026-12-25\"",
                        c -> booking(c).putArray("blockedDates").add("2027-02-29")),
                broken("booking.blockedDates[0]: must be text", c -> booking(c).putArray("blockedDates").add(20261225)),
                broken("booking.blockedDates: must be a list", c -> booking(c).put("blockedDates", "2026-12-25")),
                broken(la + ".blockedDates[0]: \"2026-12-32\" is not a date like \"2026-12-25\"",
                        c -> la(c).putArray("blockedDates").add("2026-12-32")),
                // locations and their hours
                broken("booking.locations: must be an object: location id → its bookable hours",
                        c -> booking(c).putArray("locations")),
                broken("booking.locations.santa-monica: is not one of the clinic's locations [los-angeles, beverly-hills]",
                        c -> ((ObjectNode) booking(c).get("locations")).set("santa-monica", la(c).deepCopy())),
                broken(la + ": must be an object with hours, capacity and blockedDates",
                        c -> ((ObjectNode) booking(c).get("locations")).put("los-angeles", "weekdays")),
                broken(la + ".open: is not a known setting (known: blockedDates, capacity, hours)", c -> la(c).put("open", true)),
                broken(la + ".capacity: must be a whole number of consultations at once from 1 to 50", c -> la(c).put("capacity", 0)),
                broken(la + ".capacity: must be a whole number of consultations at once from 1 to 50", c -> la(c).put("capacity", 51)),
                broken(la + ".capacity: must be a whole number of consultations at once from 1 to 50", c -> la(c).put("capacity", -2)),
                broken(la + ".capacity: must be a whole number of consultations at once from 1 to 50", c -> la(c).put("capacity", "2")),
                broken(la + ".capacity: must be a whole number of consultations at once from 1 to 50", c -> la(c).put("capacity", 1.5)),
                broken(la + ".hours: is required: weekday (mon … sun) → opening hours", c -> la(c).remove("hours")),
                broken(la + ".hours: must be an object: weekday (mon … sun) → opening hours", c -> la(c).putArray("hours")),
                broken(la + ".hours.monday: is not a weekday (mon, tue, wed, thu, fri, sat, sun)",
                        c -> laHours(c).putArray("monday").add("09:00-12:00")),
                broken(la + ".hours.Mon: is not a weekday", c -> laHours(c).putArray("Mon").add("09:00-12:00")),
                broken(la + ".hours.mon: must be a list of opening hours like \"09:00-12:00\"", c -> laHours(c).put("mon", "09:00-12:00")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("9-12")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("9:00-12:00")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("09:00–12:00")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("09:00 - 12:00")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("09:00-24:00")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("09:60-12:00")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("9am-5pm")),
                broken(la + ".hours.mon[0]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add(9)),
                broken(la + ".hours.mon[1]: must be opening hours like \"09:00-12:00\" (24-hour clock)",
                        c -> laHours(c).putArray("mon").add("08:00-12:00").add("13:00-18:00:00")),
                broken(la + ".hours.mon[0]: must start and end on a multiple of 5 minutes",
                        c -> laHours(c).putArray("mon").add("09:03-12:00")),
                broken(la + ".hours.mon[0]: must start and end on a multiple of 5 minutes",
                        c -> laHours(c).putArray("mon").add("09:00-11:59")),
                broken(la + ".hours.mon[0]: must end after it starts, on the same day", c -> laHours(c).putArray("mon").add("12:00-09:00")),
                broken(la + ".hours.mon[0]: must end after it starts, on the same day", c -> laHours(c).putArray("mon").add("09:00-09:00")),
                broken(la + ".hours.mon[0]: must end after it starts, on the same day", c -> laHours(c).putArray("mon").add("22:00-02:00")),
                broken(la + ".hours.mon[1]: must start after the opening before it ends, in order",
                        c -> laHours(c).putArray("mon").add("09:00-12:00").add("11:00-13:00")),
                broken(la + ".hours.mon[1]: must start after the opening before it ends, in order",
                        c -> laHours(c).putArray("mon").add("13:00-17:00").add("09:00-12:00")),
                broken(la + ".hours.mon[1]: must start after the opening before it ends, in order",
                        c -> laHours(c).putArray("mon").add("09:00-17:00").add("10:00-11:00")),
                broken(la + ".hours.mon[2]: must start after the opening before it ends, in order",
                        c -> laHours(c).putArray("mon").add("08:00-09:00").add("10:00-11:00").add("10:30-12:00")),
                broken(la + ".hours: has no opening on any day: name at least one, like {\"mon\": [\"09:00-12:00\"]}",
                        c -> la(c).putObject("hours")),
                broken(la + ".hours: has no opening on any day: name at least one, like {\"mon\": [\"09:00-12:00\"]}",
                        c -> la(c).putObject("hours").putArray("mon")),
                // types
                broken("booking.types: must be a list of consultation types", c -> booking(c).putObject("types")),
                broken("booking.types[0]: must be an object with id, name, mode and minutes",
                        c -> ((com.fasterxml.jackson.databind.node.ArrayNode) booking(c).get("types")).insert(0, "phone")),
                broken("booking.types[0].length: is not a known setting (known: bufferMinutes, id, locations, minutes, mode, name)",
                        c -> type(c, 0).put("length", 15)),
                broken("booking.types[0].id: is required", c -> type(c, 0).remove("id")),
                broken("booking.types[0].id: must be lowercase letters, digits and dashes, like \"phone-15\"",
                        c -> type(c, 0).put("id", "Phone 15")),
                broken("booking.types[1].id: \"phone\" is used by another type", c -> type(c, 1).put("id", "phone")),
                broken("booking.types[0].name: is required", c -> type(c, 0).remove("name")),
                broken("booking.types[0].name: must not be empty", c -> type(c, 0).put("name", "  ")),
                broken("booking.types[0].name: must not contain line breaks", c -> type(c, 0).put("name", "Free\ncall")),
                broken("booking.types[0].name: must be at most 120 characters", c -> type(c, 0).put("name", "x".repeat(121))),
                broken("booking.types[0].mode: is required", c -> type(c, 0).remove("mode")),
                broken("booking.types[0].mode: must be \"phone\" or \"inPerson\"", c -> type(c, 0).put("mode", "video")),
                broken("booking.types[0].minutes: is required: the length of the consultation in minutes",
                        c -> type(c, 0).remove("minutes")),
                broken("booking.types[0].minutes: must be a whole number of minutes from 5 to 240, in steps of 5",
                        c -> type(c, 0).put("minutes", 7)),
                broken("booking.types[0].minutes: must be a whole number of minutes from 5 to 240, in steps of 5",
                        c -> type(c, 0).put("minutes", 0)),
                broken("booking.types[0].minutes: must be a whole number of minutes from 5 to 240, in steps of 5",
                        c -> type(c, 0).put("minutes", 245)),
                broken("booking.types[0].bufferMinutes: must be a whole number of minutes from 0 to 240, in steps of 5",
                        c -> type(c, 0).put("bufferMinutes", 3)),
                broken("booking.types[0].bufferMinutes: must be a whole number of minutes from 0 to 240, in steps of 5",
                        c -> type(c, 0).put("bufferMinutes", -5)),
                broken("booking.types[0].locations[0]: \"santa-monica\" is not one of the clinic's locations [los-angeles, beverly-hills]",
                        c -> type(c, 0).putArray("locations").add("santa-monica")),
                broken("booking.types[0].locations: must be a list", c -> type(c, 0).put("locations", "los-angeles")),
                broken("booking.types[0].locations: \"beverly-hills\" has no bookable hours in booking.locations",
                        c -> {
                            ((ObjectNode) booking(c).get("locations")).remove("beverly-hills");
                            type(c, 0).putArray("locations").add("beverly-hills");
                        }),
                // enabled, but nothing to book
                broken("booking: is enabled but offers nothing: it needs at least one type and one location with hours",
                        c -> booking(c).putArray("types")),
                broken("booking: is enabled but offers nothing: it needs at least one type and one location with hours",
                        c -> booking(c).remove("types")),
                broken("booking: is enabled but offers nothing: it needs at least one type and one location with hours",
                        c -> {
                            booking(c).putObject("locations");
                            type(c, 0).remove("locations");
                        }));
    }

    @ParameterizedTest
    @MethodSource("brokenBooking")
    void invalidBookingSettingsAreRefusedWithTheFieldNamed(Consumer<ObjectNode> change, String expected) throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(demo());
        change.accept(file);
        ClinicFile.Invalid e = assertThrows(ClinicFile.Invalid.class, () -> ClinicFile.parse(file.toString()));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected)), e.problems().toString());
    }

    @Test
    void everyBookingProblemIsReportedInOneRun() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(demo());
        booking(file).put("horizonDays", 0);
        la(file).put("capacity", 0);
        laHours(file).putArray("mon").add("12:00-09:00");
        type(file, 0).put("minutes", 7);
        type(file, 1).put("mode", "video");
        ClinicFile.Invalid e = assertThrows(ClinicFile.Invalid.class, () -> ClinicFile.parse(file.toString()));
        assertEquals(List.of("booking.horizonDays", "booking.locations.los-angeles.capacity",
                        "booking.locations.los-angeles.hours.mon[0]", "booking.types[0].minutes", "booking.types[1].mode"),
                e.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList(), e.problems().toString());
    }

    static Stream<Arguments> acceptedBooking() {
        return Stream.of(
                broken("booking off, and nothing else", c -> c.putObject("booking").put("enabled", false)),
                broken("no booking section at all", c -> c.remove("booking")),
                broken("booking: null", c -> c.putNull("booking")),
                broken("booking off keeps its settings", c -> booking(c).put("enabled", false)),
                broken("adjacent openings", c -> laHours(c).putArray("mon").add("08:00-12:00").add("12:00-18:00")),
                broken("the last five minutes of the day", c -> laHours(c).putArray("sun").add("00:00-23:55")),
                broken("spaces around an opening", c -> laHours(c).putArray("mon").add(" 08:00-12:00 ")),
                broken("a day with no openings next to days with some", c -> laHours(c).putArray("sun")),
                broken("capacity 50", c -> la(c).put("capacity", 50)),
                broken("capacity left out (1)", c -> la(c).remove("capacity")),
                broken("no notice", c -> booking(c).put("minimumNoticeMinutes", 0)),
                broken("a year ahead", c -> booking(c).put("horizonDays", 366)),
                broken("4 hours with 4 hours of buffer", c -> type(c, 0).put("minutes", 240).put("bufferMinutes", 240)),
                broken("a leap day", c -> booking(c).putArray("blockedDates").add("2028-02-29")),
                broken("a type named at both locations", c -> type(c, 0).putArray("locations").add("beverly-hills").add("los-angeles")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("acceptedBooking")
    void validBookingVariationsAreAcceptedAndSurviveARoundTrip(Consumer<ObjectNode> change, String why) throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(demo());
        change.accept(file);
        Clinic parsed = ClinicFile.parse(file.toString());
        String exported = ClinicFile.write(parsed);
        assertEquals(parsed, ClinicFile.parse(exported), why);
        assertEquals(exported, ClinicFile.write(ClinicFile.parse(exported)), why + ": export(import(f)) is stable");
        assertEquals(parsed.booking(), ClinicFile.bookingFromJson(ClinicFile.bookingJson(parsed.booking()), parsed.locations()),
                why + ": as stored in the database");
    }

    @Test
    void theDemosBookingSettingsAreReadAsWritten() {
        io.consultdesk.booking.BookingSettings b = ClinicService.demoClinic().booking();
        assertTrue(b.enabled());
        assertTrue(b.bookable());
        assertEquals(java.time.Duration.ofMinutes(120), b.minimumNotice());
        assertEquals(21, b.horizonDays());
        assertEquals(6, b.blockedDates().size());
        assertTrue(b.blockedDates().contains(java.time.LocalDate.parse("2026-12-25")));
        assertEquals(List.of("phone", "in-person"), b.types().stream().map(io.consultdesk.booking.BookingSettings.ConsultationType::id).toList());
        var phone = b.type("phone").orElseThrow();
        assertEquals(io.consultdesk.booking.BookingSettings.Mode.PHONE, phone.mode());
        assertEquals(15, phone.minutes());
        assertEquals(5, phone.bufferMinutes());
        assertEquals(List.of("los-angeles"), phone.locations());
        var inPerson = b.type("in-person").orElseThrow();
        assertEquals(List.of(), inPerson.locations(), "every location with hours");
        assertTrue(b.offers(inPerson, "beverly-hills"));
        assertTrue(b.offers(phone, "los-angeles"));
        assertTrue(!b.offers(phone, "beverly-hills"));
        assertEquals(2, b.locations().get("los-angeles").capacity());
        assertEquals(1, b.locations().get("beverly-hills").capacity());
        assertEquals(List.of(new io.consultdesk.booking.BookingSettings.Opening(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(13, 0))),
                b.locations().get("los-angeles").on(java.time.DayOfWeek.SATURDAY));
        assertEquals(List.of(), b.locations().get("beverly-hills").on(java.time.DayOfWeek.MONDAY));
    }

    @Test
    void aMessyBookingSectionIsExportedInOneCanonicalForm() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(demo());
        ObjectNode booking = booking(file);
        booking.putArray("blockedDates").add("2027-01-01").add("2026-12-25").add("2027-01-01").add(" 2026-12-24 ");
        type(file, 1).putArray("locations").add("los-angeles").add("beverly-hills").add("los-angeles");
        type(file, 0).put("name", "  Free 15-minute phone consultation  ");
        // weekdays in another order, location-level dates unsorted
        ObjectNode hours = laHours(file);
        ObjectNode reordered = JSON.createObjectNode();
        List<String> days = new java.util.ArrayList<>();
        hours.fieldNames().forEachRemaining(days::add);
        java.util.Collections.reverse(days);
        days.forEach(d -> reordered.set(d, hours.get(d)));
        la(file).set("hours", reordered);
        la(file).putArray("blockedDates").add("2026-11-27").add("2026-11-26");
        // locations in another order
        ObjectNode locations = (ObjectNode) booking.get("locations");
        ObjectNode swapped = JSON.createObjectNode();
        swapped.set("los-angeles", locations.get("los-angeles"));
        swapped.set("beverly-hills", locations.get("beverly-hills"));
        booking.set("locations", swapped);

        String once = ClinicFile.write(ClinicFile.parse(file.toString()));
        assertEquals(once, ClinicFile.write(ClinicFile.parse(once)));
        ObjectNode b = (ObjectNode) JSON.readTree(once).get("booking");
        assertEquals("[\"2026-12-24\",\"2026-12-25\",\"2027-01-01\"]", b.get("blockedDates").toString(), "sorted, once each");
        assertEquals("[\"beverly-hills\",\"los-angeles\"]", b.at("/types/1/locations").toString());
        assertEquals("Free 15-minute phone consultation", b.at("/types/0/name").asText());
        assertEquals(List.of("beverly-hills", "los-angeles"), iterable(b.get("locations").fieldNames()));
        assertEquals(List.of("mon", "tue", "wed", "thu", "fri", "sat"), iterable(b.at("/locations/los-angeles/hours").fieldNames()));
        assertEquals("[\"2026-11-26\",\"2026-11-27\"]", b.at("/locations/los-angeles/blockedDates").toString());
        assertEquals(2, b.at("/locations/los-angeles/capacity").asInt());
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void theShippedDemoFileIsItsOwnExport() throws Exception {
        try (var in = ClinicFileTest.class.getResourceAsStream(ClinicService.DEMO_FILE)) {
            String shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(JSON.readTree(shipped), JSON.readTree(ClinicFile.write(ClinicFile.parse(shipped))),
                    "nothing in the demo file is lost or added by import and export");
        }
    }
}
