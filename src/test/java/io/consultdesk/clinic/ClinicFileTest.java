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
                Arguments.of((Consumer<ObjectNode>) c -> c.remove("slug"), "slug: #required"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("slug", "Bad Slug"), "slug: #slug"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("brandColor", "teal"), "brandColor: #color"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("name", "Two\nLines"), "name: #control"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("locale", "fr"), "locale: #locale"),
                Arguments.of((Consumer<ObjectNode>) c -> c.putArray("locations"), "locations: #locationsEmpty"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("locations").get(1)).put("timeZone", "America/Las_Angeles"),
                        "locations[1].timeZone: #timeZone"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("locations").get(1)).put("id", "los-angeles"),
                        "locations[1].id: #duplicateLocation"),
                Arguments.of((Consumer<ObjectNode>) c -> c.putArray("allowedOrigins").add("https://clinic.example/contact"),
                        "allowedOrigins[0]: #originPath"),
                Arguments.of((Consumer<ObjectNode>) c -> c.putArray("allowedOrigins").add("https://a.example; script-src *"),
                        "allowedOrigins[0]: #origin"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("recipients")).putArray("urgent").add("not-an-email"),
                        "recipients.urgent[0]: #email"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("recipients")).putArray("notify"),
                        "recipients.notify: #notifyEmpty"),
                Arguments.of((Consumer<ObjectNode>) c -> ((ObjectNode) c.get("questions")).put("tmsChecklist", "yes"),
                        "questions.tmsChecklist: #bool"),
                Arguments.of((Consumer<ObjectNode>) c -> c.put("colour", "#ffffff"), "colour: #unknown"));
    }

    @ParameterizedTest
    @MethodSource("brokenFiles")
    void invalidFilesAreRefusedWithTheFieldNamed(Consumer<ObjectNode> change, String expected) throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(demo());
        change.accept(file);
        ClinicFile.Invalid e = assertThrows(ClinicFile.Invalid.class, () -> ClinicFile.parse(file.toString()));
        assertTrue(e.details().stream().anyMatch(p -> (p.path() + ": #" + p.key().replace("clinic.rule.", "")).equals(expected)),
                e.problems().toString());
    }

    @Test
    void notJsonAtAll() {
        ClinicFile.Invalid e = assertThrows(ClinicFile.Invalid.class, () -> ClinicFile.parse("{ nope"));
        assertTrue(e.problems().get(0).startsWith("(file): This is not valid JSON (line 1, column"), e.problems().toString());
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
                broken("booking: #bookingObject", c -> c.put("booking", "on")),
                broken("booking.enabled: #bool", c -> booking(c).put("enabled", "yes")),
                broken("booking.colour: #unknown", c -> booking(c).put("colour", "#fff")),
                broken("booking.minimumNoticeMinutes: #number",
                        c -> booking(c).put("minimumNoticeMinutes", -1)),
                broken("booking.minimumNoticeMinutes: #number",
                        c -> booking(c).put("minimumNoticeMinutes", 43201)),
                broken("booking.minimumNoticeMinutes: #number", c -> booking(c).put("minimumNoticeMinutes", 1.5)),
                broken("booking.minimumNoticeMinutes: #number", c -> booking(c).put("minimumNoticeMinutes", "120")),
                broken("booking.horizonDays: #number", c -> booking(c).put("horizonDays", 0)),
                broken("booking.horizonDays: #number", c -> booking(c).put("horizonDays", 367)),
                // dates
                broken("booking.blockedDates[1]: #date",
                        c -> booking(c).putArray("blockedDates").add("2026-12-25").add("2026-13-01")),
                broken("booking.blockedDates[0]: #date",
                        c -> booking(c).putArray("blockedDates").add("12/25/2026")),
                broken("booking.blockedDates[0]: #date",
                        c -> booking(c).putArray("blockedDates").add("2027-02-29")),
                broken("booking.blockedDates[0]: #text", c -> booking(c).putArray("blockedDates").add(20261225)),
                broken("booking.blockedDates: #list", c -> booking(c).put("blockedDates", "2026-12-25")),
                broken(la + ".blockedDates[0]: #date",
                        c -> la(c).putArray("blockedDates").add("2026-12-32")),
                // locations and their hours
                broken("booking.locations: #bookingLocations",
                        c -> booking(c).putArray("locations")),
                broken("booking.locations.santa-monica: #notALocation",
                        c -> ((ObjectNode) booking(c).get("locations")).set("santa-monica", la(c).deepCopy())),
                broken(la + ": #locationHoursObject",
                        c -> ((ObjectNode) booking(c).get("locations")).put("los-angeles", "weekdays")),
                broken(la + ".open: #unknown", c -> la(c).put("open", true)),
                broken(la + ".capacity: #number", c -> la(c).put("capacity", 0)),
                broken(la + ".capacity: #number", c -> la(c).put("capacity", 51)),
                broken(la + ".capacity: #number", c -> la(c).put("capacity", -2)),
                broken(la + ".capacity: #number", c -> la(c).put("capacity", "2")),
                broken(la + ".capacity: #number", c -> la(c).put("capacity", 1.5)),
                broken(la + ".hours: #hoursRequired", c -> la(c).remove("hours")),
                broken(la + ".hours: #hoursObject", c -> la(c).putArray("hours")),
                broken(la + ".hours.monday: #weekday",
                        c -> laHours(c).putArray("monday").add("09:00-12:00")),
                broken(la + ".hours.Mon: #weekday", c -> laHours(c).putArray("Mon").add("09:00-12:00")),
                broken(la + ".hours.mon: #openingList", c -> laHours(c).put("mon", "09:00-12:00")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add("9-12")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add("9:00-12:00")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add("09:00–12:00")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add("09:00 - 12:00")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add("09:00-24:00")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add("09:60-12:00")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add("9am-5pm")),
                broken(la + ".hours.mon[0]: #opening",
                        c -> laHours(c).putArray("mon").add(9)),
                broken(la + ".hours.mon[1]: #opening",
                        c -> laHours(c).putArray("mon").add("08:00-12:00").add("13:00-18:00:00")),
                broken(la + ".hours.mon[0]: #openingGrain",
                        c -> laHours(c).putArray("mon").add("09:03-12:00")),
                broken(la + ".hours.mon[0]: #openingGrain",
                        c -> laHours(c).putArray("mon").add("09:00-11:59")),
                broken(la + ".hours.mon[0]: #openingEnd", c -> laHours(c).putArray("mon").add("12:00-09:00")),
                broken(la + ".hours.mon[0]: #openingEnd", c -> laHours(c).putArray("mon").add("09:00-09:00")),
                broken(la + ".hours.mon[0]: #openingEnd", c -> laHours(c).putArray("mon").add("22:00-02:00")),
                broken(la + ".hours.mon[1]: #openingOverlap",
                        c -> laHours(c).putArray("mon").add("09:00-12:00").add("11:00-13:00")),
                broken(la + ".hours.mon[1]: #openingOverlap",
                        c -> laHours(c).putArray("mon").add("13:00-17:00").add("09:00-12:00")),
                broken(la + ".hours.mon[1]: #openingOverlap",
                        c -> laHours(c).putArray("mon").add("09:00-17:00").add("10:00-11:00")),
                broken(la + ".hours.mon[2]: #openingOverlap",
                        c -> laHours(c).putArray("mon").add("08:00-09:00").add("10:00-11:00").add("10:30-12:00")),
                broken(la + ".hours: #noOpening",
                        c -> la(c).putObject("hours")),
                broken(la + ".hours: #noOpening",
                        c -> la(c).putObject("hours").putArray("mon")),
                // types
                broken("booking.types: #typesList", c -> booking(c).putObject("types")),
                broken("booking.types[0]: #typeObject",
                        c -> ((com.fasterxml.jackson.databind.node.ArrayNode) booking(c).get("types")).insert(0, "phone")),
                broken("booking.types[0].length: #unknown",
                        c -> type(c, 0).put("length", 15)),
                broken("booking.types[0].id: #required", c -> type(c, 0).remove("id")),
                broken("booking.types[0].id: #slug",
                        c -> type(c, 0).put("id", "Phone 15")),
                broken("booking.types[1].id: #duplicateType", c -> type(c, 1).put("id", "phone")),
                broken("booking.types[0].name: #required", c -> type(c, 0).remove("name")),
                broken("booking.types[0].name: #required", c -> type(c, 0).put("name", "  ")),
                broken("booking.types[0].name: #control", c -> type(c, 0).put("name", "Free\ncall")),
                broken("booking.types[0].name: #tooLong", c -> type(c, 0).put("name", "x".repeat(121))),
                broken("booking.types[0].mode: #required", c -> type(c, 0).remove("mode")),
                broken("booking.types[0].mode: #mode", c -> type(c, 0).put("mode", "video")),
                broken("booking.types[0].minutes: #minutesRequired",
                        c -> type(c, 0).remove("minutes")),
                broken("booking.types[0].minutes: #numberStep",
                        c -> type(c, 0).put("minutes", 7)),
                broken("booking.types[0].minutes: #numberStep",
                        c -> type(c, 0).put("minutes", 0)),
                broken("booking.types[0].minutes: #numberStep",
                        c -> type(c, 0).put("minutes", 245)),
                broken("booking.types[0].bufferMinutes: #numberStep",
                        c -> type(c, 0).put("bufferMinutes", 3)),
                broken("booking.types[0].bufferMinutes: #numberStep",
                        c -> type(c, 0).put("bufferMinutes", -5)),
                broken("booking.types[0].locations[0]: #notALocation",
                        c -> type(c, 0).putArray("locations").add("santa-monica")),
                broken("booking.types[0].locations: #list", c -> type(c, 0).put("locations", "los-angeles")),
                broken("booking.types[0].locations: #noHours",
                        c -> {
                            ((ObjectNode) booking(c).get("locations")).remove("beverly-hills");
                            type(c, 0).putArray("locations").add("beverly-hills");
                        }),
                // enabled, but nothing to book
                broken("booking: #offersNothing",
                        c -> booking(c).putArray("types")),
                broken("booking: #offersNothing",
                        c -> booking(c).remove("types")),
                broken("booking: #offersNothing",
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
        assertTrue(e.details().stream().anyMatch(p -> (p.path() + ": #" + p.key().replace("clinic.rule.", "")).equals(expected)),
                e.problems().toString());
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
                e.details().stream().map(Problem::path).toList(), e.problems().toString());
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
