package io.consultdesk.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Leads;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four roles and the one access guard: owners and staff see the requests of their clinics, marketing
 * sees none of them (403 on every request page, never a name), admins see everything; a person taken off
 * every team can no longer sign in and their session ends. Errors are pages for people, JSON for the API.
 */
class RolesTest {
    static TestServer server;
    static String leadId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        assertEquals(201, r.statusCode(), r.body());
        leadId = r.body().replaceAll("^.*\"id\"\\s*:\\s*\"([^\"]+)\".*$", "$1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElse("");
    }

    @Test
    void eachRoleLandsOnItsStartPageAfterSigningIn() {
        for (var c : List.of(new Object[] {"owner-land@clinic.example", Role.OWNER, "/staff/leads"},
                new Object[] {"staff-land@clinic.example", Role.STAFF, "/staff/leads"},
                new Object[] {"marketing-land@clinic.example", Role.MARKETING, "/staff/clinics/demo/embed"},
                new Object[] {"admin-land@clinic.example", Role.ADMIN, "/staff/leads"})) {
            String email = (String) c[0];
            Role role = (Role) c[1];
            String password = role == Role.ADMIN ? StaffClient.addUser(server, email, role)
                    : StaffClient.addUser(server, email, role, "demo");
            StaffClient client = new StaffClient(server);
            HttpResponse<String> r = client.signIn(email, password);
            assertEquals(303, r.statusCode(), email);
            assertEquals(c[2], location(r), email);
            HttpResponse<String> home = client.get("/staff");
            assertEquals(303, home.statusCode());
            assertEquals(c[2], location(home), "/staff leads each person to their start page");
        }
    }

    @Test
    void marketingSeesNoRequestAndNoName() {
        StaffClient marketing = StaffClient.signedIn(server, "web@clinic.example", Role.MARKETING, "demo");
        for (String path : List.of("/staff/leads", "/staff/leads/" + leadId, "/staff/leads.csv", "/staff/overview",
                "/staff/consultations", "/staff/leads/" + leadId + "/booking", "/staff/leads?q=Jane")) {
            HttpResponse<String> r = marketing.get(path);
            assertEquals(403, r.statusCode(), path);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(r.body().contains("Your role does not open this page"), path);
            assertFalse(r.body().contains("Jordan Rivera"), "no patient's name on " + path);
        }
        for (String path : List.of("/staff/leads/" + leadId + "/status", "/staff/leads/" + leadId + "/notes",
                "/staff/leads/" + leadId + "/acknowledge")) {
            HttpResponse<String> r = marketing.post(path, Map.of("status", "closed", "note", "x"));
            assertEquals(403, r.statusCode(), path);
        }
        String nav = marketing.get("/staff/leads").body();
        assertFalse(nav.contains("href=\"/staff/leads\""), "no inbox in a marketing person's navigation");
        assertEquals("new", server.leadRow(leadId).get("status"), "nothing changed");
    }

    @Test
    void ownersAndStaffSeeTheirClinicsRequests() {
        StaffClient owner = StaffClient.signedIn(server, "boss@clinic.example", Role.OWNER, "demo");
        assertEquals(200, owner.get("/staff/leads/" + leadId).statusCode());
        StaffClient staff = StaffClient.signedIn(server, "desk-r@clinic.example", Role.STAFF, "demo");
        assertEquals(200, staff.get("/staff/leads/" + leadId).statusCode());
        assertEquals(404, staff.get("/staff/audit").statusCode(), "the audit log is the admins' only");
        assertEquals(404, owner.get("/staff/audit").statusCode());
    }

    @Test
    void errorsArePagesForPeopleAndJsonForTheApi() {
        HttpResponse<String> staffPage = server.get("/staff/no-such-page");
        assertEquals(404, staffPage.statusCode());
        assertTrue(staffPage.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(staffPage.body().contains("Page not found"), staffPage.body());

        HttpResponse<String> page = server.get("/no-such-page", "Accept", "text/html,application/xhtml+xml");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("Page not found") && page.body().contains("988"), "the emergency line stays");

        HttpResponse<String> api = server.get("/api/v1/nothing-here", "Accept", "application/json");
        assertEquals(404, api.statusCode());
        assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), api.body());
        assertTrue(api.body().startsWith("{\"error\":"), api.body());
    }

    @Test
    void aTooLargeStaffFormIsAClearPageAndChangesNothing() {
        StaffClient staff = StaffClient.signedIn(server, "big@clinic.example", Role.STAFF, "demo");
        HttpResponse<String> r = staff.post("/staff/leads/" + leadId + "/notes", Map.of("note", "x".repeat(200_000)));
        assertEquals(413, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("Too much to send"), r.body());
        long notes = server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM lead_note").mapTo(Long.class).one());
        assertEquals(0, notes);
    }

    @Test
    void someoneTakenOffEveryTeamIsSignedOutAndCannotSignInAgain() {
        String email = "leaver@clinic.example";
        String password = StaffClient.addUser(server, email, Role.STAFF, "demo");
        StaffClient client = new StaffClient(server);
        assertEquals(303, client.signIn(email, password).statusCode());
        assertEquals(200, client.get("/staff/leads").statusCode());

        server.jdbi().useHandle(h -> h.createUpdate("UPDATE staff_clinic SET disabled_at = 1 WHERE user_id ="
                + " (SELECT id FROM staff_user WHERE email = :e)").bind("e", email).execute());
        HttpResponse<String> after = client.get("/staff/leads");
        assertEquals(303, after.statusCode(), "the session ends with the last membership");
        assertTrue(location(after).startsWith("/staff/sign-in"));

        HttpResponse<String> again = new StaffClient(server).signIn(email, password);
        assertEquals(403, again.statusCode());
        assertTrue(again.body().contains("This account is disabled"), again.body());
        HttpResponse<String> wrong = new StaffClient(server).signIn(email, "not the password at all");
        assertEquals(401, wrong.statusCode(), "a wrong password says nothing about the account");
    }

    @Test
    void aClinicsIdleLogoffSetsItsTeamsSessionsAndNotTheAdminsOfTheServer() {
        var clinics = server.app().clinics();
        var d = io.consultdesk.clinic.ClinicService.demoClinic();
        clinics.save(new io.consultdesk.clinic.Clinic("brief", "Brief Clinic", d.phone(), d.hours(), d.brandColor(), d.offer(),
                d.locale(), d.privacyNoticeUrl(), d.locations(), d.allowedOrigins(), d.recipients(), d.questions(),
                new io.consultdesk.clinic.Clinic.Dashboard(2, 15)));
        StaffClient member = StaffClient.signedIn(server, "brief-owner@clinic.example", Role.OWNER, "brief");
        StaffClient admin = StaffClient.signedIn(server, "operator@clinic.example", Role.ADMIN);
        assertTrue(member.get("/staff/account").body().contains("content=\"125;"), "2 minutes, and the page's 5 s margin");
        assertTrue(admin.get("/staff/account").body().contains("content=\"905;"), "the default 15 minutes");
    }

    @Test
    void theGuardRunsBeforeEveryStaffRouteWhateverTheMethod() throws Exception {
        // A POST from another site is refused with a page before any handler runs.
        StaffClient staff = StaffClient.signedIn(server, "csrf@clinic.example", Role.STAFF, "demo");
        HttpResponse<String> r = staff.postRaw("/staff/leads/" + leadId + "/notes", Map.of("note", "hi", "_csrf", staff.csrf()),
                "Origin", "https://evil.example");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("came from another site"), r.body());
        // Without a session, every dashboard page sends the browser to sign in.
        HttpResponse<String> anonymous = server.send(HttpRequest.newBuilder(URI.create(server.url("/staff/overview"))).GET());
        assertEquals(303, anonymous.statusCode());
        assertTrue(location(anonymous).startsWith("/staff/sign-in?next="));
    }
}
