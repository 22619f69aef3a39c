package io.consultdesk.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.staff.Role;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An admin creates a clinic from the browser: one form, checked by the clinic rules, each problem next to its field
 * with every typed value kept and nothing stored; a good form creates the clinic (version 1, audited) and lands on
 * its setup checklist. Nobody but an admin can open the form.
 */
class NewClinicTest {
    static final String ADMIN = "ops@consultdesk.example";
    static TestServer server;
    static StaffClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = StaffClient.signedIn(server, ADMIN, Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> good() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", "North Shore TMS");
        f.put("slug", "");
        f.put("phone", "(617) 555-0100");
        f.put("hours", "Monday to Friday 9am–5pm (Eastern time)");
        f.put("locationName", "Salem");
        f.put("locationAddress", "");
        f.put("timeZone", "America/New_York");
        f.put("notify", "intake@northshore.example\r\nfront@northshore.example\r\n");
        f.put("urgent", "");
        return f;
    }

    static Map<String, String> with(Map<String, String> form, String... pairs) {
        Map<String, String> f = new LinkedHashMap<>(form);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            f.put(pairs[i], pairs[i + 1]);
        }
        return f;
    }

    /** The error shown next to a field (its paragraph, which the field's aria-describedby names), or null. */
    static String fieldError(String html, String field) {
        Matcher m = Pattern.compile("<p class=\"field-error\" id=\"f-" + field + "-error\">(.*?)</p>", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            return null;
        }
        Matcher described = Pattern.compile("id=\"f-" + field + "\"[^>]*aria-describedby=\"[^\"]*f-" + field + "-error",
                Pattern.DOTALL).matcher(html);
        assertTrue(described.find(), field + ": the control names its error");
        return m.group(1);
    }

    static long clinics() {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM clinic").mapTo(Long.class).one());
    }

    static long created() {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE action = 'clinic.created'"
                + " AND actor_email = :admin").bind("admin", ADMIN).mapTo(Long.class).one());
    }

    @Test
    void theFormAsksWhatAClinicNeedsWithTheAdminsEmailToNotifyAndUsZonesFirst() {
        HttpResponse<String> r = admin.get("/staff/clinics/new");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains(">" + ADMIN + "</textarea>"), "the admin hears of requests until they name others");
        for (String field : List.of("name", "slug", "phone", "hours", "locationName", "locationAddress", "timeZone", "notify",
                "urgent")) {
            assertTrue(html.contains("name=\"" + field + "\""), field);
        }
        assertTrue(html.contains("/embed/your-clinic"), "the future embed address is shown");
        assertTrue(html.contains("thoughts of self-harm"), "urgent recipients are explained");
        int newYork = html.indexOf("value=\"America/New_York\"");
        int honolulu = html.indexOf("value=\"Pacific/Honolulu\"");
        int abidjan = html.indexOf("value=\"Africa/Abidjan\"");
        assertTrue(newYork > 0 && honolulu > newYork && abidjan > honolulu, "US zones first, then the others");
        assertFalse(html.contains("value=\"US/Pacific\"") || html.contains("value=\"Etc/GMT+5\"") || html.contains("value=\"EST\""),
                "region-based zones only");
    }

    @Test
    void badValuesEachGetTheirMessageNextToTheirFieldKeepEveryTypedValueAndStoreNothing() {
        if (!server.app().clinics().exists("beverly-taken")) {
            assertEquals(303, admin.post("/staff/clinics/new", with(good(), "slug", "beverly-taken")).statusCode());
        }
        long clinicsBefore = clinics();
        long createdBefore = created();
        HttpResponse<String> r = admin.post("/staff/clinics/new", with(good(), "slug", "north_shore",
                "timeZone", "Mars/Olympus", "notify", "intake@northshore.example\rBcc: evil@attacker.example",
                "locationAddress", "12 Derby St, Salem, MA 01970"));
        assertEquals(422, r.statusCode());
        String html = r.body();
        assertEquals("Use only lowercase letters, digits and dashes, like “sunrise-tms”.", fieldError(html, "slug"));
        assertEquals("“Mars/Olympus” is not a time zone we know. Choose one like America/Los_Angeles.",
                fieldError(html, "timeZone"));
        assertEquals("Address 1: Line breaks and control characters are not allowed here.", fieldError(html, "notify"));
        assertEquals(null, fieldError(html, "name"), "no message on a good field");
        assertTrue(html.contains("value=\"north_shore\""), "the slug as typed");
        assertTrue(html.contains("value=\"North Shore TMS\""));
        assertTrue(html.contains("value=\"12 Derby St, Salem, MA 01970\""));
        assertTrue(html.contains("<option value=\"Mars/Olympus\" selected>"), "the zone as sent");
        assertTrue(html.contains("intake@northshore.example\rBcc: evil@attacker.example</textarea>"), "the addresses as typed");

        HttpResponse<String> lf = admin.post("/staff/clinics/new", with(good(), "slug", "north-shore",
                "notify", "intake@northshore.example\r\nBcc: evil@attacker.example"));
        assertEquals(422, lf.statusCode());
        assertEquals("Address 2: “Bcc: evil@attacker.example” is not a valid email address.", fieldError(lf.body(), "notify"));

        HttpResponse<String> taken = admin.post("/staff/clinics/new", with(good(), "slug", "beverly-taken", "notify", " \r\n "));
        assertEquals(422, taken.statusCode());
        assertEquals("“beverly-taken” is already the address of another clinic. Choose another.", fieldError(taken.body(), "slug"));
        assertEquals("Name at least one address, or nobody hears of new requests.", fieldError(taken.body(), "notify"),
                "the other problems come with the taken address, not after it");

        HttpResponse<String> empty = admin.post("/staff/clinics/new", with(good(), "name", "", "slug", "", "phone", "",
                "timeZone", ""));
        assertEquals(422, empty.statusCode());
        for (String field : List.of("name", "slug", "phone", "timeZone")) {
            assertEquals("This is required.", fieldError(empty.body(), field), field);
        }

        assertEquals(clinicsBefore, clinics(), "nothing stored");
        assertFalse(server.app().clinics().exists("north-shore"));
        assertEquals(createdBefore, created(), "no clinic.created in the audit log");
        assertEquals(List.of("intake@northshore.example", "front@northshore.example").stream().sorted().toList(),
                server.app().clinics().find("beverly-taken").orElseThrow().recipients().requests(),
                "the clinic whose address was taken is untouched");
    }

    @Test
    void addressNamesTheDashboardUsesAreRefusedWithAClearMessage() {
        long before = clinics();
        for (String slug : List.of("new", "staff", "settings", "setup", "team", "embed", "admin", "api", "static", "widget",
                "demo", "Staff")) {
            HttpResponse<String> r = admin.post("/staff/clinics/new", with(good(), "slug", slug));
            assertEquals(422, r.statusCode(), slug);
            assertEquals("“" + slug.toLowerCase(java.util.Locale.ROOT) + "” cannot be a clinic’s address name: Consultdesk uses it"
                    + " for its own pages. Choose another, like your clinic’s name with dashes.", fieldError(r.body(), "slug"), slug);
        }
        assertEquals(before, clinics(), "nothing created");
    }

    @Test
    void capitalsAndSpacesTypedInTheAddressNameAreMadeLowercaseWithDashes() {
        HttpResponse<String> r = admin.post("/staff/clinics/new", with(good(), "name", "Salem Mind Clinic", "slug", " Salem Mind  Clinic "));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/staff/clinics/salem-mind-clinic/setup", r.headers().firstValue("Location").orElse(""));
        assertTrue(server.app().clinics().exists("salem-mind-clinic"));
    }

    @Test
    void aNameFromWhichNoAddressNameCanBeMadeAsksForOne() {
        long before = clinics();
        HttpResponse<String> r = admin.post("/staff/clinics/new", with(good(), "name", "!!!", "slug", ""));
        assertEquals(422, r.statusCode());
        assertEquals("No address name could be made from “!!!”: type one, with lowercase letters, digits and dashes.",
                fieldError(r.body(), "slug"));
        assertEquals(before, clinics());
    }

    @Test
    void aGoodFormCreatesTheClinicWithItsFirstVersionAndLandsOnItsChecklist() {
        HttpResponse<String> r = admin.post("/staff/clinics/new", with(good(), "name", "Cape Ann Ketamine & TMS",
                "locationName", "Gloucester"));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/staff/clinics/cape-ann-ketamine-tms/setup", r.headers().firstValue("Location").orElse(""),
                "the address name suggested from the name");

        Clinic clinic = server.app().clinics().find("cape-ann-ketamine-tms").orElseThrow();
        assertEquals("Cape Ann Ketamine & TMS", clinic.name());
        assertEquals(List.of(new Clinic.Location("gloucester", "Gloucester", java.util.Optional.empty(), "America/New_York")),
                clinic.locations());
        assertEquals(List.of("front@northshore.example", "intake@northshore.example"), clinic.recipients().requests());
        assertEquals(List.of(), clinic.recipients().urgent());
        assertEquals(List.of(), clinic.allowedOrigins(), "no website allowed yet");
        assertEquals(Clinic.Questions.all(), clinic.questions());
        assertEquals(Clinic.Dashboard.DEFAULT, clinic.dashboard());
        assertFalse(clinic.booking().enabled(), "booking off");

        List<ClinicService.Version> history = server.app().clinics().history("cape-ann-ketamine-tms");
        assertEquals(1, history.size());
        assertEquals(1, history.get(0).version());
        assertEquals("create", history.get(0).source());
        assertEquals(ADMIN, history.get(0).by().orElseThrow());
        Map<String, Object> audit = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM audit_log WHERE action = 'clinic.created' AND clinic_slug = 'cape-ann-ketamine-tms'").mapToMap().one());
        assertEquals(ADMIN, audit.get("actor_email"));

        HttpResponse<String> checklist = admin.get("/staff/clinics/cape-ann-ketamine-tms/setup");
        assertEquals(200, checklist.statusCode());
        assertTrue(checklist.body().contains("Set up Cape Ann Ketamine &amp; TMS"), "its checklist");
        assertTrue(checklist.body().contains("0 of 5 done"));

        HttpResponse<String> again = admin.post("/staff/clinics/new", with(good(), "name", "Cape Ann Ketamine & TMS"));
        assertEquals(422, again.statusCode(), "the same name again: its suggested address is taken");
        assertTrue(again.body().contains("value=\"cape-ann-ketamine-tms\""), "the suggestion is shown to change");
        assertEquals("“cape-ann-ketamine-tms” is already the address of another clinic. Choose another.",
                fieldError(again.body(), "slug"));
    }

    @Test
    void ownersStaffAndMarketingOfAnyClinicGet404OnTheFormAndItsPost() {
        long before = clinics();
        for (Role role : List.of(Role.OWNER, Role.STAFF, Role.MARKETING)) {
            StaffClient member = StaffClient.signedIn(server, role.code() + "-new@demo-clinic.example", role, "demo");
            assertEquals(404, member.get("/staff/clinics/new").statusCode(), role + " GET");
            assertTrue(member.csrf() != null, "the post carries a valid token");
            HttpResponse<String> post = member.post("/staff/clinics/new", with(good(), "slug", "sneaky-" + role.code()));
            assertEquals(404, post.statusCode(), role + " POST");
        }
        assertEquals(before, clinics(), "nothing created");
    }
}
