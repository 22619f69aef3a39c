package io.consultdesk.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.audit.Actor;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Saving a clinic's settings: the one set of rules, a numbered version per save kept in the history with
 * each changed field, the audit log, refusal of a save made from a stale page, restoring an earlier version,
 * what upcoming consultations still need, and consent versions.
 */
class ClinicSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Actor OWNER = new Actor("u-owner", "owner@clinic.example", "203.0.113.9");
    static final Actor OTHER = new Actor("u-other", "other@clinic.example", "203.0.113.10");
    TestServer server;
    ClinicService clinics;
    MutableClock clock;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.parse("2026-11-16T16:00:00Z"));
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        clinics = server.app().clinics();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ObjectNode current() {
        return ClinicFile.tree(clinics.find("demo").orElseThrow());
    }

    int version() {
        return clinics.version("demo").orElseThrow();
    }

    @Test
    void aSaveIsANewVersionWithItsChangesInTheHistoryAndTheAuditLog() {
        int before = version();
        ObjectNode draft = current();
        draft.put("offer", "Free 20-minute call");
        draft.put("brandColor", "#225560");
        ClinicService.Save saved = clinics.update("demo", draft, before, OWNER, "profile");
        ClinicService.Save.Saved s = assertInstanceOf(ClinicService.Save.Saved.class, saved);
        assertEquals(before + 1, s.version());
        assertEquals(before + 1, version());
        assertEquals("Free 20-minute call", clinics.find("demo").orElseThrow().offer().orElseThrow(), "live at once");

        List<ClinicService.Version> history = clinics.history("demo");
        assertEquals(before + 1, history.get(0).version());
        assertEquals("owner@clinic.example", history.get(0).by().orElseThrow());
        assertEquals(List.of(new SettingsDiff.Change("brandColor", "#2f6f73", "#225560"),
                new SettingsDiff.Change("offer", "Free consultation · intake fee waived for new patients", "Free 20-minute call")),
                history.get(0).changes().stream().sorted(java.util.Comparator.comparing(SettingsDiff.Change::field)).toList());
        assertEquals(before, history.get(1).version(), "the state before the first save is kept too");

        Map<String, Object> audit = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM audit_log WHERE action = 'clinic.settingsChanged' ORDER BY id DESC LIMIT 1").mapToMap().one());
        assertEquals("owner@clinic.example", audit.get("actor_email"));
        assertEquals("demo", audit.get("clinic_slug"));
        assertEquals("203.0.113.9", audit.get("client_ip"));
        String detail = (String) audit.get("detail");
        assertTrue(detail.contains("offer: “Free consultation · intake fee waived for new patients” → “Free 20-minute call”"), detail);
        assertTrue(detail.contains("brandColor: “#2f6f73” → “#225560”"), detail);
    }

    @Test
    void aSaveFromAStalePageIsRefusedAndTheOtherChangeStays() {
        int seen = version();
        ObjectNode mine = current();
        ObjectNode theirs = current();
        theirs.put("phone", "(310) 555-0100");
        assertInstanceOf(ClinicService.Save.Saved.class, clinics.update("demo", theirs, seen, OTHER, "profile"));

        mine.put("offer", "Mine");
        ClinicService.Save.Stale stale = assertInstanceOf(ClinicService.Save.Stale.class,
                clinics.update("demo", mine, seen, OWNER, "profile"));
        assertEquals(seen + 1, stale.current());
        assertEquals("other@clinic.example", stale.since().get(0).by().orElseThrow());
        Clinic now = clinics.find("demo").orElseThrow();
        assertEquals("(310) 555-0100", now.phone(), "their change is not overwritten");
        assertTrue(now.offer().orElseThrow().startsWith("Free consultation"), "mine was not saved");
    }

    @Test
    void twoSavesFromTheSamePageAtOnceOneWins() throws Exception {
        int seen = version();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ClinicService.Save>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String offer = "Offer " + i;
            Callable<ClinicService.Save> save = () -> {
                go.await();
                ObjectNode draft = current();
                draft.put("offer", offer);
                return clinics.update("demo", draft, seen, OWNER, "profile");
            };
            results.add(pool.submit(save));
        }
        go.countDown();
        int saved = 0;
        int stale = 0;
        for (Future<ClinicService.Save> f : results) {
            ClinicService.Save s = f.get();
            saved += s instanceof ClinicService.Save.Saved ? 1 : 0;
            stale += s instanceof ClinicService.Save.Stale ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, saved);
        assertEquals(7, stale);
        assertEquals(seen + 1, version());
    }

    @Test
    void badValuesAreRefusedFieldByFieldAndChangeNothing() {
        int seen = version();
        ObjectNode draft = current();
        draft.put("brandColor", "#777777");
        ((ObjectNode) draft.get("locations").get(0)).put("timeZone", "Mars/Olympus");
        draft.putArray("allowedOrigins").add("https://clinic.example/contact");
        ((ObjectNode) draft.get("recipients")).putArray("urgent").add("oncall@clinic.example\r\nBcc: x@evil.example");
        ClinicService.Save.Invalid invalid = assertInstanceOf(ClinicService.Save.Invalid.class,
                clinics.update("demo", draft, seen, OWNER, "profile"));
        Map<String, String> byPath = new java.util.TreeMap<>();
        invalid.problems().forEach(p -> byPath.put(p.path(), p.key()));
        assertEquals(Map.of("brandColor", "clinic.rule.colorContrast", "locations[0].timeZone", "clinic.rule.timeZone",
                "allowedOrigins[0]", "clinic.rule.originPath", "recipients.urgent[0]", "clinic.rule.control"), byPath);
        var m = io.consultdesk.i18n.Messages.english();
        String colour = invalid.problems().stream().filter(p -> p.path().equals("brandColor")).findFirst().orElseThrow().text(m);
        assertTrue(colour.contains("4.4:1") && colour.contains("#767676"), colour);
        String origin = invalid.problems().stream().filter(p -> p.path().equals("allowedOrigins[0]")).findFirst().orElseThrow().text(m);
        assertTrue(origin.endsWith("https://clinic.example"), "names the address to enter: " + origin);
        assertEquals(seen, version(), "nothing saved");
        assertEquals("#2f6f73", clinics.find("demo").orElseThrow().brandColor());
    }

    @Test
    void anEarlierVersionIsRestoredAsANewOne() {
        int first = version();
        ObjectNode draft = current();
        draft.put("hours", "Weekdays 9–5");
        clinics.update("demo", draft, first, OWNER, "profile");
        String original = clinics.version("demo", first).orElseThrow().settings();

        ClinicService.Save.Saved restored = assertInstanceOf(ClinicService.Save.Saved.class,
                clinics.restore("demo", first, first + 1, OTHER));
        assertEquals(first + 2, restored.version());
        assertEquals(readTree(original).toString(), ClinicFile.tree(clinics.find("demo").orElseThrow()).toString());
        ClinicService.Version newest = clinics.history("demo").get(0);
        assertEquals("restore", newest.source());
        assertEquals(first, newest.restoredFrom().orElseThrow());
        assertEquals(List.of(new SettingsDiff.Change("hours", "Weekdays 9–5", ClinicService.demoClinic().hours())), newest.changes());
        assertInstanceOf(ClinicService.Save.Stale.class, clinics.restore("demo", first, first + 1, OWNER),
                "a restore from a stale history page is refused too");
    }

    @Test
    void aLocationOrTypeWithUpcomingConsultationsCannotBeRemoved() throws Exception {
        HttpResponse<String> lead = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        String leadId = JSON.readTree(lead.body()).get("id").asText();
        HttpResponse<String> booked = server.postJson("/api/v1/clinics/demo/bookings", "{\"bookingToken\": \"" + server.app().bookings().issueCapability("demo", leadId)
                + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"2026-11-17T09:00:00-08:00\"}");
        assertEquals(201, booked.statusCode(), booked.body());

        int seen = version();
        ObjectNode noBeverlyHills = current();
        ((com.fasterxml.jackson.databind.node.ArrayNode) noBeverlyHills.get("locations")).remove(1);
        ((ObjectNode) noBeverlyHills.get("booking").get("locations")).remove("beverly-hills");
        ClinicService.Save.Invalid invalid = assertInstanceOf(ClinicService.Save.Invalid.class,
                clinics.update("demo", noBeverlyHills, seen, OWNER, "locations"));
        assertEquals("locations", invalid.problems().get(0).path());
        assertEquals("Beverly Hills has 1 upcoming consultation: move or cancel them before removing it.",
                invalid.problems().get(0).text(io.consultdesk.i18n.Messages.english()));

        ObjectNode noInPerson = current();
        ((com.fasterxml.jackson.databind.node.ArrayNode) noInPerson.get("booking").get("types")).remove(1);
        ClinicService.Save.Invalid type = assertInstanceOf(ClinicService.Save.Invalid.class,
                clinics.update("demo", noInPerson, seen, OWNER, "booking"));
        assertEquals("booking.types", type.problems().get(0).path());

        clock.advance(java.time.Duration.ofDays(2)); // after the consultation: the location may go
        assertInstanceOf(ClinicService.Save.Saved.class, clinics.update("demo", noBeverlyHills, seen, OWNER, "locations"));
    }

    @Test
    void aLocationsTimeZoneCannotChangeWhileConsultationsAreBookedThere() throws Exception {
        for (String start : List.of("2026-11-17T09:00:00-08:00", "2026-11-17T09:20:00-08:00")) {
            String leadId = JSON.readTree(server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).body()).get("id").asText();
            HttpResponse<String> booked = server.postJson("/api/v1/clinics/demo/bookings", "{\"bookingToken\": \"" + server.app().bookings().issueCapability("demo", leadId)
                    + "\", \"type\": \"phone\", \"location\": \"los-angeles\", \"start\": \"" + start + "\"}");
            assertEquals(201, booked.statusCode(), booked.body());
        }
        int seen = version();
        ObjectNode moved = current();
        ((ObjectNode) moved.get("locations").get(0)).put("timeZone", "America/Denver");
        ClinicService.Save.Invalid invalid = assertInstanceOf(ClinicService.Save.Invalid.class,
                clinics.update("demo", moved, seen, OWNER, "locations"));
        assertEquals(1, invalid.problems().size());
        assertEquals("locations[0].timeZone", invalid.problems().get(0).path());
        assertEquals("Los Angeles has 2 upcoming consultations at their booked time: its time zone cannot change until they are"
                + " moved or cancelled.", invalid.problems().get(0).text(io.consultdesk.i18n.Messages.english()));
        assertEquals("America/Los_Angeles", clinics.find("demo").orElseThrow().locations().get(0).timeZone(), "nothing saved");

        // On the locations page, the problem is next to that location's time zone.
        io.consultdesk.support.StaffClient owner = io.consultdesk.support.StaffClient.signedIn(server, "owner@demo-clinic.example",
                io.consultdesk.staff.Role.OWNER, "demo");
        assertEquals(200, owner.get("/staff/clinics/demo/settings/locations").statusCode());
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("version", Integer.toString(seen));
        Clinic demo = clinics.find("demo").orElseThrow();
        for (int i = 0; i < demo.locations().size(); i++) {
            Clinic.Location l = demo.locations().get(i);
            form.put("locations[" + i + "].id", l.id());
            form.put("locations[" + i + "].name", l.name());
            form.put("locations[" + i + "].address", l.address().orElse(""));
            form.put("locations[" + i + "].timeZone", i == 0 ? "America/Denver" : l.timeZone());
        }
        HttpResponse<String> page = owner.post("/staff/clinics/demo/settings/locations", form);
        assertEquals(422, page.statusCode());
        assertTrue(page.body().replaceAll("\\s+", " ").contains("id=\"f-locations-0--timeZone-notes\"> <p class=\"field-error\">Los Angeles has 2"
                + " upcoming consultations at their booked time"), page.body());

        ObjectNode other = current();
        ((ObjectNode) other.get("locations").get(1)).put("timeZone", "America/Denver");
        assertInstanceOf(ClinicService.Save.Saved.class, clinics.update("demo", other, seen, OWNER, "locations"),
                "a location without upcoming consultations may change its zone");
        clock.advance(java.time.Duration.ofDays(2)); // after the consultations
        assertInstanceOf(ClinicService.Save.Saved.class, clinics.update("demo", moved, version(), OWNER, "locations"));
    }

    @Test
    void savingWithoutAChangeMakesNoVersion() {
        int seen = version();
        ClinicService.Save.Saved s = assertInstanceOf(ClinicService.Save.Saved.class,
                clinics.update("demo", current(), seen, OWNER, "profile"));
        assertEquals(seen, s.version());
        assertTrue(s.changes().isEmpty());
        assertEquals(seen, version());
    }

    @Test
    void aNewConsentTextIsANewVersionAndEarlierRequestsKeepTheTextTheyAgreedTo() throws Exception {
        String first = JSON.readTree(server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).body()).get("id").asText();
        ObjectNode draft = current();
        String text = "I agree that Bright Harbor may contact me about a consultation and review my answers to see if"
                + " its care may suit me. This form is not for emergencies: call or text 988, or call 911.";
        draft.put("privacyConsent", text);
        assertInstanceOf(ClinicService.Save.Saved.class, clinics.update("demo", draft, version(), OWNER, "profile"));
        String second = JSON.readTree(server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()
                .replace("jordan@example.com", "sam@example.com")).body()).get("id").asText();

        Map<String, Object> before = consent(first);
        Map<String, Object> after = consent(second);
        assertEquals("privacy-en-2026-11", before.get("text_version"));
        assertTrue(((String) before.get("text")).startsWith("I agree that Bright Harbor Ketamine & TMS may use"));
        assertEquals(text, after.get("text"));
        assertTrue(((String) after.get("text_version")).startsWith("clinic-"), (String) after.get("text_version"));
        assertTrue(server.get("/embed/demo").body().contains("review my answers to see if"), "the form shows it");

        ObjectNode noEmergency = current();
        noEmergency.put("privacyConsent", "I agree that Bright Harbor may contact me about a consultation and use my answers for it.");
        ClinicService.Save.Invalid invalid = assertInstanceOf(ClinicService.Save.Invalid.class,
                clinics.update("demo", noEmergency, version(), OWNER, "profile"));
        assertEquals("clinic.rule.consentEmergency", invalid.problems().get(0).key());
    }

    @Test
    void aClinicIsCreatedOnceWithItsFirstVersion() {
        ObjectNode draft = ClinicFile.tree(ClinicService.demoClinic());
        draft.put("slug", "north-shore");
        draft.put("name", "North Shore TMS");
        ClinicService.Save.Saved created = assertInstanceOf(ClinicService.Save.Saved.class, clinics.create(draft, OWNER));
        assertTrue(created.created());
        assertEquals(1, created.version());
        assertEquals("create", clinics.history("north-shore").get(0).source());
        ClinicService.Save.Invalid taken = assertInstanceOf(ClinicService.Save.Invalid.class, clinics.create(draft, OWNER));
        assertEquals("clinic.rule.slugTaken", taken.problems().get(0).key());
        long audits = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'clinic.created' AND clinic_slug = 'north-shore'").mapTo(Long.class).one());
        assertEquals(1, audits);
    }

    Map<String, Object> consent(String leadId) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT text, text_version FROM lead_consent WHERE lead_id = :id"
                + " AND kind = 'privacy'").bind("id", leadId).mapToMap().one());
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
