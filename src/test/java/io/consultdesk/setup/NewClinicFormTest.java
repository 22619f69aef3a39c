package io.consultdesk.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.ClinicRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "New clinic" form's pure parts: the suggested address name, the lines of an address list, the time zones. */
class NewClinicFormTest {

    @Test
    void theAddressNameIsSuggestedFromTheName() {
        assertEquals("bright-harbor-ketamine-tms", NewClinicForm.suggestSlug("Bright Harbor Ketamine & TMS"));
        assertEquals("clinica-sanchez-tms", NewClinicForm.suggestSlug("  Clínica Sánchez — TMS!  "));
        assertEquals("", NewClinicForm.suggestSlug("日本"));
        String long60 = "a".repeat(47) + " b" + "c".repeat(10);
        String cut = NewClinicForm.suggestSlug(long60);
        assertEquals("a".repeat(47), cut, "at most 48 characters, no dash at the end");
        assertTrue(ClinicRules.check(new NewClinicForm("X", cut, "(617) 555-0100", "9–5", "Main", "", "America/New_York",
                "a@b.example", "").draft()) instanceof ClinicRules.Result.Valid, "a suggestion passes the rules");
    }

    @Test
    void anEmptyAddressNameTakesTheSuggestionAndATypedOneStays() {
        NewClinicForm typed = new NewClinicForm("North Shore TMS", "", "", "", "", "", "", "", "");
        assertEquals("north-shore-tms", typed.withSuggestedSlug().slug());
        NewClinicForm own = new NewClinicForm("North Shore TMS", "ns", "", "", "", "", "", "", "");
        assertEquals("ns", own.withSuggestedSlug().slug());
    }

    @Test
    void anAddressListIsSplitAtLineBreaksOnly() {
        assertEquals(List.of("a@b.example", "c@d.example"), NewClinicForm.lines(" a@b.example \r\n\r\n c@d.example\n"));
        assertEquals(List.of("a@b.example\rBcc: x@y.example"), NewClinicForm.lines("a@b.example\rBcc: x@y.example"),
                "a lone carriage return stays in its address, for the rules to refuse");
    }

    @Test
    void theDraftIsAClinicWithEveryQuestionOnNoWebsiteAndBookingOff() {
        NewClinicForm form = new NewClinicForm("North Shore TMS", "north-shore", "(617) 555-0100", "Weekdays 9–5",
                "Salem Office", "12 Derby St", "America/New_York", "intake@ns.example\r\n", "oncall@ns.example");
        var clinic = assertInstanceOf(ClinicRules.Result.Valid.class, ClinicRules.check(form.draft())).clinic();
        assertEquals("salem-office", clinic.locations().get(0).id());
        assertEquals("12 Derby St", clinic.locations().get(0).address().orElseThrow());
        assertEquals(List.of("intake@ns.example"), clinic.recipients().requests());
        assertEquals(List.of("oncall@ns.example"), clinic.recipients().urgent());
        assertEquals(List.of(), clinic.allowedOrigins());
        assertEquals(io.consultdesk.clinic.Clinic.Questions.all(), clinic.questions());
        assertEquals(false, clinic.booking().enabled());
        assertEquals(NewClinicForm.DEFAULT_BRAND_COLOR, clinic.brandColor());
    }

    @Test
    void timeZonesListTheUsOnesFirstThenEveryOtherRegionBasedZone() {
        List<TimeZones.Group> groups = TimeZones.groups();
        assertEquals("America/New_York", groups.get(0).zones().get(0).id());
        assertEquals("Eastern Time — America/New_York", groups.get(0).zones().get(0).label());
        List<String> others = groups.get(1).zones().stream().map(TimeZones.Zone::id).toList();
        assertTrue(others.contains("Europe/London") && others.contains("America/Indiana/Indianapolis"));
        assertTrue(others.stream().noneMatch(id -> id.startsWith("Etc/") || id.startsWith("US/") || !id.contains("/")));
        assertTrue(others.stream().noneMatch(TimeZones.US::contains), "each zone once");
        assertTrue(groups.stream().flatMap(g -> g.zones().stream()).allMatch(z -> ClinicRules.isZone(z.id())),
                "every option passes the rules");
    }
}
