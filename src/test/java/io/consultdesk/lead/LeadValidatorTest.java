package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure rules, without a server: phone normalisation and the clinic-dependent requirements. */
class LeadValidatorTest {
    static final Clinic DEMO = ClinicService.demoClinic();

    static LeadInput minimal() {
        return new LeadInput("Sam", "sam@example.org", null, "email", null, null, "CA", true, "any", "unsure",
                List.of(), Map.of(), null, null, true, false, ScreeningInput.empty(), null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "(310) 555-0142, +13105550142",
        "310-555-0142, +13105550142",
        "3105550142, +13105550142",
        "1 310 555 0142, +13105550142",
        "+1 310 555 0142, +13105550142",
        "+44 20 7946 0958, +442079460958",
        "555-0142, none",
        "(010) 555-0142, none",
        "(310) 155-0142, none",
        "+1 310 555 014, none",
        "310 555 0142 ext 4, none",
        "+123, none",
    })
    void phoneNumbers(String raw, String expected) {
        assertEquals(expected, LeadValidator.e164(raw));
    }

    @Test
    void aClinicWithOneLocationNeedsNoChoiceAndStoresThatLocation() {
        Clinic single = new Clinic(DEMO.slug(), DEMO.name(), DEMO.phone(), DEMO.hours(), DEMO.brandColor(), DEMO.offer(),
                DEMO.locale(), DEMO.privacyNoticeUrl(), List.of(DEMO.locations().get(0)), DEMO.allowedOrigins(),
                DEMO.recipients(), DEMO.questions());
        LeadInput noLocation = new LeadInput("Sam", "sam@example.org", null, "email", null, null, "CA", true, null,
                "unsure", List.of(), Map.of(), null, null, true, false, ScreeningInput.empty(), null);
        LeadValidator.Result r = LeadValidator.validate(noLocation, single);
        assertTrue(r.valid(), r.errors().toString());
        assertEquals("los-angeles", r.lead().locationId());
        assertEquals("location", LeadValidator.validate(noLocation, DEMO).errors().keySet().iterator().next());
    }

    @Test
    void questionsTheClinicDoesNotAskAreNotRequired() {
        Clinic.Questions none = new Clinic.Questions(false, false, false, false, false, false, false, false);
        Clinic quiet = new Clinic(DEMO.slug(), DEMO.name(), DEMO.phone(), DEMO.hours(), DEMO.brandColor(), DEMO.offer(),
                DEMO.locale(), DEMO.privacyNoticeUrl(), DEMO.locations(), DEMO.allowedOrigins(), DEMO.recipients(), none);
        LeadInput bare = new LeadInput("Sam", "sam@example.org", null, "email", null, null, null, true, null, null,
                List.of(), Map.of(), null, null, true, false, ScreeningInput.empty(), null);
        LeadValidator.Result r = LeadValidator.validate(bare, quiet);
        assertTrue(r.valid(), r.errors().toString());
        assertNull(r.lead().state());
        assertNull(r.lead().locationId());
    }

    @Test
    void textIsTrimmedAndAnUnknownTimeZoneIsDroppedNotAnError() {
        LeadInput in = new LeadInput("  Sam   Lee ", " sam@example.org ", null, "email", null, "Mars/Olympus", "ca", true,
                "any", "unsure", List.of("ocd", "ocd"), Map.of(), null, "  line one\r\nline two\u0000  ", true, false, ScreeningInput.empty(), null);
        LeadValidator.Result r = LeadValidator.validate(in, DEMO);
        assertTrue(r.valid(), r.errors().toString());
        assertEquals("Sam Lee", r.lead().name());
        assertEquals("sam@example.org", r.lead().email());
        assertEquals("CA", r.lead().state());
        assertNull(r.lead().timeZone());
        assertEquals(List.of("ocd"), r.lead().conditions());
        assertEquals("line one\nline two", r.lead().message());
    }

    @Test
    void errorsComeInFormOrder() {
        LeadInput empty = LeadInput.empty();
        assertEquals(List.of("name", "email", "preferredContact", "state", "adult", "location", "interest", "consent"),
                List.copyOf(LeadValidator.validate(empty, DEMO).errors().keySet()));
        assertTrue(LeadValidator.validate(minimal(), DEMO).valid());
    }
}
