package io.consultdesk.team;

import static io.consultdesk.team.Teams.count;
import static io.consultdesk.team.Teams.location;
import static io.consultdesk.team.Teams.membership;
import static io.consultdesk.team.Teams.team;
import static io.consultdesk.team.Teams.userId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
import io.consultdesk.support.Leads;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Managing a clinic's team over HTTP: the page, role changes that apply at the next request, disabling that
 * ends sessions at once and refuses sign-in (history stays), enabling again, the last owner (also with two
 * owners demoting each other at the same time), who may open the page and its forms (owners and admins; 403
 * for staff and marketing of the clinic; 404 for everyone of another clinic), CSRF, and the audit rows.
 */
class TeamManagementTest {
    static TestServer server;
    static StaffClient owner;
    static String leadId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Teams.addClinic(server, "other", "Other Clinic");
        owner = StaffClient.signedIn(server, "owner@demo.example", Role.OWNER, "demo");
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        assertEquals(201, r.statusCode(), r.body());
        leadId = r.body().replaceAll("^.*\"id\"\\s*:\\s*\"([^\"]+)\".*$", "$1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String member(String email, String action) {
        return team("demo") + "/members/" + userId(server, email) + "/" + action;
    }

    @Test
    void theTeamPageListsMembersAdminsAndInvitations() {
        StaffClient.addUser(server, "listed-staff@demo.example", Role.STAFF, "demo");
        StaffClient.addUser(server, "listed-web@demo.example", Role.MARKETING, "demo");
        StaffClient.addUser(server, "listed-gone@demo.example", Role.STAFF, "demo");
        StaffClient.addUser(server, "elsewhere@other.example", Role.STAFF, "other");
        StaffClient.addUser(server, "ops@consultdesk.example", Role.ADMIN);
        assertEquals(303, owner.post(member("listed-gone@demo.example", "disable"), Map.of()).statusCode());
        Teams.invite(owner, "demo", "coming@demo.example", "marketing");

        HttpResponse<String> r = owner.get(team("demo"));
        assertEquals(200, r.statusCode());
        String page = r.body();
        assertTrue(page.contains("<h1>Team</h1>") && page.contains("Bright Harbor Ketamine &amp; TMS"), page);
        for (String email : List.of("owner@demo.example", "listed-staff@demo.example", "listed-web@demo.example",
                "listed-gone@demo.example")) {
            assertTrue(page.contains("data-member=\"" + email + "\""), email);
        }
        assertFalse(page.contains("elsewhere@other.example"), "another clinic's people are not listed");
        String gone = rowOf(page, "data-member=\"listed-gone@demo.example\"");
        assertTrue(gone.contains("Disabled") && gone.contains("Enable"), gone);
        String mine = rowOf(page, "data-member=\"owner@demo.example\"");
        assertTrue(mine.contains("You") && !mine.contains("<select"), "one's own row is read-only: " + mine);
        String web = rowOf(page, "data-member=\"listed-web@demo.example\"");
        assertTrue(web.contains("Active") && web.contains("<option value=\"marketing\" selected>"), web);
        assertTrue(page.contains("Server admins") && page.contains("run this Consultdesk server and see every clinic"), page);
        assertFalse(page.contains("ops@consultdesk.example"), "a clinic's owners do not learn who the server's admins are");
        assertFalse(page.contains("data-member=\"ops@consultdesk.example\""), "admins are not members to change");
        String invite = rowOf(page, "data-invite=\"coming@demo.example\"");
        assertTrue(invite.contains("Marketing") && invite.contains("owner@demo.example") && invite.contains("in 72 hours")
                && invite.contains("Resend") && invite.contains("Revoke"), invite);
        assertTrue(page.contains("name=\"_csrf\" value=\"" + owner.csrf() + "\""), "every form carries the session's token");
    }

    static String rowOf(String html, String marker) {
        int at = html.indexOf(marker);
        assertTrue(at > 0, marker);
        return html.substring(at, html.indexOf("</tr>", at));
    }

    @Test
    void aRoleChangeAppliesAtThePersonsNextRequest() {
        StaffClient person = StaffClient.signedIn(server, "changing@demo.example", Role.STAFF, "demo");
        assertEquals(200, person.get("/staff/leads/" + leadId).statusCode());

        HttpResponse<String> r = owner.post(member("changing@demo.example", "role"), Map.of("role", "marketing"));
        assertEquals(303, r.statusCode());
        assertEquals(team("demo") + "?done=role", location(r));
        assertTrue(owner.get(location(r)).body().contains("Role changed"));
        assertEquals("marketing active", membership(server, "changing@demo.example", "demo"));
        assertEquals(403, person.get("/staff/leads/" + leadId).statusCode(), "marketing sees no request, from the next click");

        assertEquals(303, owner.post(member("changing@demo.example", "role"), Map.of("role", "owner")).statusCode());
        assertEquals(200, person.get(team("demo")).statusCode(), "now an owner: the team page opens");
        assertEquals(200, person.get("/staff/leads/" + leadId).statusCode());
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'team.roleChanged' AND clinic_slug = 'demo'"
                + " AND actor_email = 'owner@demo.example' AND detail = 'changing@demo.example · staff → marketing'"));
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'team.roleChanged'"
                + " AND detail = 'changing@demo.example · marketing → owner'"));

        HttpResponse<String> unknown = owner.post(member("changing@demo.example", "role"), Map.of("role", "admin"));
        assertEquals(422, unknown.statusCode());
        assertTrue(unknown.body().contains("Choose one of the roles"), unknown.body());
        assertEquals("owner active", membership(server, "changing@demo.example", "demo"), "unchanged");
    }

    @Test
    void disablingEndsEverySessionAtOnceRefusesSignInAndKeepsTheHistory() {
        String email = "leaving@demo.example";
        String password = StaffClient.addUser(server, email, Role.STAFF, "demo");
        StaffClient laptop = new StaffClient(server);
        assertEquals(303, laptop.signIn(email, password).statusCode());
        StaffClient phone = new StaffClient(server);
        assertEquals(303, phone.signIn(email, password).statusCode());
        laptop.get("/staff/leads/" + leadId);
        assertEquals(303, laptop.post("/staff/leads/" + leadId + "/notes", Map.of("note", "Called back, left a message.")).statusCode());
        assertEquals(303, laptop.post("/staff/leads/" + leadId + "/assign", Map.of("assignee", userId(server, email))).statusCode());

        HttpResponse<String> r = owner.post(member(email, "disable"), Map.of());
        assertEquals(303, r.statusCode());
        assertEquals(team("demo") + "?done=disabled", location(r));
        assertEquals(0, count(server, "SELECT count(*) FROM staff_session WHERE user_id = :u", "u", userId(server, email)),
                "every session of the person is deleted");
        for (StaffClient device : List.of(laptop, phone)) {
            HttpResponse<String> next = device.get("/staff/leads");
            assertEquals(303, next.statusCode());
            assertTrue(location(next).startsWith("/staff/sign-in"));
        }
        HttpResponse<String> signIn = new StaffClient(server).signIn(email, password);
        assertEquals(403, signIn.statusCode());
        assertTrue(signIn.body().contains("This account is disabled"));
        assertEquals("staff disabled", membership(server, email, "demo"));

        // History stays: the note, the assignment, the audit rows.
        assertEquals(1, count(server, "SELECT count(*) FROM lead_note WHERE author_id = :u", "u", userId(server, email)));
        assertEquals(1, count(server, "SELECT count(*) FROM lead WHERE assigned_to = :u", "u", userId(server, email)));
        assertTrue(count(server, "SELECT count(*) FROM audit_log WHERE actor_email = :e", "e", email) >= 4);
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'team.memberDisabled' AND clinic_slug = 'demo'"
                + " AND detail = :d", "d", email + " · staff · 2 sessions ended"));

        // Enabled again: signs in, with the role they had.
        HttpResponse<String> back = owner.post(member(email, "enable"), Map.of());
        assertEquals(303, back.statusCode());
        assertEquals(team("demo") + "?done=enabled", location(back));
        assertEquals("staff active", membership(server, email, "demo"));
        assertEquals(303, new StaffClient(server).signIn(email, password).statusCode());
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'team.memberEnabled' AND detail = :d",
                "d", email + " · staff"));
    }

    @Test
    void disablingIsPerClinic() {
        String email = "two-teams@demo.example";
        String password = StaffClient.addUser(server, email, Role.STAFF, "demo", "other");
        StaffClient person = new StaffClient(server);
        assertEquals(303, person.signIn(email, password).statusCode());
        assertEquals(303, owner.post(member(email, "disable"), Map.of()).statusCode());
        assertEquals(303, person.get("/staff/leads").statusCode(), "signed out at once");
        StaffClient again = new StaffClient(server);
        assertEquals(303, again.signIn(email, password).statusCode(), "still on the other clinic's team");
        assertEquals(200, again.get("/staff/leads").statusCode());
        assertEquals(404, again.get("/staff/leads/" + leadId).statusCode(), "the demo clinic's requests are closed to them");
        assertEquals("staff active", membership(server, email, "other"));
    }

    @Test
    void theLastActiveOwnerCanBeNeitherDemotedNorDisabled() {
        Teams.addClinic(server, "solo", "Solo Clinic");
        StaffClient solo = StaffClient.signedIn(server, "only@solo.example", Role.OWNER, "solo");
        StaffClient admin = StaffClient.signedIn(server, "root@solo.example", Role.ADMIN);
        String only = "/staff/clinics/solo/team/members/" + userId(server, "only@solo.example");

        admin.get(team("solo"));
        HttpResponse<String> demote = admin.post(only + "/role", Map.of("role", "staff"));
        assertEquals(409, demote.statusCode());
        assertTrue(demote.body().contains("only@solo.example is the only owner of this clinic"), demote.body());
        HttpResponse<String> disable = admin.post(only + "/disable", Map.of());
        assertEquals(409, disable.statusCode());
        assertEquals("owner active", Teams.membership(server, "only@solo.example", "solo"));
        assertTrue(rowOf(admin.get(team("solo")).body(), "data-member=\"only@solo.example\"").contains("The only owner"));

        // An owner cannot change themselves (another owner can): no way to leave a clinic without an owner.
        assertEquals(409, solo.post(only + "/role", Map.of("role", "staff")).statusCode());

        // A disabled owner does not count: with the other owner disabled, the remaining one is the last.
        StaffClient.addUser(server, "second@solo.example", Role.OWNER, "solo");
        String second = "/staff/clinics/solo/team/members/" + userId(server, "second@solo.example");
        assertEquals(303, solo.post(second + "/disable", Map.of()).statusCode());
        assertEquals(409, admin.post(only + "/disable", Map.of()).statusCode());
        assertEquals(303, admin.post(second + "/enable", Map.of()).statusCode());
        assertEquals(303, admin.post(only + "/role", Map.of("role", "staff")).statusCode(), "with two owners one may go");
        assertEquals("staff active", Teams.membership(server, "only@solo.example", "solo"));
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceCannotBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                String clinic = "pair" + round;
                Teams.addClinic(server, clinic, "Pair " + round);
                String a = "a" + round + "@pair.example";
                String b = "b" + round + "@pair.example";
                StaffClient ownerA = StaffClient.signedIn(server, a, Role.OWNER, clinic);
                StaffClient ownerB = StaffClient.signedIn(server, b, Role.OWNER, clinic);
                ownerA.get(team(clinic));
                ownerB.get(team(clinic));
                String base = "/staff/clinics/" + clinic + "/team/members/";
                String action = round % 2 == 0 ? "/role" : "/disable";
                Map<String, String> form = round % 2 == 0 ? Map.of("role", "marketing") : Map.of();
                CountDownLatch go = new CountDownLatch(1);
                Future<HttpResponse<String>> byA = pool.submit(() -> {
                    go.await();
                    return ownerA.post(base + userId(server, b) + action, form);
                });
                Future<HttpResponse<String>> byB = pool.submit(() -> {
                    go.await();
                    return ownerB.post(base + userId(server, a) + action, form);
                });
                go.countDown();
                List<Integer> statuses = new ArrayList<>(List.of(byA.get().statusCode(), byB.get().statusCode()));
                statuses.sort(null);
                // One change wins (303); the other is refused as the last owner's (409), or finds its author
                // already signed out when the winner disabled them (a redirect to sign in, also 303, changing nothing).
                long owners = count(server, "SELECT count(*) FROM staff_clinic WHERE clinic_slug = :c AND role = 'owner'"
                        + " AND disabled_at IS NULL", "c", clinic);
                assertEquals(1, owners, "round " + round + ": exactly one active owner is left, statuses " + statuses);
                assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE clinic_slug = :c AND action IN"
                        + " ('team.roleChanged', 'team.memberDisabled')", "c", clinic), "one change in round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // Who may open the team page and its forms

    @Test
    void staffAndMarketingOfTheClinicGet403OnTheTeamPageAndEveryForm() {
        StaffClient.addUser(server, "target@demo.example", Role.STAFF, "demo");
        Teams.invite(owner, "demo", "pending@demo.example", "staff");
        String invite = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = 'pending@demo.example'")
                .mapTo(String.class).one());
        for (Role role : List.of(Role.STAFF, Role.MARKETING)) {
            StaffClient c = StaffClient.signedIn(server, role.code() + "-403@demo.example", role, "demo");
            for (String path : everyRoute("demo", userId(server, "target@demo.example"), invite)) {
                HttpResponse<String> r = path.endsWith("/team") ? c.get(path) : c.post(path, Map.of("email", "x@demo.example",
                        "role", "owner"));
                assertEquals(403, r.statusCode(), role + " " + path);
                assertTrue(r.body().contains("Your role does not open this page"), path);
            }
        }
        assertEquals("staff active", membership(server, "target@demo.example", "demo"), "nothing changed");
        assertEquals(1, count(server, "SELECT count(*) FROM staff_invite WHERE email = 'pending@demo.example' AND revoked_at IS NULL"));
        assertEquals(0, count(server, "SELECT count(*) FROM staff_invite WHERE email = 'x@demo.example'"));
    }

    @Test
    void ownersAndStaffOfAnotherClinicGet404OnEveryTeamRoute() {
        StaffClient.addUser(server, "victim@demo.example", Role.STAFF, "demo");
        Teams.invite(owner, "demo", "invited-404@demo.example", "staff");
        String invite = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = 'invited-404@demo.example'")
                .mapTo(String.class).one());
        for (Role role : List.of(Role.OWNER, Role.STAFF, Role.MARKETING)) {
            StaffClient c = StaffClient.signedIn(server, role.code() + "-404@other.example", role, "other");
            for (String path : everyRoute("demo", userId(server, "victim@demo.example"), invite)) {
                HttpResponse<String> r = path.endsWith("/team") ? c.get(path) : c.post(path, Map.of("email", "y@demo.example",
                        "role", "owner"));
                assertEquals(404, r.statusCode(), role + " of another clinic: " + path);
                assertFalse(r.body().contains("victim@demo.example"), path);
            }
            assertEquals(404, c.get(team("no-such-clinic")).statusCode(), "an unknown clinic looks the same");
        }
        // An owner of the other clinic cannot reach demo's people or invitations through their own clinic's routes either.
        StaffClient otherOwner = StaffClient.signedIn(server, "boss-404@other.example", Role.OWNER, "other");
        for (String path : everyRoute("other", userId(server, "victim@demo.example"), invite)) {
            if (!path.endsWith("/team") && !path.endsWith("/invitations")) {
                assertEquals(404, otherOwner.post(path, Map.of("role", "owner")).statusCode(), path);
            }
        }
        assertEquals("staff active", membership(server, "victim@demo.example", "demo"));
        assertEquals("none", membership(server, "victim@demo.example", "other"));
        assertEquals(1, count(server, "SELECT count(*) FROM staff_invite WHERE email = 'invited-404@demo.example' AND revoked_at IS NULL"));
        assertEquals(0, count(server, "SELECT count(*) FROM staff_invite WHERE email = 'y@demo.example'"));
    }

    static List<String> everyRoute(String clinic, String memberId, String inviteId) {
        String base = team(clinic);
        return List.of(base, base + "/invitations", base + "/invitations/" + inviteId + "/resend",
                base + "/invitations/" + inviteId + "/revoke", base + "/members/" + memberId + "/role",
                base + "/members/" + memberId + "/disable", base + "/members/" + memberId + "/enable");
    }

    @Test
    void adminsManageEveryTeamButAreNotChangedFromIt() {
        StaffClient admin = StaffClient.signedIn(server, "admin-team@consultdesk.example", Role.ADMIN);
        assertEquals(200, admin.get(team("other")).statusCode());
        StaffClient.addUser(server, "managed@other.example", Role.STAFF, "other");
        HttpResponse<String> r = admin.post("/staff/clinics/other/team/members/" + userId(server, "managed@other.example") + "/role",
                Map.of("role", "owner"));
        assertEquals(303, r.statusCode());
        assertEquals("owner active", membership(server, "managed@other.example", "other"));
        String adminPath = "/staff/clinics/other/team/members/" + userId(server, "admin-team@consultdesk.example");
        assertEquals(404, owner.post(team("demo") + "/members/" + userId(server, "admin-team@consultdesk.example") + "/disable",
                Map.of()).statusCode(), "an admin is nobody's member");
        assertEquals(404, admin.post(adminPath + "/role", Map.of("role", "staff")).statusCode());
        assertEquals(200, admin.get("/staff/leads").statusCode(), "still an admin");
    }

    @Test
    void postsWithoutTheSessionsTokenOrFromAnotherSiteAreRefused() {
        StaffClient.addUser(server, "safe@demo.example", Role.STAFF, "demo");
        String path = member("safe@demo.example", "disable");
        HttpResponse<String> noToken = owner.postRaw(path, Map.of());
        assertEquals(403, noToken.statusCode());
        HttpResponse<String> wrongToken = owner.postRaw(path, Map.of("_csrf", "not-the-token"));
        assertEquals(403, wrongToken.statusCode());
        HttpResponse<String> crossSite = owner.postRaw(path, Map.of("_csrf", owner.csrf()), "Origin", "https://evil.example");
        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.body().contains("came from another site"));
        HttpResponse<String> invite = owner.postRaw(team("demo") + "/invitations", Map.of("email", "csrf@demo.example", "role", "owner"));
        assertEquals(403, invite.statusCode());
        assertEquals("staff active", membership(server, "safe@demo.example", "demo"));
        assertEquals(0, count(server, "SELECT count(*) FROM staff_invite WHERE email = 'csrf@demo.example'"));
    }

    @Test
    void everyActionIsAuditedWithTheClinicThePersonAndTheRolesButNoToken() {
        Teams.addClinic(server, "audited", "Audited Clinic");
        StaffClient boss = StaffClient.signedIn(server, "boss@audited.example", Role.OWNER, "audited");
        Teams.invite(boss, "audited", "new@audited.example", "marketing");
        String invite = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = 'new@audited.example'")
                .mapTo(String.class).one());
        assertEquals(303, boss.post(team("audited") + "/invitations/" + invite + "/resend", Map.of()).statusCode());
        String resent = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = 'new@audited.example'"
                + " AND revoked_at IS NULL").mapTo(String.class).one());
        assertEquals(303, boss.post(team("audited") + "/invitations/" + resent + "/revoke", Map.of()).statusCode());
        StaffClient.addUser(server, "worker@audited.example", Role.STAFF, "audited");
        String worker = "/staff/clinics/audited/team/members/" + userId(server, "worker@audited.example");
        assertEquals(303, boss.post(worker + "/role", Map.of("role", "owner")).statusCode());
        assertEquals(303, boss.post(worker + "/disable", Map.of()).statusCode());
        assertEquals(303, boss.post(worker + "/enable", Map.of()).statusCode());

        List<String> rows = server.jdbi().withHandle(h -> h.createQuery("SELECT action || ' | ' || detail FROM audit_log"
                + " WHERE clinic_slug = 'audited' AND actor_email = 'boss@audited.example' ORDER BY id").mapTo(String.class).list());
        assertEquals(List.of(
                "team.invited | new@audited.example · marketing",
                "team.invitationResent | new@audited.example · marketing",
                "team.invitationRevoked | new@audited.example · marketing",
                "team.roleChanged | worker@audited.example · staff → owner",
                "team.memberDisabled | worker@audited.example · owner · 0 sessions ended",
                "team.memberEnabled | worker@audited.example · owner"), rows);
        List<String> hashes = server.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM staff_invite").mapTo(String.class).list());
        List<String> details = server.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(detail, '') FROM audit_log")
                .mapTo(String.class).list());
        String log = String.join("\n", details);
        hashes.forEach(hash -> assertFalse(log.contains(hash.substring(0, 16)), "no token (nor its hash) in the audit log"));
        assertTrue(boss.get(team("audited") + "?done=enabled").body().contains("Member enabled again"));
    }
}
