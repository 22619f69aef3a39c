package io.consultdesk.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicRules;
import io.consultdesk.clinic.ClinicService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** A page's fields into the clinic file's JSON form and back, without judging a value (the rules do). */
class SettingsFormsTest {
    static final Clinic DEMO = ClinicService.demoClinic();

    static FormValues form(Map<String, String> fields) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, List.of(v)));
        return FormValues.of(m);
    }

    @ParameterizedTest
    @EnumSource(Section.class)
    void aPageSavedAsShownIsTheSameClinic(Section section) {
        ObjectNode tree = ClinicFile.tree(DEMO);
        SettingsForms.Draft draft = SettingsForms.draft(section, tree, SettingsForms.fields(section, tree));
        ClinicRules.Result.Valid valid = assertInstanceOf(ClinicRules.Result.Valid.class, ClinicRules.check(draft.json()));
        assertEquals(DEMO, valid.clinic());
    }

    @Test
    void wholeNumbersBecomeNumbersAndAnythingElseStaysTextForTheRules() {
        ObjectNode tree = ClinicFile.tree(DEMO);
        ObjectNode d = (ObjectNode) SettingsForms.draft(Section.DASHBOARD, tree, form(Map.of(
                "dashboard.idleLogoffMinutes", " 20 ", "dashboard.acknowledgeMinutes", "1.5"))).json().get("dashboard");
        assertTrue(d.get("idleLogoffMinutes").isInt());
        assertEquals(20, d.get("idleLogoffMinutes").asInt());
        assertTrue(d.get("acknowledgeMinutes").isTextual());
        ObjectNode huge = (ObjectNode) SettingsForms.draft(Section.DASHBOARD, tree, form(Map.of(
                "dashboard.idleLogoffMinutes", "99999999999999", "dashboard.acknowledgeMinutes", ""))).json().get("dashboard");
        assertTrue(huge.get("idleLogoffMinutes").isIntegralNumber() && !huge.get("idleLogoffMinutes").canConvertToInt());
        assertTrue(!huge.has("acknowledgeMinutes"), "blank: the default");
    }

    @Test
    void aTextAreaIsOneEntryPerLineWhateverTheLineBreaks() {
        SettingsForms.Draft draft = SettingsForms.draft(Section.RECIPIENTS, ClinicFile.tree(DEMO), form(Map.of(
                "recipients.notify", "a@b.example\r\n\r\n  \rc@d.example\nBcc: e@f.example", "recipients.urgent", "", "recipients.escalation", "")));
        assertEquals("[\"a@b.example\",\"c@d.example\",\"Bcc: e@f.example\"]", draft.json().get("recipients").get("notify").toString());
        assertEquals(List.of(new SettingsForms.Entry(1, "a@b.example"), new SettingsForms.Entry(4, "c@d.example"),
                new SettingsForms.Entry(5, "Bcc: e@f.example")), draft.entries().get("recipients.notify"), "each entry's line");
    }

    @Test
    void aNewRowsIdIsSuggestedFromItsNameAndProblemsFindTheirRow() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("locations[0].id", "los-angeles");
        f.put("locations[0].name", "Los Angeles");
        f.put("locations[0].timeZone", "America/Los_Angeles");
        f.put("locations[1].id", "beverly-hills");
        f.put("locations[1].remove", "true");
        f.put("locations[2].name", "Café Olé – Santa Monica");
        f.put("locations[2].timeZone", "America/Los_Angeles");
        f.put("locations[2].added", "true");
        f.put("locations[3].added", "true"); // an added row left empty is left out
        SettingsForms.Draft draft = SettingsForms.draft(Section.LOCATIONS, ClinicFile.tree(DEMO), form(f));
        assertEquals(2, draft.json().get("locations").size());
        assertEquals("cafe-ole-santa-monica", draft.json().get("locations").get(1).get("id").asText());
        assertEquals("locations[2].name", draft.formPath("locations[1].name"));
        assertEquals("locations[0].timeZone", draft.formPath("locations[0].timeZone"));
        assertTrue(!draft.json().get("booking").get("locations").has("beverly-hills"), "a removed location's hours go with it");
    }

    @Test
    void aStaleBookingPageIsRefilledWithADaysHoursAndATypeRowEachAsOneField() {
        ObjectNode shownTree = ClinicFile.tree(DEMO);
        FormValues shown = SettingsForms.fields(Section.BOOKING, shownTree);
        ObjectNode nowTree = shownTree.deepCopy(); // meanwhile: Monday's hours at Los Angeles, the phone type's length
        ((ObjectNode) nowTree.get("booking").get("locations").get("los-angeles").get("hours")).putArray("mon").add("09:00-12:00");
        ((ObjectNode) nowTree.get("booking").get("types").get(0)).put("minutes", 20);
        FormValues current = SettingsForms.fields(Section.BOOKING, nowTree);

        Map<String, List<String>> typed = new LinkedHashMap<>();
        shown.names().forEach(n -> typed.put(n, shown.all(n)));
        typed.put("booking.locations.los-angeles.hours.tue", List.of("08:00-11:00")); // mine, no one else's
        typed.put("booking.types[0].bufferMinutes", List.of("10")); // the phone type's row: theirs changed too
        typed.put("booking.horizonDays", List.of(" 21 ")); // as shown, but for the spaces
        SettingsForms.Refill refill = SettingsForms.refill(Section.BOOKING, FormValues.of(typed), shown, current,
                unit -> unit.holds("booking.locations.los-angeles.hours.mon") || unit.holds("booking.types[phone].minutes"));

        FormValues out = refill.values();
        assertEquals("09:00-12:00", out.value("booking.locations.los-angeles.hours.mon"), "theirs: I left Monday alone");
        assertEquals("08:00-11:00", out.value("booking.locations.los-angeles.hours.tue"), "mine");
        assertEquals("10", out.value("booking.types[0].bufferMinutes"), "the row as I typed it");
        assertEquals("15", out.value("booking.types[0].minutes"), "the whole row is mine: their length is not mixed in");
        assertEquals("21", out.value("booking.horizonDays"), "unchanged: as it is now");
        assertEquals(List.of("los-angeles"), out.all("booking.types[0].locations"));
        assertEquals(List.of("booking.types[0].name"), refill.conflicts().stream().map(SettingsForms.Unit::markedAt).toList(),
                "the row both changed is the conflict, marked at its name");
    }
}
