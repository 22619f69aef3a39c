package io.consultdesk.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
}
