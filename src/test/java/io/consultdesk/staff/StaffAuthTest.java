package io.consultdesk.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.App;
import io.consultdesk.Config;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in to the staff dashboard over HTTP, on the real server with a real SQLite file: redirects,
 * the session cookie, slow-down after failed attempts, idle and absolute logoff (with a clock moved by
 * hand), sign-out, CSRF and cross-site refusal, safe redirects after sign-in, and the audit rows.
 */
class StaffAuthTest {
    static final String SIGN_IN = "/staff/sign-in";
    static final String HOME = "/staff/leads";
    static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final List<TestServer> servers = new ArrayList<>();

    @TempDir
    Path tempDir;

    @AfterEach
    void stopServers() {
        servers.forEach(TestServer::close);
    }

    TestServer start() {
        return start(TestServer.Builder.defaults());
    }

    TestServer start(TestServer.Builder b) {
        TestServer server = TestServer.start(b.clock(clock));
        servers.add(server);
        return server;
    }

    // Redirects and the cookie

    @Test
    void aSignedOutVisitorIsSentToSignInAndBackToThePageTheyAskedFor() {
        TestServer server = start();
        String password = StaffClient.addUser(server, "robin@clinic.example", Role.STAFF, "demo");
        StaffClient client = new StaffClient(server);

        HttpResponse<String> asked = client.get(HOME);
        assertEquals(303, asked.statusCode());
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads", location(asked));
        assertEquals(Optional.empty(), client.sessionCookie());

        // The query string comes along, so filtered views survive the detour.
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads%3Fstatus%3Dall%26search%3Ds4v3d",
                location(client.get("/staff/leads?status=all&search=s4v3d")));

        HttpResponse<String> page = client.get(location(asked));
        assertEquals(200, page.statusCode());
        assertEquals(HOME, TestServer.hiddenField(page.body(), "next"));

        HttpResponse<String> signedIn = client.postSignIn(form("email", "Robin@Clinic.Example ",
                "password", password, "next", TestServer.hiddenField(page.body(), "next")));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals(HOME, location(signedIn));

        String token = client.sessionCookie().orElseThrow();
        assertEquals(200, client.get(HOME).statusCode());
        // Only the token's SHA-256 is stored: a copy of the database signs nobody in.
        List<String> stored = server.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM staff_session")
                .mapTo(String.class).list());
        assertEquals(List.of(sha256(token)), stored);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndLimitedToStaffButNotSecureOnPlainHttp() {
        TestServer server = start();
        String password = StaffClient.addUser(server, "kim@clinic.example", Role.ADMIN);

        HttpResponse<String> page = server.get(SIGN_IN);
        HttpResponse<String> r = server.post(SIGN_IN, "application/x-www-form-urlencoded",
                body(form("email", "kim@clinic.example", "password", password, "_csrf", TestServer.hiddenField(page.body(), "_csrf"))),
                "Cookie", signInCookie(page));
        assertEquals(303, r.statusCode(), r.body());
        Map<String, String> cookie = onlyStaffCookie(r);
        assertTrue(cookie.get("cd_staff").length() >= 40, "a long random token: " + cookie);
        assertEquals("/staff", cookie.get("path"));
        assertTrue(cookie.containsKey("httponly"), cookie.toString());
        assertEquals("strict", cookie.get("samesite").toLowerCase(Locale.ROOT));
        assertFalse(cookie.containsKey("secure"), "no Secure without an https base URL: " + cookie);
        assertFalse(cookie.containsKey("max-age") || cookie.containsKey("expires"), "a browser-session cookie: " + cookie);
    }

    @Test
    void theCookieIsSecureWhenTheBaseUrlIsHttps() {
        Config config = Config.fromEnv(Map.of(Config.PORT, "0", Config.DATA_DIR, tempDir.resolve("data").toString(),
                Config.BASE_URL, "https://consult.example.com"));
        App app = new App(config, Clock.systemUTC()).start();
        try {
            String password = "plum orchard lantern 47";
            assertTrue(app.staff().addUser("lee@clinic.example", Role.ADMIN, List.of(), password)
                    instanceof StaffService.AddUser.Saved);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://localhost:" + app.port();

            HttpResponse<String> page = send(http, HttpRequest.newBuilder(URI.create(base + SIGN_IN)).GET());
            assertTrue(page.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("cd_signin=")
                    && c.contains("; Secure") && c.contains("; HttpOnly") && c.contains("Path=/staff/sign-in")),
                    "the sign-in form's cookie is Secure too: " + page.headers().allValues("Set-Cookie"));
            HttpResponse<String> signedIn = send(http, HttpRequest.newBuilder(URI.create(base + SIGN_IN))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", signInCookie(page))
                    .POST(HttpRequest.BodyPublishers.ofString(body(form("email", "lee@clinic.example", "password", password,
                            "_csrf", TestServer.hiddenField(page.body(), "_csrf"))))));
            assertEquals(303, signedIn.statusCode(), signedIn.body());
            Map<String, String> cookie = onlyStaffCookie(signedIn);
            assertTrue(cookie.containsKey("secure"), cookie.toString());
            assertTrue(cookie.containsKey("httponly"), cookie.toString());
            assertEquals("/staff", cookie.get("path"));
            String token = cookie.get("cd_staff");

            // Clearing the cookie at sign-out carries the same attributes, or the browser would keep it.
            HttpResponse<String> inbox = send(http, HttpRequest.newBuilder(URI.create(base + HOME))
                    .header("Cookie", "cd_staff=" + token).GET());
            assertEquals(200, inbox.statusCode());
            HttpResponse<String> out = send(http, HttpRequest.newBuilder(URI.create(base + "/staff/sign-out"))
                    .header("Cookie", "cd_staff=" + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body(form("_csrf",
                            TestServer.hiddenField(inbox.body(), "_csrf"))))));
            assertEquals(303, out.statusCode());
            Map<String, String> cleared = onlyStaffCookie(out);
            assertEquals("", cleared.get("cd_staff"));
            assertEquals("0", cleared.get("max-age"));
            assertTrue(cleared.containsKey("secure"), cleared.toString());
        } finally {
            app.stop();
        }
    }

    @Test
    void everySignInStartsANewSessionAndEndsTheOneTheBrowserHad() {
        TestServer server = start();
        String password = StaffClient.addUser(server, "ash@clinic.example", Role.STAFF, "demo");
        StaffClient client = new StaffClient(server);

        assertEquals(303, client.signIn("ash@clinic.example", password).statusCode());
        String first = client.sessionCookie().orElseThrow();
        assertEquals(303, client.signIn("ash@clinic.example", password).statusCode());
        String second = client.sessionCookie().orElseThrow();

        assertNotEquals(first, second);
        assertEquals(1, sessionCount(server), "the earlier session was ended, not left behind");
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads", location(getWithToken(server, HOME, first)));
        assertEquals(200, getWithToken(server, HOME, second).statusCode());

        // A token planted in the browser beforehand (session fixation) is never adopted.
        HttpResponse<String> page = server.get(SIGN_IN);
        HttpResponse<String> planted = server.post(SIGN_IN, "application/x-www-form-urlencoded",
                body(form("email", "ash@clinic.example", "password", password, "_csrf", TestServer.hiddenField(page.body(), "_csrf"))),
                "Cookie", "cd_staff=chosen-by-attacker; " + signInCookie(page));
        assertEquals(303, planted.statusCode());
        assertNotEquals("chosen-by-attacker", onlyStaffCookie(planted).get("cd_staff"));
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads", location(getWithToken(server, HOME, "chosen-by-attacker")));
    }

    // Refusals

    @Test
    void aWrongPasswordOrUnknownEmailIsRefusedWith401AndNoCookie() {
        TestServer server = start();
        StaffClient.addUser(server, "jo@clinic.example", Role.STAFF, "demo");
        StaffClient client = new StaffClient(server);

        HttpResponse<String> wrong = client.signIn("jo@clinic.example", "not the right password");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("That email and password do not match an account."), wrong.body());
        assertTrue(wrong.body().contains("value=\"jo@clinic.example\""), "the email is kept in the form");
        assertEquals(List.of(), wrong.headers().allValues("Set-Cookie"));

        // An unknown email gets the very same answer (no telling which accounts exist).
        HttpResponse<String> unknown = client.signIn("nobody@clinic.example", "not the right password");
        assertEquals(401, unknown.statusCode());
        assertTrue(unknown.body().contains("That email and password do not match an account."), unknown.body());
        assertEquals(List.of(), unknown.headers().allValues("Set-Cookie"));

        assertEquals(Optional.empty(), client.sessionCookie());
        assertEquals(0, sessionCount(server));
        assertEquals(303, client.get(HOME).statusCode());
    }

    @Test
    void missingFieldsAre400AndDoNotCountAsFailures() {
        TestServer server = start();
        StaffClient client = new StaffClient(server);
        List<Map<String, String>> forms = List.of(
                form("email", "jo@clinic.example"),
                form("password", "some password here"),
                form("email", "", "password", ""),
                form());
        for (Map<String, String> f : forms) {
            HttpResponse<String> r = client.postSignIn(f);
            assertEquals(400, r.statusCode(), f.toString());
            assertTrue(r.body().contains("Enter your email and password."), r.body());
            assertEquals(List.of(), r.headers().allValues("Set-Cookie"));
        }
        assertEquals(0, sessionCount(server));
        assertEquals(List.of(), auditOf(server, "jo@clinic.example"), "no failed attempt recorded");
    }

    @Test
    void fiveWrongPasswordsPauseThatAccountFromThatAddressWithDoublingDelays() {
        TestServer server = start(TestServer.Builder.defaults().trustProxy(true));
        String password = StaffClient.addUser(server, "pat@clinic.example", Role.STAFF, "demo");
        String otherPassword = StaffClient.addUser(server, "sam@clinic.example", Role.STAFF, "demo");
        StaffClient client = new StaffClient(server);
        String ip = "203.0.113.7";

        for (int i = 1; i <= 4; i++) {
            assertEquals(401, signInFrom(client, ip, "pat@clinic.example", "wrong password " + i).statusCode(), "attempt " + i);
        }
        HttpResponse<String> fifth = signInFrom(client, ip, "pat@clinic.example", "wrong password 5");
        assertEquals(429, fifth.statusCode());
        assertEquals("30", fifth.headers().firstValue("Retry-After").orElse(null));

        // Now even the right password waits, and the page says for how long.
        HttpResponse<String> blocked = signInFrom(client, ip, "pat@clinic.example", password);
        assertEquals(429, blocked.statusCode());
        assertEquals("30", blocked.headers().firstValue("Retry-After").orElse(null));
        assertTrue(blocked.body().contains("try again in 30 seconds"), blocked.body());
        assertEquals(List.of(), blocked.headers().allValues("Set-Cookie"));
        assertEquals(0, sessionCount(server));

        // The pause is for this account from this address only.
        assertEquals(303, signInFrom(new StaffClient(server), ip, "sam@clinic.example", otherPassword).statusCode(),
                "another account from the same address");
        assertEquals(303, signInFrom(new StaffClient(server), "198.51.100.4", "pat@clinic.example", password).statusCode(),
                "the same account from another address");

        clock.advance(Duration.ofSeconds(29));
        HttpResponse<String> stillBlocked = signInFrom(client, ip, "pat@clinic.example", password);
        assertEquals(429, stillBlocked.statusCode());
        assertEquals("1", stillBlocked.headers().firstValue("Retry-After").orElse(null));

        // Past the 30 s, one more wrong password doubles the pause.
        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> sixth = signInFrom(client, ip, "pat@clinic.example", "wrong password 6");
        assertEquals(429, sixth.statusCode());
        assertEquals("60", sixth.headers().firstValue("Retry-After").orElse(null));
        assertTrue(sixth.body().contains("try again in 60 seconds"), sixth.body());

        clock.advance(Duration.ofSeconds(61));
        assertEquals(303, signInFrom(client, ip, "pat@clinic.example", password).statusCode());
        // A success clears the count: the next mistake is an ordinary one again.
        assertEquals(401, signInFrom(new StaffClient(server), ip, "pat@clinic.example", "wrong password 7").statusCode());

        // Each step is in the audit log, with the address it came from; repeats of one minute are one row with a
        // count (issue 13): the six failures of 09:00, the two refusals, each sign-in, the failure of 09:01.
        List<Audit> rows = auditOf(server, "pat@clinic.example");
        assertEquals(List.of("staff.signInFailed", "staff.signInBlocked", "staff.signedIn", "staff.signedIn", "staff.signInFailed"),
                rows.stream().map(Audit::action).toList());
        assertEquals(List.of(ip, ip, "198.51.100.4", ip, ip), rows.stream().map(Audit::clientIp).toList());
        assertEquals(List.of(6, 2, 1, 1, 1), server.jdbi().withHandle(h -> h.createQuery(
                "SELECT repeat_count FROM audit_log WHERE actor_email = 'pat@clinic.example' ORDER BY id").mapTo(Integer.class).list()));
    }

    @Test
    void theDelayStartsAtThirtySecondsDoublesAndStopsAtFifteenMinutes() {
        assertEquals(Duration.ZERO, StaffService.delayAfter(1));
        assertEquals(Duration.ZERO, StaffService.delayAfter(4));
        assertEquals(Duration.ofSeconds(30), StaffService.delayAfter(5));
        assertEquals(Duration.ofSeconds(60), StaffService.delayAfter(6));
        assertEquals(Duration.ofMinutes(8), StaffService.delayAfter(9));
        assertEquals(Duration.ofMinutes(15), StaffService.delayAfter(10)); // 16 minutes, capped
        assertEquals(Duration.ofMinutes(15), StaffService.delayAfter(1_000));
    }

    // Ending sessions

    @Test
    void sixteenIdleMinutesEndTheSessionAndTheSignInPageSaysWhy() {
        TestServer server = start();
        StaffClient client = StaffClient.signedIn(server, "idle@clinic.example", Role.STAFF, "demo");
        String token = client.sessionCookie().orElseThrow();

        clock.advance(Duration.ofMinutes(16));
        HttpResponse<String> r = client.get(HOME);
        assertEquals(303, r.statusCode());
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads&ended=idle", location(r));
        assertEquals("0", onlyStaffCookie(r).get("max-age"), "the cookie is cleared");
        assertEquals(0, sessionCount(server), "the session row is gone");
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads", location(getWithToken(server, HOME, token)));
        assertTrue(actionsOf(server, "idle@clinic.example").contains("staff.signedOutIdle"));

        HttpResponse<String> page = client.get(location(r));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("You were signed out after a period without activity"), page.body());
    }

    @Test
    void activityWithinTheIdleTimeKeepsTheSessionAlive() {
        TestServer server = start();
        StaffClient client = StaffClient.signedIn(server, "busy@clinic.example", Role.STAFF, "demo");

        clock.advance(Duration.ofMinutes(10));
        assertEquals(200, client.get(HOME).statusCode());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(200, client.get(HOME).statusCode(), "20 minutes after sign-in, 10 after the last request");
        clock.advance(Duration.ofMinutes(15));
        assertEquals(200, client.get(HOME).statusCode(), "exactly the idle time is still allowed");

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        HttpResponse<String> r = client.get(HOME);
        assertEquals(303, r.statusCode());
        assertTrue(location(r).endsWith("&ended=idle"), location(r));
    }

    @Test
    void theIdleTimeIsTheShortestOfThePersonsClinics() {
        TestServer server = start();
        saveClinic(server, "quick-tms", 5);
        StaffClient both = StaffClient.signedIn(server, "both@clinic.example", Role.STAFF, "demo", "quick-tms");

        clock.advance(Duration.ofMinutes(5));
        assertEquals(200, both.get(HOME).statusCode());
        clock.advance(Duration.ofMinutes(6));
        HttpResponse<String> r = both.get(HOME);
        assertEquals(303, r.statusCode());
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads&ended=idle", location(r));
    }

    @Test
    void twelveHoursEndTheSessionHoweverActiveThePersonIs() {
        TestServer server = start();
        // A clinic with the longest idle time, so that a day of activity takes a dozen requests, not fifty.
        saveClinic(server, "slow-tms", Clinic.Dashboard.MAX_IDLE);
        StaffClient client = StaffClient.signedIn(server, "long-day@clinic.example", Role.STAFF, "slow-tms");

        // A request every 59 minutes, never idle, until a minute before the limit.
        for (int i = 0; i < 12; i++) { // to 11 h 48 min
            clock.advance(Duration.ofMinutes(59));
            assertEquals(200, client.get(HOME).statusCode(), "at " + clock.instant());
        }
        clock.advance(Duration.between(clock.instant(), START.plus(Duration.ofHours(12)).minus(Duration.ofMinutes(1))));
        assertEquals(200, client.get(HOME).statusCode(), "11 h 59 min after sign-in");

        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> r = client.get(HOME);
        assertEquals(303, r.statusCode());
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads&ended=expired", location(r));
        assertEquals("0", onlyStaffCookie(r).get("max-age"), "the cookie is cleared");
        assertEquals(0, sessionCount(server));
        assertTrue(actionsOf(server, "long-day@clinic.example").contains("staff.sessionExpired"));
        assertTrue(client.get(location(r)).body().contains("Your session reached its 12-hour limit."));
    }

    @Test
    void signingOutEndsTheSessionAndTheOldCookieNoLongerWorks() {
        TestServer server = start(TestServer.Builder.defaults().trustProxy(true));
        StaffClient client = StaffClient.signedIn(server, "leaving@clinic.example", Role.STAFF, "demo");
        String token = client.sessionCookie().orElseThrow();

        HttpResponse<String> out = client.postRaw("/staff/sign-out", form("_csrf", client.csrf()),
                "X-Forwarded-For", "192.0.2.44");
        assertEquals(303, out.statusCode());
        assertEquals("/staff/sign-in?ended=out", location(out));
        assertEquals("0", onlyStaffCookie(out).get("max-age"));
        assertEquals(Optional.empty(), client.sessionCookie());
        assertEquals(0, sessionCount(server));

        HttpResponse<String> replayed = getWithToken(server, HOME, token);
        assertEquals(303, replayed.statusCode());
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads", location(replayed));
        assertEquals(303, client.get(HOME).statusCode());

        List<Audit> rows = auditOf(server, "leaving@clinic.example");
        Audit last = rows.get(rows.size() - 1);
        assertEquals("staff.signedOut", last.action());
        assertEquals("192.0.2.44", last.clientIp());
        assertTrue(rows.stream().anyMatch(a -> a.action().equals("staff.signedIn")), rows.toString());
    }

    // Forged and cross-site forms

    @Test
    void aPostWithoutTheRightCsrfTokenOrFromAnotherSiteChangesNothing() {
        TestServer server = start();
        String leadId = createLead(server);
        StaffClient client = StaffClient.signedIn(server, "desk@clinic.example", Role.STAFF, "demo");
        String path = "/staff/leads/" + leadId + "/status";
        long auditRows = auditCount(server);

        List<HttpResponse<String>> refused = List.of(
                client.postRaw(path, form("status", "contacted")),
                client.postRaw(path, form("status", "contacted", "_csrf", "")),
                client.postRaw(path, form("status", "contacted", "_csrf", client.csrf() + "x")),
                client.postRaw(path, form("status", "contacted", "_csrf", client.csrf()), "Sec-Fetch-Site", "cross-site"),
                client.postRaw(path, form("status", "contacted", "_csrf", client.csrf()), "Origin", "https://evil.example"),
                client.postRaw("/staff/sign-out", form()));
        for (HttpResponse<String> r : refused) {
            assertEquals(403, r.statusCode(), r.request().toString());
            assertTrue(r.body().contains("This form could not be accepted"), r.body());
        }
        assertEquals("new", statusOf(server, leadId));
        assertEquals(auditRows, auditCount(server), "nothing was recorded either");
        assertEquals(1, sessionCount(server), "the forged sign-out did not sign anyone out");

        // The same form with the token, from the dashboard itself, goes through.
        HttpResponse<String> ok = client.postRaw(path, form("status", "contacted", "_csrf", client.csrf()),
                "Sec-Fetch-Site", "same-origin", "Origin", "http://localhost:" + server.port());
        assertEquals(303, ok.statusCode(), ok.body());
        assertEquals("contacted", statusOf(server, leadId));
    }

    @Test
    void aSignInFormPostedFromAnotherSiteIsRefused() {
        TestServer server = start();
        StaffClient client = new StaffClient(server);
        HttpResponse<String> r = client.postSignIn(form("email", "x@clinic.example", "password", "whatever it is"),
                "Sec-Fetch-Site", "cross-site");
        assertEquals(403, r.statusCode());
        assertEquals(List.of(), r.headers().allValues("Set-Cookie"));
        assertEquals(List.of(), auditOf(server, "x@clinic.example"), "not even counted as an attempt");
    }

    @Test
    void aSignInFormWithoutThisBrowsersTokenIsRefusedAndOffersAFreshForm() {
        TestServer server = start();
        String password = StaffClient.addUser(server, "tok@clinic.example", Role.STAFF, "demo");
        StaffClient client = new StaffClient(server);

        // No token at all (a form built elsewhere), then another browser's token: neither signs anyone in.
        HttpResponse<String> none = client.postRaw(SIGN_IN, form("email", "tok@clinic.example", "password", password));
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("This sign-in form had expired or did not come from this page."), none.body());
        assertTrue(none.body().contains("value=\"tok@clinic.example\""), "the email is kept");
        String othersToken = new StaffClient(server).signInToken();
        client.signInToken();
        HttpResponse<String> foreign = client.postRaw(SIGN_IN, form("email", "tok@clinic.example", "password", password,
                "_csrf", othersToken));
        assertEquals(400, foreign.statusCode());
        assertEquals(Optional.empty(), client.sessionCookie());
        assertEquals(0, sessionCount(server));
        assertEquals(List.of(), auditOf(server, "tok@clinic.example"), "not counted as an attempt");

        // The form it answers with carries this browser's token, and works.
        HttpResponse<String> retried = client.postRaw(SIGN_IN, form("email", "tok@clinic.example", "password", password,
                "_csrf", TestServer.hiddenField(foreign.body(), "_csrf")));
        assertEquals(303, retried.statusCode(), retried.body());
        assertTrue(client.sessionCookie().isPresent());
    }

    @Test
    void aFailedSignInWithSomethingThatIsNotAnEmailDoesNotWriteItToTheAuditLog() {
        TestServer server = start();
        StaffClient client = new StaffClient(server);
        assertEquals(401, client.signIn("MyS3cretPassw0rd!", "MyS3cretPassw0rd!").statusCode());
        List<String> logged = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT actor_email FROM audit_log WHERE action = 'staff.signInFailed'").mapTo(String.class).list());
        assertEquals(List.of("(not an email address)"), logged, "a password typed as the email is not kept for six years");
    }

    @Test
    void behindAProxyThatRewritesTheHostAFormFromThePublicUrlIsAccepted() {
        Config config = Config.fromEnv(Map.of(Config.PORT, "0", Config.DATA_DIR, tempDir.resolve("proxied").toString(),
                Config.BASE_URL, "https://consult.example.com"));
        App app = new App(config, Clock.systemUTC()).start();
        try {
            assertTrue(app.staff().addUser("px@clinic.example", Role.ADMIN, List.of(), "plum orchard lantern 47")
                    instanceof StaffService.AddUser.Saved);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://localhost:" + app.port();
            HttpResponse<String> page = send(http, HttpRequest.newBuilder(URI.create(base + SIGN_IN)).GET());
            java.util.function.Function<String, HttpResponse<String>> postFrom = origin -> send(http,
                    HttpRequest.newBuilder(URI.create(base + SIGN_IN))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", signInCookie(page))
                            .header("Origin", origin)
                            .POST(HttpRequest.BodyPublishers.ofString(body(form("email", "px@clinic.example",
                                    "password", "plum orchard lantern 47",
                                    "_csrf", TestServer.hiddenField(page.body(), "_csrf"))))));
            assertEquals(403, postFrom.apply("https://evil.example").statusCode(), "another site");
            assertEquals(303, postFrom.apply("https://consult.example.com").statusCode(),
                    "the public URL, though the request reached the server as localhost");
        } finally {
            app.stop();
        }
    }

    @Test
    void devModeCreatesADemoAdminOncePrintsItsPasswordOnceAndThePasswordWorks() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        TestServer server;
        try {
            server = start(TestServer.Builder.defaults().dev(true));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        Matcher printed = Pattern.compile(Pattern.quote(App.DEMO_ADMIN) + " with password (\\S+)").matcher(log);
        assertTrue(printed.find(), "the demo admin's password is printed at start: " + log);
        assertEquals(303, new StaffClient(server).signIn(App.DEMO_ADMIN, printed.group(1)).statusCode(), "and it signs in");
        String stored = server.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM staff_user WHERE email = :e")
                .bind("e", App.DEMO_ADMIN).mapTo(String.class).one());
        assertFalse(stored.contains(printed.group(1)), "only its hash is stored");
        assertTrue(stored.startsWith("$2"), "bcrypt: " + stored.substring(0, 4));

        // A second start on the same data creates nobody and prints no password again.
        captured.reset();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            servers.remove(server);
            server = server.restart(TestServer.Builder.defaults().dev(true));
            servers.add(server);
        } finally {
            System.setErr(original);
        }
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains("with password"), "shown once");
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM staff_user")
                .mapTo(Long.class).one()));

        // Without dev mode there is no demo account at all.
        TestServer production = start();
        assertEquals(0L, (long) production.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM staff_user")
                .mapTo(Long.class).one()));
    }

    // Where sign-in leads

    @Test
    void nextOnlyEverLeadsIntoTheDashboard() {
        TestServer server = start();
        String password = StaffClient.addUser(server, "nav@clinic.example", Role.STAFF, "demo");
        for (String evil : List.of("https://evil.example", "//evil.example")) {
            StaffClient client = new StaffClient(server);
            HttpResponse<String> r = client.postSignIn(form("email", "nav@clinic.example", "password", password,
                    "next", evil));
            assertEquals(303, r.statusCode());
            assertEquals(HOME, location(r), evil);
        }
        // The sign-in page never puts a foreign destination into its form.
        StaffClient client = new StaffClient(server);
        for (String evil : List.of("https://evil.example/staff/", "//evil.example/staff/", "/\\evil.example", "/demo",
                "/staff", "/staff/sign-in?next=//evil.example", "javascript:alert(1)")) {
            HttpResponse<String> page = client.get(SIGN_IN + "?next=" + java.net.URLEncoder.encode(evil, StandardCharsets.UTF_8));
            assertEquals(200, page.statusCode());
            assertEquals(HOME, TestServer.hiddenField(page.body(), "next"), evil);
        }
        // Signed in, the sign-in page forwards, and only into the dashboard.
        StaffClient signedIn = new StaffClient(server);
        assertEquals(303, signedIn.signIn("nav@clinic.example", password).statusCode());
        HttpResponse<String> forwarded = signedIn.get(SIGN_IN + "?next=%2F%2Fevil.example");
        assertEquals(303, forwarded.statusCode());
        assertEquals(HOME, location(forwarded));
    }

    @Test
    void aLinkToALeadFromAnEmailLeadsBackToThatLeadAfterSignIn() {
        TestServer server = start();
        String leadId = createLead(server);
        String password = StaffClient.addUser(server, "mail@clinic.example", Role.STAFF, "demo");
        StaffClient client = new StaffClient(server);

        HttpResponse<String> link = client.get("/staff/leads/" + leadId);
        assertEquals(303, link.statusCode());
        assertEquals("/staff/sign-in?next=%2Fstaff%2Fleads%2F" + leadId, location(link));

        HttpResponse<String> page = client.get(location(link));
        String next = TestServer.hiddenField(page.body(), "next");
        assertEquals("/staff/leads/" + leadId, next);
        HttpResponse<String> signedIn = client.postSignIn(form("email", "mail@clinic.example",
                "password", password, "next", next));
        assertEquals(303, signedIn.statusCode());
        assertEquals("/staff/leads/" + leadId, location(signedIn));
        HttpResponse<String> lead = client.get(location(signedIn));
        assertEquals(200, lead.statusCode());
        assertTrue(lead.body().contains("Jordan Rivera"), "the lead's page");
    }

    // Helpers

    /** A copy of the demo clinic under another slug, with its own idle logoff. */
    static void saveClinic(TestServer server, String slug, int idleMinutes) {
        Clinic demo = ClinicService.demoClinic();
        server.app().clinics().save(new Clinic(slug, demo.name(), demo.phone(), demo.hours(), demo.brandColor(),
                demo.offer(), demo.locale(), demo.privacyNoticeUrl(), demo.locations(), demo.allowedOrigins(),
                demo.recipients(), demo.questions(), new Clinic.Dashboard(idleMinutes, 15)));
    }

    static HttpResponse<String> signInFrom(StaffClient client, String ip, String email, String password) {
        return client.postSignIn(form("email", email, "password", password), "X-Forwarded-For", ip);
    }

    /** The sign-in form's cookie a sign-in page set, as a Cookie header value. */
    static String signInCookie(HttpResponse<String> page) {
        return page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("cd_signin="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError("no sign-in cookie"));
    }

    static HttpResponse<String> getWithToken(TestServer server, String path, String token) {
        return server.get(path, "Cookie", "cd_staff=" + token);
    }

    static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + r.statusCode()));
    }

    /** The one {@code cd_staff} Set-Cookie header, as name → value plus lower-cased attributes. */
    static Map<String, String> onlyStaffCookie(HttpResponse<?> r) {
        List<String> headers = r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("cd_staff=")).toList();
        assertEquals(1, headers.size(), "one cd_staff cookie: " + r.headers().allValues("Set-Cookie"));
        Map<String, String> out = new LinkedHashMap<>();
        String[] parts = headers.get(0).split(";");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            out.put(i == 0 ? key : key.toLowerCase(Locale.ROOT), eq < 0 ? "" : p.substring(eq + 1));
        }
        return out;
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static String body(Map<String, String> form) {
        return Leads.formBody(form);
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String createLead(TestServer server) {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        assertEquals(201, r.statusCode(), r.body());
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    static String statusOf(TestServer server, String leadId) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT status FROM lead WHERE id = :id")
                .bind("id", leadId).mapTo(String.class).one());
    }

    static long sessionCount(TestServer server) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM staff_session").mapTo(Long.class).one());
    }

    static long auditCount(TestServer server) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log").mapTo(Long.class).one());
    }

    record Audit(String action, String clientIp, String detail) {}

    static List<Audit> auditOf(TestServer server, String email) {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT action, client_ip, detail FROM audit_log WHERE actor_email = :email ORDER BY id")
                .bind("email", email)
                .map((rs, ctx) -> new Audit(rs.getString("action"), rs.getString("client_ip"), rs.getString("detail")))
                .list());
    }

    static List<String> actionsOf(TestServer server, String email) {
        return auditOf(server, email).stream().map(Audit::action).toList();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
