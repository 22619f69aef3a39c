package io.consultdesk.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.audit.Actor;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.staff.Role;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The setup checklist reads the clinic's real state on every view: each item turns from "to do" to "done" as the
 * settings change, the form is loaded from an allowed website and a test request is sent. Only the clinic's owners
 * and admins open it; staff of the clinic get 403, people of other clinics 404.
 */
class SetupChecklistTest {
    static final String SLUG = "harbor-view";
    static final String SETUP = "/staff/clinics/" + SLUG + "/setup";
    static final Actor OWNER = new Actor(null, "owner@harbor-view.example", "203.0.113.7");
    static TestServer server;
    static StaffClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = StaffClient.signedIn(server, "ops@consultdesk.example", Role.ADMIN);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Harbor View TMS");
        form.put("slug", SLUG);
        form.put("phone", "(206) 555-0100");
        form.put("hours", "Weekdays 8am–5pm");
        form.put("locationName", "Seattle");
        form.put("locationAddress", "");
        form.put("timeZone", "America/Los_Angeles");
        form.put("notify", "intake@harbor-view.example");
        form.put("urgent", "");
        assertEquals(303, admin.post("/staff/clinics/new", form).statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** "done" or "todo", as the item with this id shows it. */
    static String state(String html, String item) {
        Matcher m = Pattern.compile("<li class=\"card (done|todo)\" id=\"" + item + "\">").matcher(html);
        assertTrue(m.find(), "no item " + item);
        return m.group(1);
    }

    static String checklist() {
        HttpResponse<String> r = admin.get(SETUP);
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static void update(String section, Consumer<ObjectNode> change) {
        ClinicService clinics = server.app().clinics();
        ObjectNode draft = ClinicFile.tree(clinics.find(SLUG).orElseThrow());
        change.accept(draft);
        assertInstanceOf(ClinicService.Save.Saved.class,
                clinics.update(SLUG, draft, clinics.version(SLUG).orElseThrow(), OWNER, section));
    }

    static void load(String origin, boolean allowed) {
        server.jdbi().useHandle(h -> h.createUpdate("INSERT INTO embed_load (clinic_slug, origin, day, allowed, loads, last_at)"
                        + " VALUES (:clinic, :origin, :day, :allowed, 3, :at)")
                .bind("clinic", SLUG).bind("origin", origin).bind("day", "2026-11-16").bind("allowed", allowed)
                .bind("at", Instant.now()).execute());
    }

    @Test
    void eachItemTurnsDoneAsTheClinicsRealStateChanges() {
        String html = checklist();
        for (String item : List.of("location", "recipients", "website", "embed", "test")) {
            assertEquals("todo", state(html, item), item);
        }
        assertTrue(html.contains("0 of 5 done"));
        assertTrue(html.contains("Seattle has no street address yet."));
        assertTrue(html.contains("Without urgent recipients, those alerts go to the notify list."));
        assertTrue(html.contains("Open a page of your website that has the form on it, then reload this checklist."));
        for (String href : List.of(SLUG + "/settings/locations", SLUG + "/settings/recipients", SLUG + "/settings/websites",
                SLUG + "/embed")) {
            assertTrue(html.contains("href=\"/staff/clinics/" + href + "\""), href);
        }
        assertTrue(html.contains("aria-current=\"page\">Setup</a>"), "the clinic's tabs, on Setup");

        update("locations", d -> ((ObjectNode) d.get("locations").get(0)).put("address", "1200 3rd Ave, Seattle, WA 98101"));
        html = checklist();
        assertEquals("done", state(html, "location"));
        assertEquals("todo", state(html, "recipients"));
        assertTrue(html.contains("1 of 5 done"));

        update("recipients", d -> ((ObjectNode) d.get("recipients")).putArray("urgent").add("oncall@harbor-view.example"));
        assertEquals("done", state(checklist(), "recipients"));

        update("websites", d -> d.putArray("allowedOrigins").add("https://harbor-view.example"));
        html = checklist();
        assertEquals("done", state(html, "website"));
        assertEquals("todo", state(html, "embed"), "allowed is not yet loaded");

        load("https://staging.harbor-view.example", false);
        html = checklist();
        assertEquals("todo", state(html, "embed"), "a refused load does not count");
        assertTrue(html.contains("The form was also asked for from addresses that are not in your allowed websites:"
                + " https://staging.harbor-view.example. If one is your website, add it in Settings → Websites."
                + " If you do not recognise it, ignore it: anyone can type an address."), "information, not an instruction");

        // A real load of the form, framed by the allowed site, counts at once (no wait for the counts' next write).
        HttpResponse<String> framed = server.get("/embed/" + SLUG + "?host=https%3A%2F%2Fharbor-view.example",
                "Sec-Fetch-Dest", "iframe");
        assertEquals(200, framed.statusCode());
        html = checklist();
        assertEquals("done", state(html, "embed"));
        assertTrue(html.contains("Loaded from https://harbor-view.example"));
        assertTrue(html.contains("4 of 5 done"));

        HttpResponse<String> sent = admin.post(SETUP + "/test-request", Map.of());
        assertEquals(303, sent.statusCode(), sent.body());
        assertEquals(SETUP + "?sent=test#test", sent.headers().firstValue("Location").orElse(""));
        html = checklist();
        assertEquals("done", state(html, "test"));
        assertTrue(html.contains("5 of 5 done"));

        update("locations", d -> ((ObjectNode) d.get("locations").get(0)).remove("address"));
        html = checklist();
        assertEquals("todo", state(html, "location"), "read fresh: the item follows the settings back");
        assertTrue(html.contains("4 of 5 done"));
    }

    @Test
    void aTestRequestCanBeClosedLikeAnyRequest() {
        assertEquals(303, admin.post("/staff/clinics/demo/setup/test-request", Map.of()).statusCode());
        String id = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT id FROM lead WHERE clinic_slug = 'demo' AND test = 1 ORDER BY created_at DESC LIMIT 1")
                .mapTo(String.class).one());
        assertEquals(303, admin.post("/staff/leads/" + id + "/status", Map.of("status", "closed")).statusCode());
        assertEquals("closed", server.leadRow(id).get("status"));
    }

    @Test
    void staffOfTheClinicGet403AndPeopleOfOtherClinics404() {
        StaffClient owner = StaffClient.signedIn(server, "owner@harbor-view.example", Role.OWNER, SLUG);
        assertEquals(200, owner.get(SETUP).statusCode(), "the clinic's owner");

        long leads = server.leadCount();
        StaffClient staff = StaffClient.signedIn(server, "desk@harbor-view.example", Role.STAFF, SLUG);
        assertEquals(403, staff.get(SETUP).statusCode());
        assertEquals(403, staff.post(SETUP + "/test-request", Map.of()).statusCode());

        for (Role role : List.of(Role.OWNER, Role.STAFF)) {
            StaffClient other = StaffClient.signedIn(server, role.code() + "-elsewhere@demo-clinic.example", role, "demo");
            assertEquals(404, other.get(SETUP).statusCode(), role + " of another clinic");
            assertEquals(404, other.post(SETUP + "/test-request", Map.of()).statusCode(), role + " of another clinic");
            if (role == Role.OWNER) {
                assertEquals(200, other.get("/staff/clinics/demo/setup").statusCode(), "their own clinic's checklist");
            }
        }
        assertEquals(404, admin.get("/staff/clinics/no-such-clinic/setup").statusCode());
        assertEquals(leads, server.leadCount(), "no test request stored");
    }

    @Test
    void aTestRequestPostWithoutTheCsrfTokenIsRefused() {
        long leads = server.leadCount();
        HttpResponse<String> r = admin.postRaw(SETUP + "/test-request", Map.of());
        assertEquals(403, r.statusCode());
        HttpResponse<String> wrong = admin.postRaw(SETUP + "/test-request", Map.of("_csrf", "not-the-token"));
        assertEquals(403, wrong.statusCode());
        assertEquals(leads, server.leadCount(), "nothing stored");
        assertFalse(r.body().contains("Test request sent"));
    }
}
