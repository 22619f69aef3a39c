package io.consultdesk.team;

import static io.consultdesk.team.Teams.count;
import static io.consultdesk.team.Teams.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.Role;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /staff/account}: every signed-in person changes their own password. The current one is required, the
 * new one follows the rules, each problem is named at its field; on success every other session ends and this
 * one stays; the change is audited, and wrong current passwords are throttled like sign-in.
 */
class AccountPasswordTest {
    static final String NEW = "quiet river copper 88";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> form(String current, String password, String confirm) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("current", current);
        m.put("password", password);
        m.put("confirm", confirm);
        return m;
    }

    @Test
    void everyRoleHasTheAccountPage() {
        for (Role role : List.of(Role.OWNER, Role.STAFF, Role.MARKETING, Role.ADMIN)) {
            String email = "page-" + role.code() + "@demo.example";
            StaffClient c = role == Role.ADMIN ? StaffClient.signedIn(server, email, role) : StaffClient.signedIn(server, email, role, "demo");
            HttpResponse<String> page = c.get("/staff/account");
            assertEquals(200, page.statusCode(), role.code());
            assertTrue(page.body().contains("Change your password"), role.code());
            assertTrue(page.body().contains(role == Role.ADMIN ? "Admin of this server: every clinic"
                    : "Bright Harbor Ketamine &amp; TMS · " + Messages.english().get("team.role." + role.code())), page.body());
            assertTrue(page.body().contains("href=\"/staff/account\" aria-current=\"page\""), "the email in the bar is the current page");
        }
        assertEquals(303, server.get("/staff/account").statusCode(), "signed out: to sign in");
    }

    @Test
    void theOtherSessionsEndAndThisOneStays() {
        String email = "changer@demo.example";
        String old = StaffClient.addUser(server, email, Role.STAFF, "demo");
        StaffClient here = new StaffClient(server);
        assertEquals(303, here.signIn(email, old).statusCode());
        StaffClient elsewhere = new StaffClient(server);
        assertEquals(303, elsewhere.signIn(email, old).statusCode());
        StaffClient colleague = StaffClient.signedIn(server, "colleague@demo.example", Role.STAFF, "demo");
        here.get("/staff/account");

        HttpResponse<String> r = here.post("/staff/account/password", form(old, NEW, NEW));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/staff/account?done=password", location(r));
        HttpResponse<String> after = here.get(location(r));
        assertEquals(200, after.statusCode(), "this session stays");
        assertTrue(after.body().contains("Password changed. You were signed out everywhere else."));
        HttpResponse<String> other = elsewhere.get("/staff/leads");
        assertEquals(303, other.statusCode(), "the other session ended");
        assertTrue(location(other).startsWith("/staff/sign-in"));
        assertEquals(200, colleague.get("/staff/leads").statusCode(), "nobody else is signed out");

        assertEquals(401, new StaffClient(server).signIn(email, old).statusCode(), "the old password no longer works");
        assertEquals(303, new StaffClient(server).signIn(email, NEW).statusCode());
        assertEquals(1, count(server, "SELECT count(*) FROM audit_log WHERE action = 'staff.passwordChanged' AND actor_email = :e"
                + " AND detail = '1 other session ended'", "e", email));
    }

    @Test
    void eachProblemIsNamedAtItsFieldAndNothingChanges() {
        String email = "typo@demo.example";
        String old = StaffClient.addUser(server, email, Role.STAFF, "demo");
        StaffClient c = new StaffClient(server);
        assertEquals(303, c.signIn(email, old).statusCode());
        StaffClient other = new StaffClient(server);
        assertEquals(303, other.signIn(email, old).statusCode());
        c.get("/staff/account");

        record Case(Map<String, String> form, String field, String message) {}
        for (Case k : List.of(
                new Case(form("", NEW, NEW), "current", "Enter your current password."),
                new Case(form("not my password at all", NEW, NEW), "current", "That is not your current password."),
                new Case(form(old, "short", "short"), "password", "at least 12 characters"),
                new Case(form(old, "password12345", "password12345"), "password", "on lists of common passwords"),
                new Case(form(old, "typo-typo-typo-words", "typo-typo-typo-words"), "password", "built on your email address"),
                new Case(form(old, "Bright Harbor 2026!", "Bright Harbor 2026!"), "password", "clinic’s name"),
                new Case(form(old, old, old), "password", "the one you have now"),
                new Case(form(old, NEW, NEW + "x"), "confirm", "not the same"))) {
            HttpResponse<String> r = c.post("/staff/account/password", k.form());
            assertEquals(422, r.statusCode(), k.message());
            assertTrue(r.body().contains("<p class=\"field-error\" id=\"" + k.field() + "-error\">"), k.field() + ": " + r.body());
            assertTrue(r.body().contains(k.message()), k.message() + " in " + r.body());
            assertTrue(r.body().contains("id=\"" + k.field() + "\"") && r.body().contains("aria-invalid=\"true\""));
            for (String typed : k.form().values()) {
                if (!typed.isEmpty()) {
                    assertFalse(r.body().contains("value=\"" + typed + "\""), "no password is typed back into the page");
                }
            }
        }
        assertEquals(303, new StaffClient(server).signIn(email, old).statusCode(), "the password did not change");
        assertEquals(200, other.get("/staff/leads").statusCode(), "and nobody was signed out");
        assertEquals(0, count(server, "SELECT count(*) FROM audit_log WHERE action = 'staff.passwordChanged' AND actor_email = :e",
                "e", email));
    }

    @Test
    void wrongCurrentPasswordsAreThrottledLikeSignIn() {
        String email = "guess@demo.example";
        String old = StaffClient.addUser(server, email, Role.STAFF, "demo");
        StaffClient c = new StaffClient(server);
        assertEquals(303, c.signIn(email, old).statusCode());
        c.get("/staff/account");
        HttpResponse<String> r = null;
        for (int i = 0; i < 5; i++) {
            r = c.post("/staff/account/password", form("wrong guess number " + i, NEW, NEW));
        }
        assertEquals(429, r.statusCode(), "the fifth wrong password pauses further attempts");
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
        assertTrue(r.body().contains("Too many wrong passwords"), r.body());
        HttpResponse<String> right = c.post("/staff/account/password", form(old, NEW, NEW));
        assertEquals(429, right.statusCode(), "even the right one waits");
        // Counted on one row per minute (issue 13): the count says how many.
        assertTrue(count(server, "SELECT sum(repeat_count) FROM audit_log WHERE action = 'staff.signInFailed' AND actor_email = :e"
                + " AND detail = 'password change'", "e", email) >= 5);
    }

    @Test
    void theFormNeedsTheSessionsToken() {
        String email = "token@demo.example";
        String old = StaffClient.addUser(server, email, Role.STAFF, "demo");
        StaffClient c = new StaffClient(server);
        assertEquals(303, c.signIn(email, old).statusCode());
        c.get("/staff/account");
        assertEquals(403, c.postRaw("/staff/account/password", form(old, NEW, NEW)).statusCode());
        assertEquals(403, c.postRaw("/staff/account/password", Map.of("current", old, "password", NEW, "confirm", NEW,
                "_csrf", c.csrf()), "Origin", "https://evil.example").statusCode());
        assertEquals(303, new StaffClient(server).signIn(email, old).statusCode(), "unchanged");
    }
}
