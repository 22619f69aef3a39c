package io.consultdesk.team;

import static io.consultdesk.team.Teams.count;
import static io.consultdesk.team.Teams.location;
import static io.consultdesk.team.Teams.membership;
import static io.consultdesk.team.Teams.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invitations over HTTP on the real server, with the emails received by a real SMTP server (GreenMail): the
 * email and its link, setting a password, joining with an existing account, a link that works once and for 72
 * hours, resent and revoked links, the hourly limit, bad input, the form's CSRF defence, the audit rows, and
 * the token kept out of the database and the request log.
 */
class TeamInvitationTest {
    static final String OWNER = "owner@bright-harbor.example";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static TestServer server;
    static StaffClient owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Builder.defaults().smtp("127.0.0.1", smtp.getSmtp().getPort()));
        Teams.addClinic(server, "harbor-two", "Harbor Two Wellness");
        owner = StaffClient.signedIn(server, OWNER, Role.OWNER, "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    // The whole way: email, link, password, signed in

    @Test
    void anInvitedPersonGetsAnEmailSetsAPasswordAndIsSignedInWithTheRole() throws Exception {
        // A patient's request exists: nothing of it may reach the invitation.
        assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
        String email = "new.nurse@bright-harbor.example";
        Teams.invite(owner, "demo", "  New.Nurse@Bright-Harbor.example ", "staff");

        String link = Teams.awaitLink(smtp, email, 1);
        String token = Teams.token(link);
        MimeMessage mail = Teams.invitationsTo(smtp, email).get(0);
        assertEquals("You’re invited to join the team of Bright Harbor Ketamine & TMS on Consultdesk", Mails.subject(mail));
        assertTrue(Mails.header(mail, "From").contains("Bright Harbor Ketamine"), "sent in the clinic's name");
        Map<String, String> parts = Mails.textParts(mail);
        assertEquals(Set.of("text/plain", "text/html"), parts.keySet());
        String text = parts.get("text/plain");
        assertTrue(text.contains(OWNER + " invited you to the team of Bright Harbor Ketamine & TMS on Consultdesk, as Staff."), text);
        assertTrue(text.contains("The link works once, until "), text);
        assertTrue(parts.get("text/html").contains("href=\"http://localhost:" + server.port() + link + "\""), "the button links to it");
        String everything = Mails.everything(mail);
        for (String patient : List.of("Jordan", "Rivera", "jordan@example.com", "555-0199", "Mornings are best", "/staff/leads/")) {
            assertFalse(everything.contains(patient), "no patient data in the invitation: " + patient);
        }

        // The database keeps the token's hash; the outbox row's sealed copy is erased once the email is sent.
        assertEquals(sha256(token), server.jdbi().withHandle(h -> h.createQuery(
                "SELECT token_hash FROM staff_invite WHERE email = :e").bind("e", email).mapTo(String.class).one()));
        Eventually.await("the invitation email is marked sent", () -> server.outboxTo(email,
                "kind = 'staff-invitation' AND status = 'sent'") == 1);
        assertEquals(0, server.outboxTo(email, "sealed_secret IS NOT NULL"), "the sealed token is erased after sending");
        Teams.assertNoTokenInTheDatabase(server, token);

        // Opening the link shows the clinic and the role, and changes nothing (mail scanners open links).
        StaffClient invitee = new StaffClient(server);
        long auditBefore = count(server, "SELECT count(*) FROM audit_log");
        HttpResponse<String> page = invitee.get(link);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Join the team of Bright Harbor Ketamine &amp; TMS"), page.body());
        assertTrue(page.body().contains("as Staff") && page.body().contains("Choose a password"), page.body());
        assertTrue(page.body().contains("name=\"confirm\""), "a new account types its password twice");
        assertTrue(page.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
        assertTrue(page.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("cd_invite=")
                && c.contains("Path=/staff/invitation") && c.contains("HttpOnly") && c.contains("SameSite=Strict")));
        assertEquals(auditBefore, count(server, "SELECT count(*) FROM audit_log"), "opening the link writes nothing");
        assertEquals(0, count(server, "SELECT count(*) FROM staff_invite WHERE email = :e AND accepted_at IS NOT NULL", "e", email));
        assertEquals("none", membership(server, email, "demo"));

        // Choosing a password creates the account, joins the team and signs in, in a new session.
        String password = "plum orchard lantern 47";
        HttpResponse<String> joined = invitee.post(link, form("password", password, "confirm", password));
        assertEquals(303, joined.statusCode(), joined.body());
        assertEquals("/staff/leads", location(joined), "a staff member starts in the inbox");
        assertTrue(invitee.sessionCookie().isPresent());
        HttpResponse<String> inbox = invitee.get("/staff/leads");
        assertEquals(200, inbox.statusCode());
        assertTrue(inbox.body().contains(email), "signed in as the invited person");
        assertEquals("staff active", membership(server, email, "demo"));
        assertEquals(403, invitee.get(team("demo")).statusCode(), "with the role invited: staff, not owner");
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'team.invitationAccepted'"
                + " AND actor_email = :e AND clinic_slug = 'demo' AND detail = :d", "e", email, "d", email + " · staff · new account"));
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'team.invited' AND actor_email = :o"
                + " AND clinic_slug = 'demo' AND detail = :d", "o", OWNER, "d", email + " · staff"));

        // The link works once: opening it again, or posting it again, is the page of a link that no longer works.
        HttpResponse<String> again = new StaffClient(server).get(link);
        assertEquals(404, again.statusCode());
        assertTrue(again.body().contains("This invitation link no longer works"), again.body());
        assertTrue(again.body().contains("Ask the person who invited you"), again.body());
        assertEquals(404, invitee.post(link, form("password", "another long password here", "confirm",
                "another long password here")).statusCode());
        assertEquals(1, count(server, "SELECT count(*) FROM staff_user WHERE email = :e", "e", email));

        // The new password signs in like any other.
        assertEquals(303, new StaffClient(server).signIn(email, password).statusCode());
        Teams.assertNoTokenInTheDatabase(server, token);
    }

    @Test
    void someoneWithAnAccountJoinsWithTheirCurrentPasswordAndTheInviterSeesNoDifference() {
        String existing = "traveller@harbor-two.example";
        String password = StaffClient.addUser(server, existing, Role.STAFF, "harbor-two");
        String fresh = "fresh@bright-harbor.example";

        Teams.invite(owner, "demo", existing, "marketing");
        Teams.invite(owner, "demo", fresh, "marketing");
        // The inviter's page shows both invitations alike: nothing tells that one address already has an account.
        String page = owner.get(team("demo")).body();
        String rowExisting = row(page, existing);
        String rowFresh = row(page, fresh);
        assertEquals(comparable(rowFresh, fresh), comparable(rowExisting, existing));

        String link = Teams.awaitLink(smtp, existing, 1);
        StaffClient person = new StaffClient(server);
        HttpResponse<String> show = person.get(link);
        assertEquals(200, show.statusCode());
        assertTrue(show.body().contains("Sign in to join Bright Harbor Ketamine &amp; TMS"), show.body());
        assertFalse(show.body().contains("name=\"confirm\""), "no new password to choose");

        HttpResponse<String> wrong = person.post(link, form("password", "not my password at all"));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("That is not the password of this account"), wrong.body());
        assertEquals("none", membership(server, existing, "demo"));

        HttpResponse<String> joined = person.post(link, form("password", password));
        assertEquals(303, joined.statusCode(), joined.body());
        assertEquals("/staff/leads", location(joined), "still staff of their first clinic: the inbox");
        assertEquals("marketing active", membership(server, existing, "demo"));
        assertEquals("staff active", membership(server, existing, "harbor-two"), "the other team is untouched");
        assertEquals(1, count(server, "SELECT count(*) FROM staff_user WHERE email = :e", "e", existing), "no second account");
        assertEquals(200, person.get("/staff/account").statusCode());
        assertTrue(person.get("/staff/account").body().contains("Bright Harbor Ketamine &amp; TMS · Marketing"));
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'team.invitationAccepted'"
                + " AND detail = :d", "d", existing + " · marketing · existing account"));
        assertEquals(404, new StaffClient(server).get(link).statusCode(), "used");
    }

    /** A row without what differs by nature: the address, the invitation's id and the exact times. */
    static String comparable(String row, String email) {
        return row.replace(email, "X").replaceAll("invitations/[^/]+/", "invitations/ID/")
                .replaceAll("(datetime|title)=\"[^\"]*\"", "$1=\"T\"");
    }

    static String row(String html, String email) {
        int at = html.indexOf("data-invite=\"" + email + "\"");
        assertTrue(at > 0, "a row for " + email);
        return html.substring(at, html.indexOf("</tr>", at));
    }

    @Test
    void aNewPasswordFollowsTheRulesAndNothingIsCreatedUntilItDoes() {
        String email = "careful@bright-harbor.example";
        Teams.invite(owner, "demo", email, "staff");
        String link = Teams.awaitLink(smtp, email, 1);
        StaffClient person = Teams.opened(server, link);
        Map<String, String> tooShort = form("password", "short", "confirm", "short");
        Map<String, String> common = form("password", "password123456", "confirm", "password123456");
        Map<String, String> hasEmail = form("password", "careful-and-more-words", "confirm", "careful-and-more-words");
        Map<String, String> clinicName = form("password", "BrightHarbor2026!!", "confirm", "BrightHarbor2026!!");
        Map<String, String> clinicWords = form("password", "ketamine bright harbor", "confirm", "ketamine bright harbor");
        Map<String, String> mismatch = form("password", "plum orchard lantern 47", "confirm", "plum orchard lantern 48");
        for (var c : List.of(List.of(tooShort, "at least 12 characters"), List.of(common, "on lists of common passwords"),
                List.of(hasEmail, "built on your email address"), List.of(clinicName, "clinic’s name"),
                List.of(clinicWords, "clinic’s name"), List.of(mismatch, "not the same"))) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> r = person.post(link, (Map<String, String>) c.get(0));
            assertEquals(422, r.statusCode(), r.body());
            assertTrue(r.body().contains((String) c.get(1)), c.get(1) + " in " + r.body());
            assertTrue(r.body().contains("aria-invalid=\"true\""), "the field is marked");
            assertFalse(r.body().contains("value=\"" + ((Map<?, ?>) c.get(0)).get("password") + "\""), "a password is never shown back");
        }
        assertEquals(0, count(server, "SELECT count(*) FROM staff_user WHERE email = :e", "e", email));
        assertEquals(200, person.get(link).statusCode(), "the link still works");
    }

    @Test
    void theInvitationFormNeedsItsTokenAndASameSitePost() {
        String email = "csrf@bright-harbor.example";
        Teams.invite(owner, "demo", email, "staff");
        String link = Teams.awaitLink(smtp, email, 1);
        String password = "plum orchard lantern 47";

        // Without this browser's token (no cookie, or a token from elsewhere): nothing happens.
        StaffClient noCookie = new StaffClient(server);
        HttpResponse<String> stale = noCookie.postRaw(link, form("password", password, "confirm", password, "_csrf", "x".repeat(43)));
        assertEquals(400, stale.statusCode());
        assertTrue(stale.body().contains("did not come from this browser"), stale.body());
        StaffClient opened = Teams.opened(server, link);
        HttpResponse<String> wrongToken = opened.postRaw(link, form("password", password, "confirm", password, "_csrf", "y".repeat(43)));
        assertEquals(400, wrongToken.statusCode());
        // From another site, even with the right token: refused before the handler.
        HttpResponse<String> crossSite = opened.postRaw(link, form("password", password, "confirm", password,
                "_csrf", opened.csrf()), "Origin", "https://evil.example");
        assertEquals(403, crossSite.statusCode());
        assertEquals(0, count(server, "SELECT count(*) FROM staff_user WHERE email = :e", "e", email));
        assertEquals(303, opened.post(link, form("password", password, "confirm", password)).statusCode(),
                "the same browser's own post works");
    }

    // Links that die

    @Test
    void aResentOrRevokedLinkOrOneReplacedByANewInvitationNoLongerWorks() {
        String email = "twice@bright-harbor.example";
        Teams.invite(owner, "demo", email, "staff");
        String first = Teams.awaitLink(smtp, email, 1);

        String inviteId = openInviteId(email);
        HttpResponse<String> resent = owner.post(team("demo") + "/invitations/" + inviteId + "/resend", Map.of());
        assertEquals(303, resent.statusCode());
        assertEquals(team("demo") + "?done=resent", location(resent));
        String second = Teams.awaitLink(smtp, email, 2);
        assertNotEquals(first, second);
        assertEquals(404, new StaffClient(server).get(first).statusCode(), "the resent link replaced the first");
        assertEquals(200, new StaffClient(server).get(second).statusCode());

        // Inviting the same address again revokes the older invitation.
        Teams.invite(owner, "demo", email, "owner");
        String third = Teams.awaitLink(smtp, email, 3);
        assertEquals(404, new StaffClient(server).get(second).statusCode());
        HttpResponse<String> thirdPage = new StaffClient(server).get(third);
        assertEquals(200, thirdPage.statusCode());
        assertTrue(thirdPage.body().contains("as Owner"), "the newest invitation's role");
        assertEquals(1, count(server, "SELECT count(*) FROM staff_invite WHERE email = :e AND revoked_at IS NULL", "e", email));

        HttpResponse<String> revoked = owner.post(team("demo") + "/invitations/" + openInviteId(email) + "/revoke", Map.of());
        assertEquals(303, revoked.statusCode());
        assertEquals(team("demo") + "?done=revoked", location(revoked));
        assertTrue(owner.get(location(revoked)).body().contains("Invitation revoked"));
        HttpResponse<String> dead = new StaffClient(server).get(third);
        assertEquals(404, dead.statusCode());
        assertTrue(dead.body().contains("This invitation link no longer works"));
        assertFalse(owner.get(team("demo")).body().contains("data-invite=\"" + email + "\""), "no longer listed as pending");
        for (String action : List.of("team.invitationResent", "team.invitationRevoked")) {
            assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = :a AND clinic_slug = 'demo'"
                    + " AND detail LIKE :d", "a", action, "d", email + " · %"), action);
        }
        // Revoking it again, or an invitation of another clinic, is not found.
        assertEquals(404, owner.post(team("demo") + "/invitations/" + lastInviteId(email) + "/revoke", Map.of()).statusCode());
    }

    @Test
    void aLinkWorksFor72HoursOnly() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (TestServer timed = TestServer.start(TestServer.Builder.defaults().clock(clock)
                .smtp("127.0.0.1", smtp.getSmtp().getPort()))) {
            StaffClient boss = StaffClient.signedIn(timed, "boss@timed.example", Role.OWNER, "demo");
            Teams.invite(boss, "demo", "late@timed.example", "staff");
            Teams.invite(boss, "demo", "later@timed.example", "staff");
            String late = Teams.awaitLink(smtp, "late@timed.example", 1);
            String later = Teams.awaitLink(smtp, "later@timed.example", 1);
            assertTrue(Mails.textParts(Teams.invitationsTo(smtp, "late@timed.example").get(0)).get("text/plain")
                    .contains("until Thursday, November 26, 2026, 9:00 AM (Pacific Time)"), "in the clinic's time zone");

            clock.advance(Duration.ofHours(72).minusMinutes(1));
            StaffClient person = new StaffClient(timed);
            assertEquals(200, person.get(late).statusCode(), "still valid a minute before");
            assertEquals(200, new StaffClient(timed).get(later).statusCode());
            clock.advance(Duration.ofMinutes(1));
            HttpResponse<String> expired = new StaffClient(timed).get(later);
            assertEquals(404, expired.statusCode());
            assertTrue(expired.body().contains("This invitation link no longer works"));
            // A form opened just before the end cannot be posted after it.
            String password = "plum orchard lantern 47";
            assertEquals(404, person.post(late, form("password", password, "confirm", password)).statusCode());
            assertEquals(0, Teams.count(timed, "SELECT count(*) FROM staff_user WHERE email LIKE 'late%'"));

            // The owner's list says it expired, and Resend gives a new link that works.
            StaffClient again = StaffClient.signedIn(timed, "boss2@timed.example", Role.OWNER, "demo");
            String list = again.get(team("demo")).body();
            assertTrue(list.contains("Expired"), list);
            String id = timed.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = 'late@timed.example'")
                    .mapTo(String.class).one());
            assertEquals(303, again.post(team("demo") + "/invitations/" + id + "/resend", Map.of()).statusCode());
            assertEquals(200, new StaffClient(timed).get(Teams.awaitLink(smtp, "late@timed.example", 2)).statusCode());
        }
    }

    static String openInviteId(String email) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = :e"
                + " AND revoked_at IS NULL AND accepted_at IS NULL").bind("e", email).mapTo(String.class).one());
    }

    static String lastInviteId(String email) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = :e"
                + " ORDER BY created_at DESC LIMIT 1").bind("e", email).mapTo(String.class).one());
    }

    // Refusals on the inviter's side

    @Test
    void badInputGetsAClearMessageAndChangesNothing() {
        long invites = count(server, "SELECT count(*) FROM staff_invite");
        long emails = count(server, "SELECT count(*) FROM outbox WHERE kind = 'staff-invitation'");

        HttpResponse<String> crlf = owner.post(team("demo") + "/invitations",
                form("email", "victim@example.com\r\nBcc: everyone@example.com", "role", "staff"));
        assertEquals(422, crlf.statusCode());
        assertTrue(crlf.body().contains("cannot contain line breaks"), crlf.body());
        assertFalse(crlf.body().contains("everyone@example.com"), "a header injection attempt is not shown back");

        HttpResponse<String> invalid = owner.post(team("demo") + "/invitations", form("email", "not-an-address", "role", "staff"));
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body().contains("That is not a valid email address"));
        assertTrue(invalid.body().contains("value=\"not-an-address\""), "what was typed is kept");

        HttpResponse<String> role = owner.post(team("demo") + "/invitations", form("email", "ok@example.com", "role", "admin"));
        assertEquals(422, role.statusCode());
        assertTrue(role.body().contains("Choose one of the roles"), role.body());
        assertTrue(role.body().contains("value=\"ok@example.com\""), "the address is kept");
        assertEquals(422, owner.post(team("demo") + "/invitations", form("email", "ok@example.com", "role", "superuser")).statusCode());
        assertEquals(422, owner.post(team("demo") + "/invitations", form("email", "", "role", "staff")).statusCode());

        HttpResponse<String> huge = owner.post(team("demo") + "/invitations",
                form("email", "big@example.com", "role", "staff", "padding", "x".repeat(10 * 1024 * 1024)));
        assertEquals(413, huge.statusCode());
        assertTrue(huge.body().contains("Too much to send"), huge.body());

        assertEquals(invites, count(server, "SELECT count(*) FROM staff_invite"));
        assertEquals(emails, count(server, "SELECT count(*) FROM outbox WHERE kind = 'staff-invitation'"));
    }

    @Test
    void invitingSomeoneAlreadyOnTheTeamSaysSo() {
        StaffClient.addUser(server, "member@bright-harbor.example", Role.STAFF, "demo");
        HttpResponse<String> r = owner.post(team("demo") + "/invitations", form("email", "Member@Bright-Harbor.example", "role", "owner"));
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("member@bright-harbor.example is already on this team."), r.body());
        StaffClient.addUser(server, "root@consultdesk.example", Role.ADMIN);
        HttpResponse<String> admin = owner.post(team("demo") + "/invitations", form("email", "root@consultdesk.example", "role", "staff"));
        assertEquals(409, admin.statusCode());
        assertTrue(admin.body().contains("root@consultdesk.example already has access to this clinic."), admin.body());
        assertFalse(admin.body().contains("is an admin") || admin.body().contains("admin of this server"),
                "an owner does not learn that the address is a server admin's: " + admin.body());
        assertEquals(0, count(server, "SELECT count(*) FROM staff_invite WHERE email IN ('member@bright-harbor.example',"
                + " 'root@consultdesk.example')"));
    }

    @Test
    void atMostTwentyInvitationsPerClinicAndHour() {
        Teams.addClinic(server, "busy", "Busy Clinic");
        StaffClient busyOwner = StaffClient.signedIn(server, "owner@busy.example", Role.OWNER, "busy");
        for (int i = 1; i <= 20; i++) {
            Teams.invite(busyOwner, "busy", "person" + i + "@busy.example", "staff");
        }
        HttpResponse<String> r = busyOwner.post(team("busy") + "/invitations", form("email", "person21@busy.example", "role", "staff"));
        assertEquals(429, r.statusCode());
        assertTrue(r.body().contains("This clinic has sent 20 invitations in the last hour, the most allowed. Try again in"), r.body());
        assertTrue(r.body().contains("value=\"person21@busy.example\""), "the address is kept for later");
        String someone = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_invite WHERE email = 'person1@busy.example'")
                .mapTo(String.class).one());
        assertEquals(429, busyOwner.post(team("busy") + "/invitations/" + someone + "/resend", Map.of()).statusCode(),
                "a resend is an invitation too");
        assertEquals(20, count(server, "SELECT count(*) FROM staff_invite WHERE clinic_slug = 'busy'"));
        // Another clinic is not held back by this one.
        Teams.invite(owner, "demo", "unrelated@bright-harbor.example", "staff");
    }

    // The request log

    @Test
    void theTokenIsNotWrittenToTheRequestLog() {
        String email = "logged@bright-harbor.example";
        Teams.invite(owner, "demo", email, "staff");
        String link = Teams.awaitLink(smtp, email, 1);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            StaffClient person = Teams.opened(server, link);
            String password = "plum orchard lantern 47";
            assertEquals(303, person.post(link, form("password", password, "confirm", password)).statusCode());
            assertEquals(404, new StaffClient(server).get(link).statusCode());
            // The request log is written after the response: wait for the last line.
            Eventually.await("the request log lines", () -> java.util.regex.Pattern.compile("GET /staff/invitation/\\S+ 404")
                    .matcher(captured.toString(StandardCharsets.UTF_8)).find());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("GET /staff/invitation/{token} 200"), log);
        assertTrue(log.contains("POST /staff/invitation/{token} 303"), log);
        assertFalse(log.contains(Teams.token(link)), "the token is not in the log");
    }
}
