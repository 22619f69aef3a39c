package io.consultdesk.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.db.Sealer;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two-step sign-in (finding 9 of issue 13): TOTP set up from the account page, a second step after the password
 * (pending in the database, rate limited, no replay), recovery codes, and a clinic that requires it.
 */
class TwoFactorTest {
    static final Pattern SECRET = Pattern.compile("id=\"totp-secret\" class=\"secret\">([A-Z2-7 ]+)<");
    static final Pattern CODES = Pattern.compile("<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code></li>");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:05Z"));

    TestServer start() {
        return TestServer.start(TestServer.Builder.defaults().clock(clock));
    }

    static String secretOn(String page) {
        Matcher m = SECRET.matcher(page);
        assertTrue(m.find(), "the secret is on the page: " + page);
        return m.group(1).replace(" ", "");
    }

    static List<String> codesOn(String page) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODES.matcher(page);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    String code(String secret) {
        return TwoFactor.codeAt(secret, clock.instant());
    }

    /** Signs in, turns two-step sign-in on from the account page; returns the secret and the recovery codes. */
    record Enrolled(String secret, List<String> codes) {}

    Enrolled enrol(StaffClient client) {
        HttpResponse<String> setup = client.post("/staff/account/two-factor", Map.of());
        assertEquals(200, setup.statusCode());
        assertTrue(setup.body().contains("<svg") && setup.body().contains("<path d=\"M"), "the QR code is inline SVG");
        String secret = secretOn(setup.body());
        HttpResponse<String> wrong = client.post("/staff/account/two-factor/confirm", Map.of("code", "000000"));
        assertEquals(422, wrong.statusCode(), "a wrong code does not turn it on");
        assertEquals(secret, secretOn(wrong.body()), "the same secret is shown again");
        HttpResponse<String> done = client.post("/staff/account/two-factor/confirm", Map.of("code", code(secret)));
        assertEquals(200, done.statusCode());
        List<String> codes = codesOn(done.body());
        assertEquals(10, codes.size(), done.body());
        return new Enrolled(secret, codes);
    }

    static HttpResponse<String> postCode(StaffClient client, String code) {
        return client.postRaw(SignInController.CODE, Map.of("_csrf", client.signInToken(), "code", code));
    }

    @Test
    void setUpFromTheAccountPageThenSignInNeedsTheCodeAndACodeCannotBeReplayed() {
        try (TestServer server = start()) {
            String password = StaffClient.addUser(server, "robin@clinic.example", Role.STAFF, "demo");
            StaffClient robin = new StaffClient(server);
            robin.signIn("robin@clinic.example", password);
            robin.get("/staff/account");
            Enrolled e = enrol(robin);
            assertTrue(robin.get("/staff/account").body().contains("10 recovery codes left"));

            // Stored sealed (bound to the user id), never plain; recovery codes only as hashes.
            String userId = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_user WHERE email = 'robin@clinic.example'")
                    .mapTo(String.class).one());
            String sealed = server.jdbi().withHandle(h -> h.createQuery("SELECT secret_sealed FROM staff_two_factor")
                    .mapTo(String.class).one());
            assertTrue(sealed.startsWith("s1:") && !sealed.contains(e.secret()), sealed);
            Sealer sealer = server.app().database().sealer();
            assertEquals(e.secret(), sealer.open(sealed, "staff_two_factor.secret:" + userId));
            assertThrows(Sealer.Unreadable.class, () -> sealer.open(sealed, "staff_two_factor.secret:someone-else"));
            List<String> hashes = server.jdbi().withHandle(h -> h.createQuery("SELECT code_hash FROM staff_recovery_code")
                    .mapTo(String.class).list());
            assertEquals(10, hashes.size());
            assertTrue(hashes.stream().noneMatch(x -> e.codes().stream().anyMatch(c -> x.contains(c.replace("-", "")))));

            // Signing in again: the password alone is not a session.
            robin.post("/staff/sign-out", Map.of());
            clock.advance(Duration.ofSeconds(30));
            StaffClient browser = new StaffClient(server);
            HttpResponse<String> afterPassword = browser.signIn("robin@clinic.example", password);
            assertEquals(303, afterPassword.statusCode());
            assertEquals(SignInController.CODE, afterPassword.headers().firstValue("Location").orElse(""));
            assertEquals(Optional.empty(), browser.sessionCookie(), "no session before the code");
            assertEquals(303, browser.get("/staff/leads").statusCode(), "the dashboard is not open yet");
            assertEquals(200, browser.get(SignInController.CODE).statusCode());
            assertEquals(Long.valueOf(1), server.jdbi().<Long, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM staff_pending_sign_in")
                    .mapTo(Long.class).one()), "the pending state is in the database");

            assertEquals(401, postCode(browser, "123456").statusCode());
            String now = code(e.secret());
            HttpResponse<String> in = postCode(browser, now);
            assertEquals(303, in.statusCode(), in.body());
            assertEquals("/staff/leads", in.headers().firstValue("Location").orElse(""));
            assertEquals(200, browser.get("/staff/leads").statusCode());

            // The same code again, within its window, from another browser with the password: refused.
            StaffClient thief = new StaffClient(server);
            thief.signIn("robin@clinic.example", password);
            assertEquals(401, postCode(thief, now).statusCode(), "a used code is not accepted again");
            clock.advance(Duration.ofSeconds(30));
            assertEquals(303, postCode(thief, code(e.secret())).statusCode(), "the next step's code is");
        }
    }

    @Test
    void aRecoveryCodeSignsInOnce() {
        try (TestServer server = start()) {
            String password = StaffClient.addUser(server, "sky@clinic.example", Role.STAFF, "demo");
            StaffClient sky = new StaffClient(server);
            sky.signIn("sky@clinic.example", password);
            sky.get("/staff/account");
            Enrolled e = enrol(sky);

            StaffClient lostPhone = new StaffClient(server);
            lostPhone.signIn("sky@clinic.example", password);
            assertEquals(303, postCode(lostPhone, e.codes().get(3).toUpperCase().replace("-", " ")).statusCode(),
                    "case, spaces and dashes do not matter");
            assertTrue(lostPhone.get("/staff/account").body().contains("9 recovery codes left"));

            StaffClient again = new StaffClient(server);
            again.signIn("sky@clinic.example", password);
            assertEquals(401, postCode(again, e.codes().get(3)).statusCode(), "used once");
            assertEquals(303, postCode(again, e.codes().get(4)).statusCode());
            assertEquals(List.of("8 codes left", "9 codes left"), server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT detail FROM audit_log WHERE action = 'staff.recoveryCodeUsed' ORDER BY detail").mapTo(String.class).list()));
        }
    }

    @Test
    void theCodeStepIsRateLimitedAndRunsOut() {
        try (TestServer server = start()) {
            String password = StaffClient.addUser(server, "ash@clinic.example", Role.STAFF, "demo");
            StaffClient ash = new StaffClient(server);
            ash.signIn("ash@clinic.example", password);
            ash.get("/staff/account");
            Enrolled e = enrol(ash);

            StaffClient guesser = new StaffClient(server);
            guesser.signIn("ash@clinic.example", password);
            for (int i = 0; i < 4; i++) {
                assertEquals(401, postCode(guesser, String.format("%06d", i)).statusCode());
            }
            HttpResponse<String> fifth = postCode(guesser, "000099");
            assertEquals(401, fifth.statusCode());
            assertTrue(fifth.body().contains("Please enter your email and password again"), "five wrong codes end the pending sign-in");
            assertEquals(401, postCode(guesser, code(e.secret())).statusCode(), "even the right code is too late now");

            // A new pending sign-in (the password again) waits: the person's count of wrong codes goes on.
            guesser.signIn("ash@clinic.example", password);
            HttpResponse<String> paused = postCode(guesser, "000100");
            assertEquals(429, paused.statusCode());
            assertTrue(Long.parseLong(paused.headers().firstValue("Retry-After").orElse("0")) > 0);
            assertTrue(paused.body().contains("Too many wrong codes"));
            assertTrue(server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT sum(repeat_count) FROM audit_log WHERE action = 'staff.twoFactorFailed'").mapTo(Integer.class).one()) >= 5);

            // A pending sign-in runs out after five minutes.
            clock.advance(Duration.ofMinutes(16));
            StaffClient slow = new StaffClient(server);
            slow.signIn("ash@clinic.example", password);
            clock.advance(Duration.ofMinutes(6));
            assertEquals(401, postCode(slow, code(e.secret())).statusCode());
            assertEquals(303, slow.get(SignInController.CODE).statusCode(), "the code page sends back to sign-in");
        }
    }

    @Test
    void turningItOffNeedsThePassword() {
        try (TestServer server = start()) {
            String password = StaffClient.addUser(server, "kai@clinic.example", Role.ADMIN);
            StaffClient kai = new StaffClient(server);
            kai.signIn("kai@clinic.example", password);
            kai.get("/staff/account");
            Enrolled e = enrol(kai);
            assertEquals(422, kai.post("/staff/account/two-factor/off", Map.of("password", "not my password")).statusCode());
            assertTrue(kai.get("/staff/account").body().contains("id=\"two-factor-status\">On<"));

            // An admin with two-step sign-in on signs in like anyone (with the next step's code: the one that turned
            // it on is used).
            clock.advance(Duration.ofSeconds(30));
            StaffClient other = new StaffClient(server);
            assertEquals(SignInController.CODE, other.signIn("kai@clinic.example", password).headers().firstValue("Location").orElse(""));
            assertEquals(303, postCode(other, code(e.secret())).statusCode());

            kai.get("/staff/account");
            assertEquals(303, kai.post("/staff/account/two-factor/off", Map.of("password", password)).statusCode());
            assertTrue(kai.get("/staff/account").body().contains("id=\"two-factor-status\">Off<"));
            assertEquals(Long.valueOf(0), server.jdbi().<Long, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM staff_two_factor").mapTo(Long.class).one()));
            assertEquals(303, new StaffClient(server).signIn("kai@clinic.example", password).statusCode());
            assertEquals(List.of("staff.twoFactorOn", "staff.twoFactorOff"), server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT action FROM audit_log WHERE action LIKE 'staff.twoFactorO%' ORDER BY id").mapTo(String.class).list()));
        }
    }

    @Test
    void aClinicThatRequiresItSendsMembersWithoutItToSetItUpFirst() {
        try (TestServer server = start()) {
            StaffClient owner = StaffClient.signedIn(server, "owner@clinic.example", Role.OWNER, "demo");
            String password = StaffClient.addUser(server, "jo@clinic.example", Role.STAFF, "demo");
            StaffClient jo = new StaffClient(server);
            jo.signIn("jo@clinic.example", password);
            assertEquals(200, jo.get("/staff/leads").statusCode());

            owner.get("/staff/clinics/demo/team");
            HttpResponse<String> on = owner.post("/staff/clinics/demo/team/two-factor", Map.of("required", "true"));
            assertEquals(303, on.statusCode());
            String team = owner.get("/staff/clinics/demo/team").body();
            assertTrue(team.contains("id=\"two-factor-required\">Required<"), team);
            assertTrue(team.contains("2 active members do not have it on yet."), team);
            assertEquals(List.of("team.twoFactorRequired"), server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT action FROM audit_log WHERE action LIKE 'team.twoFactor%' AND clinic_slug = 'demo'"
                            + " AND actor_email = 'owner@clinic.example'").mapTo(String.class).list()));
            // Staff cannot change it (the team page is for owners and admins).
            assertEquals(403, jo.post("/staff/clinics/demo/team/two-factor", Map.of("required", "false")).statusCode());

            // Jo's open session goes on; at the next sign-in, setting it up comes before anything else.
            assertEquals(200, jo.get("/staff/leads").statusCode());
            jo.post("/staff/sign-out", Map.of());
            HttpResponse<String> next = jo.signIn("jo@clinic.example", password);
            assertEquals(SignInController.SETUP, next.headers().firstValue("Location").orElse(""));
            assertEquals(Optional.empty(), jo.sessionCookie());
            assertEquals(303, jo.get("/staff/leads").statusCode(), "no dashboard until it is set up");
            String setup = jo.get(SignInController.SETUP).body();
            assertTrue(setup.contains("Bright Harbor Ketamine &amp; TMS requires two-step sign-in"), setup);
            String secret = secretOn(setup);
            assertEquals(422, jo.postRaw(SignInController.SETUP, Map.of("_csrf", jo.signInToken(), "code", "111111")).statusCode());
            HttpResponse<String> done = jo.postRaw(SignInController.SETUP, Map.of("_csrf", jo.signInToken(), "code", code(secret)));
            assertEquals(200, done.statusCode(), done.body());
            assertEquals(10, codesOn(done.body()).size());
            assertTrue(jo.sessionCookie().isPresent());
            assertEquals(200, jo.get("/staff/leads").statusCode());

            // While the clinic requires it, it cannot be turned off.
            jo.get("/staff/account");
            assertEquals(409, jo.post("/staff/account/two-factor/off", Map.of("password", password)).statusCode());

            // The owner, who has none yet, keeps the session too; the next sign-in asks them to set it up.
            assertEquals(200, owner.get("/staff/clinics/demo/team").statusCode());
        }
    }

    @Test
    void base32AndTheCodesFollowRfc6238() {
        // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890", 8 digits 94287082 at 59 s → 6 digits 287082.
        String secret = TwoFactor.base32("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", secret);
        assertEquals("287082", TwoFactor.codeAt(secret, Instant.ofEpochSecond(59)));
        assertEquals("081804", TwoFactor.codeAt(secret, Instant.ofEpochSecond(1111111109)));
        assertFalse(TwoFactor.codeAt(secret, Instant.ofEpochSecond(89)).equals("287082"));
    }
}
