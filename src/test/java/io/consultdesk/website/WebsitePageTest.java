package io.consultdesk.website;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clinic's embed page and its sample host page over HTTP, as each role meets them, and the counting of the
 * form's loads per embedding site behind "Is it installed?". The server's clock stands still (moved by hand),
 * so days and the 12 weeks of requests are fixed.
 */
class WebsitePageTest {
    static final Instant NOON = Instant.parse("2026-11-16T12:00:00Z");
    static final AtomicInteger PEOPLE = new AtomicInteger();
    static MutableClock clock;
    static TestServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(NOON);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        for (String slug : List.of("other", "harbor", "sources")) {
            clinic(server, slug, "https://" + slug + "-clinic.example", "https://*." + slug + "-clinic.example");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A clinic like the demo one, under another slug, shown on the given sites. */
    static void clinic(TestServer on, String slug, String... origins) {
        Clinic d = ClinicService.demoClinic();
        on.app().clinics().save(new Clinic(slug, "Clinic " + slug, d.phone(), d.hours(), d.brandColor(), d.offer(), d.locale(),
                d.privacyNoticeUrl(), d.locations(), List.of(origins), d.recipients(), d.questions(), d.dashboard(), d.booking()));
    }

    /** A new person, signed in, with this role in these clinics (an admin: in none). */
    static StaffClient person(Role role, String... clinics) {
        return StaffClient.signedIn(server, role.code() + PEOPLE.incrementAndGet() + "@clinic.example", role, clinics);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String origin() {
        return "http://localhost:" + server.port();
    }

    /** A load of the form as a browser makes it when the loader frames it on {@code host}. */
    static HttpResponse<String> load(String clinic, String host) {
        return server.get("/embed/" + clinic + "?host=" + enc(host), "Sec-Fetch-Dest", "iframe");
    }

    static List<Map<String, Object>> loads(TestServer on, String clinic) {
        return on.jdbi().withHandle(h -> h.createQuery("SELECT origin, day, allowed, loads, last_at FROM embed_load"
                + " WHERE clinic_slug = :c ORDER BY day, allowed DESC, origin").bind("c", clinic).mapToMap().list());
    }

    // --- who opens the page ---

    @Test
    void ownersMarketingAndAdminsOpenTheEmbedPageWithTheSnippetsForThisServer() {
        for (StaffClient who : List.of(person(Role.OWNER, "demo"), person(Role.MARKETING, "demo"), person(Role.ADMIN))) {
            HttpResponse<String> r = who.get("/staff/clinics/demo/embed");
            assertEquals(200, r.statusCode());
            String html = r.body();
            // The snippets, escaped once for the page (the text box shows them as they are to be pasted).
            assertTrue(html.contains("&lt;script src=\"" + origin() + "/widget.js\" data-clinic=\"demo\" async&gt;&lt;/script&gt;"),
                    "inline snippet for the public URL");
            assertTrue(html.contains("data-mode=\"button\" data-label=\"Request a free consultation\""
                    + " data-position=\"bottom-right\" data-color=\"#2f6f73\""), "the button, in the clinic's colour");
            assertTrue(html.contains("data-mode=\"dialog\"") && html.contains("data-consultdesk-open"), "the dialog and its opener");
            assertTrue(html.contains(">" + origin() + "/embed/demo</textarea>"), "the plain link's address");
            assertTrue(html.contains("script-src " + origin() + "\nframe-src " + origin()), "the CSP lines");
            assertTrue(html.contains("<textarea id=\"snippet-inline\" class=\"code\" rows=\"3\" readonly"));
            assertTrue(html.contains("src=\"/static/staff.js?v="), "the copy buttons' script");
            assertTrue(html.contains("data-copy=\"snippet-inline\" data-copied=\"Copied\"") && html.contains("to copy\" hidden>Copy</button>"),
                    "the copy button shows only with the script; without it the box is selected by hand");
            assertTrue(html.contains("aria-current=\"page\">Clinics</a>"), "the clinics entry of the navigation");
            for (String mode : List.of("inline", "button", "dialog", "link")) {
                assertTrue(html.contains("<iframe src=\"/staff/clinics/demo/embed/sample?mode=" + mode), "preview of " + mode);
            }
            for (String platform : List.of("WordPress", "Squarespace", "Wix", "Webflow", "Google Tag Manager")) {
                assertTrue(html.contains("<summary>" + platform + "</summary>"), platform);
            }
            assertTrue(html.contains("*.filesusr.com"));
            assertTrue(html.contains("data-target=\"consultdesk-form\""), "the tag manager's snippet");
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe"), csp);
        }
    }

    @Test
    void theSettingsAndTeamTabsAreForThoseWhoManageTheClinic() {
        for (StaffClient manager : List.of(person(Role.OWNER, "demo"), person(Role.ADMIN))) {
            String html = manager.get("/staff/clinics/demo/embed").body();
            assertTrue(html.contains("href=\"/staff/clinics/demo/settings\"") && html.contains("href=\"/staff/clinics/demo/team\""));
            assertTrue(html.contains("href=\"/staff/clinics/demo/embed\" aria-current=\"page\">Embed on your website</a>"));
        }
        String marketing = person(Role.MARKETING, "demo").get("/staff/clinics/demo/embed").body();
        assertFalse(marketing.contains("/staff/clinics/demo/settings"), "no settings link for marketing");
        assertFalse(marketing.contains("/staff/clinics/demo/team"));
        assertTrue(marketing.contains("href=\"/staff/clinics/demo/embed\" aria-current=\"page\">Embed on your website</a>"));
    }

    @Test
    void staffOfTheClinicGet403() {
        StaffClient staff = person(Role.STAFF, "demo");
        for (String path : List.of("/staff/clinics/demo/embed", "/staff/clinics/demo/embed/sample?mode=inline")) {
            HttpResponse<String> r = staff.get(path);
            assertEquals(403, r.statusCode(), path);
            assertTrue(r.body().contains("Your role does not open this page"), path);
        }
    }

    @Test
    void peopleOfAnotherClinicGet404AsIfItDidNotExist() {
        for (Role role : List.of(Role.OWNER, Role.STAFF, Role.MARKETING)) {
            StaffClient elsewhere = person(role, "other");
            assertEquals(role == Role.STAFF ? 403 : 200, elsewhere.get("/staff/clinics/other/embed").statusCode(), "their own clinic");
            for (String path : List.of("/staff/clinics/demo/embed", "/staff/clinics/demo/embed/sample?mode=inline",
                    "/staff/clinics/demo/embed/sample?mode=link", "/staff/clinics/no-such-clinic/embed")) {
                HttpResponse<String> r = elsewhere.get(path);
                assertEquals(404, r.statusCode(), role + " " + path);
                assertFalse(r.body().contains("Bright Harbor"), "nothing of the clinic on " + path);
            }
        }
    }

    @Test
    void withoutASessionThePageLeadsToSignIn() {
        HttpResponse<String> r = server.get("/staff/clinics/demo/embed");
        assertEquals(303, r.statusCode());
        assertTrue(r.headers().firstValue("Location").orElse("").startsWith("/staff/sign-in?next="));
    }

    // --- the button's choices ---

    @Test
    void theButtonsLabelIsEscapedAndAColourThatIsNotRrggbbIsRefused() {
        StaffClient owner = person(Role.OWNER, "demo");
        String hostile = "\"><script>alert(1)</script>";
        String html = owner.get("/staff/clinics/demo/embed?label=" + enc(hostile) + "&position=bottom-left&color=%23AA3300").body();
        assertTrue(html.contains("data-label=\"&amp;quot;&amp;gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;\""
                + " data-position=\"bottom-left\" data-color=\"#aa3300\""), "escaped in the snippet, then for the page");
        assertFalse(html.contains("<script>alert(1)"), "never markup on the page");
        assertTrue(html.contains("value=\"bottom-left\" checked"));
        assertTrue(html.contains("sample?mode=button&amp;label=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;position=bottom-left&amp;color=%23aa3300"),
                "the preview shows the same choices");

        String bad = owner.get("/staff/clinics/demo/embed?label=" + "x".repeat(41) + "&color=red").body();
        assertTrue(bad.contains("The words must be 1 to 40 characters on one line"), "label too long");
        assertTrue(bad.contains("A colour is written as # and six hexadecimal digits"), "colour refused");
        assertTrue(bad.contains("data-label=\"Request a free consultation\" data-position=\"bottom-right\" data-color=\"#2f6f73\""),
                "the snippet keeps the defaults");
        assertFalse(bad.contains("data-color=\"red"));
    }

    // --- the sample host page ---

    @Test
    void theSamplePageCarriesTheRealSnippetUnderAStrictPolicyFramedOnlyByTheServer() {
        StaffClient marketing = person(Role.MARKETING, "demo");
        HttpResponse<String> r = marketing.get("/staff/clinics/demo/embed/sample?mode=inline");
        assertEquals(200, r.statusCode());
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertEquals("default-src 'none'; script-src " + origin() + "; frame-src " + origin() + "; style-src 'self'; img-src 'self';"
                + " base-uri 'none'; form-action 'none'; frame-ancestors 'self'", csp);
        assertEquals("SAMEORIGIN", r.headers().firstValue("X-Frame-Options").orElse(null));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(r.body().contains("<script src=\"" + origin() + "/widget.js\" data-clinic=\"demo\" async></script>\n"
                + "<noscript><a href=\"" + origin() + "/embed/demo\">Request a free consultation</a></noscript>"), r.body());
        assertFalse(r.body().contains("<script>"), "no inline script");
        assertFalse(r.body().contains(" style=\""), "no style attribute");

        String button = marketing.get("/staff/clinics/demo/embed/sample?mode=button&label=" + enc("\"><img src=x>")
                + "&position=bottom-left&color=%23112233").body();
        assertTrue(button.contains("<script src=\"" + origin() + "/widget.js\" data-clinic=\"demo\" data-mode=\"button\""
                + " data-label=\"&quot;&gt;&lt;img src=x&gt;\" data-position=\"bottom-left\" data-color=\"#112233\" async></script>"), button);
        assertFalse(button.contains("<img"));
        String dialog = marketing.get("/staff/clinics/demo/embed/sample?mode=dialog").body();
        assertTrue(dialog.contains("data-mode=\"dialog\" async></script>"));
        assertTrue(dialog.contains("<button type=\"button\" data-consultdesk-open>Request a free consultation</button>"));
        String link = marketing.get("/staff/clinics/demo/embed/sample?mode=link").body();
        assertTrue(link.contains("<a href=\"" + origin() + "/embed/demo\">Request a free consultation</a>"));
        assertFalse(link.contains("widget.js"), "the plain link needs no script");
        assertTrue(marketing.get("/staff/clinics/demo/embed/sample?mode=nonsense").body().contains("data-clinic=\"demo\" async></script>"),
                "an unknown mode shows the form in the page");
    }

    @Test
    void theSampleUsesTheOriginTheBrowserReached() {
        StaffClient owner = person(Role.OWNER, "demo");
        // The same server reached by its other loopback name: the snippet, and what the policy allows, follow.
        var r = owner.get("/staff/clinics/demo/embed/sample?mode=inline");
        assertTrue(r.body().contains(origin() + "/widget.js"));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + server.port() + "/staff/clinics/demo/embed/sample?mode=inline"))
                .header("Cookie", "cd_staff=" + owner.sessionCookie().orElseThrow()).GET();
        HttpResponse<String> other = server.send(request);
        assertEquals(200, other.statusCode());
        assertTrue(other.body().contains("<script src=\"http://127.0.0.1:" + server.port() + "/widget.js\""), other.body());
        assertTrue(other.headers().firstValue("Content-Security-Policy").orElseThrow()
                .contains("script-src http://127.0.0.1:" + server.port() + ";"));
    }

    // --- is it installed? ---

    @Test
    void loadsAreCountedPerSiteAndDayWithNoPathAndARefusedSiteIsListedAsInformation() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, load("harbor", "https://harbor-clinic.example").statusCode());
        }
        load("harbor", "https://WWW.Harbor-Clinic.example:443"); // a subdomain the pattern allows, normalised
        load("harbor", "https://copycat.example");
        load("harbor", "https://copycat.example");
        // Not counted: a page path, not a bare origin, not a frame, the server's own preview, a post, no host.
        load("harbor", "https://clinic.example/some/page");
        load("harbor", "https://clinic.example?utm_source=x");
        load("harbor", "javascript:alert(1)");
        load("harbor", "https://user@clinic.example");
        server.get("/embed/harbor?host=" + enc("https://harbor-clinic.example"), "Sec-Fetch-Dest", "document");
        load("harbor", origin());
        server.post("/embed/harbor?host=" + enc("https://harbor-clinic.example"), "application/x-www-form-urlencoded", "name=x");
        server.get("/embed/harbor");
        load("no-such-clinic", "https://harbor-clinic.example");
        assertEquals(List.of(), loads(server, "harbor"), "nothing is written on a page load");

        StaffClient owner = person(Role.OWNER, "harbor");
        String html = owner.get("/staff/clinics/harbor/embed").body();
        List<Map<String, Object>> rows = loads(server, "harbor");
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(List.of("https://harbor-clinic.example", "https://www.harbor-clinic.example", "https://copycat.example"),
                rows.stream().map(m -> m.get("origin")).toList());
        assertEquals(List.of(3L, 1L, 2L), rows.stream().map(m -> ((Number) m.get("loads")).longValue()).toList());
        assertEquals(List.of(1L, 1L, 0L), rows.stream().map(m -> ((Number) m.get("allowed")).longValue()).toList());
        assertTrue(rows.stream().allMatch(m -> m.get("day").equals("2026-11-16")), rows.toString());
        assertEquals(NOON.toEpochMilli(), ((Number) rows.get(0).get("last_at")).longValue());

        assertTrue(html.contains("Installed: the form was loaded 4 times from your websites in the last 14 days."), html);
        assertTrue(html.contains("<code>https://harbor-clinic.example</code>"));
        assertTrue(html.contains("<code>https://www.harbor-clinic.example</code> <span class=\"sub\">allowed as https://*.harbor-clinic.example</span>"));
        assertTrue(html.contains("Nov 16, 2026, 4:00 AM PST"));
        assertTrue(html.replaceAll(">\\s+<", "><").contains("<th scope=\"row\"><code>https://copycat.example</code></th>"
                + "<td class=\"num\">2</td><td class=\"num\">1</td>"), "asked for twice, from one network address: " + html);
        assertTrue(html.contains("If one is your website, add it in <a href=\"/staff/clinics/harbor/settings/websites\">Settings → Websites</a>."));
        assertFalse(html.contains("some/page") || html.contains("user@"), "no path, nothing else of what was sent");
        String marketing = person(Role.MARKETING, "harbor").get("/staff/clinics/harbor/embed").body();
        assertTrue(marketing.contains("<code>https://copycat.example</code>"));
        assertTrue(marketing.contains("If one is your website, ask an owner of the clinic to add it in Settings → Websites."));
        assertFalse(marketing.contains("/settings/websites"), "marketing cannot open the settings");

        // The next day: its own count; the chart shows both days, the last time moves on.
        clock.advance(Duration.ofDays(1));
        try {
            load("harbor", "https://harbor-clinic.example");
            String next = person(Role.OWNER, "harbor").get("/staff/clinics/harbor/embed").body();
            List<Map<String, Object>> after = loads(server, "harbor");
            assertEquals(4, after.size());
            assertEquals("2026-11-17", after.get(3).get("day"));
            assertEquals(1L, ((Number) after.get(3).get("loads")).longValue());
            assertTrue(next.contains("Installed: the form was loaded 5 times"), "14 days, both counted");
            assertTrue(next.contains("Mon 16 Nov: 3; Tue 17 Nov: 1"), "per day, for screen readers too");
            assertTrue(next.contains("Nov 17, 2026, 4:00 AM PST"));
        } finally {
            clock.advance(Duration.ofDays(-1));
        }
    }

    @Test
    void aSiteAllowedSinceIsNoLongerListed() {
        clinic(server, "later", "https://later-clinic.example");
        load("later", "https://new-site.example");
        assertTrue(person(Role.OWNER, "later").get("/staff/clinics/later/embed").body().contains("<code>https://new-site.example</code>"));
        clinic(server, "later", "https://later-clinic.example", "https://new-site.example");
        String html = person(Role.OWNER, "later").get("/staff/clinics/later/embed").body();
        assertFalse(html.contains("Addresses not in your allowed websites"), html);
        assertTrue(html.contains("Not seen yet: the form has not been loaded from any of your websites"), "a refused load is not an install");
    }

    @Test
    void loadsCountedInMemoryAreKeptWhenTheServerStops() {
        TestServer own = TestServer.start();
        try {
            own.get("/embed/demo?host=" + enc("http://localhost:8080"), "Sec-Fetch-Dest", "iframe");
            own.get("/embed/demo?host=" + enc("http://localhost:8080"));
            own.get("/embed/demo?host=" + enc("https://elsewhere.example"), "Sec-Fetch-Dest", "iframe");
            assertEquals(List.of(), loads(own, "demo"), "not written yet");
            own = own.restart(TestServer.Builder.defaults());
            List<Map<String, Object>> rows = loads(own, "demo");
            assertEquals(List.of("http://localhost:8080", "https://elsewhere.example"), rows.stream().map(m -> m.get("origin")).toList());
            assertEquals(List.of(2L, 1L), rows.stream().map(m -> ((Number) m.get("loads")).longValue()).toList());
        } finally {
            own.close();
        }
    }

    /**
     * Days are the clinic's calendar days and times its clock, in the zone of its first location (Los Angeles for
     * the demo clinic), named on the page: a load at 23:30 there is on that day, though it is the next day in UTC.
     */
    @Test
    void daysAndTimesAreInTheClinicsTimeZoneAlsoNearMidnight() {
        MutableClock late = new MutableClock(Instant.parse("2026-11-17T07:30:00Z")); // Mon 16 Nov, 23:30 in Los Angeles
        TestServer own = TestServer.start(TestServer.Builder.defaults().clock(late));
        try {
            String framed = "/embed/demo?host=" + enc("http://localhost:8080");
            own.get(framed, "Sec-Fetch-Dest", "iframe");
            own.get("/embed/demo?host=" + enc("https://elsewhere.example"), "Sec-Fetch-Dest", "iframe");
            late.advance(Duration.ofHours(1)); // Tue 17 Nov, 00:30 there; still the 17th in UTC
            own.get(framed, "Sec-Fetch-Dest", "iframe");
            own.get(framed, "Sec-Fetch-Dest", "iframe");
            String html = StaffClient.signedIn(own, "owner-zone@clinic.example", Role.OWNER, "demo").get("/staff/clinics/demo/embed").body();

            List<Map<String, Object>> rows = loads(own, "demo");
            assertEquals(List.of("2026-11-16", "2026-11-16", "2026-11-17"), rows.stream().map(m -> m.get("day")).toList(), rows.toString());
            assertEquals(List.of(1L, 1L, 2L), rows.stream().map(m -> ((Number) m.get("loads")).longValue()).toList());
            String installed = html.substring(html.indexOf("id=\"installed\""), html.indexOf("id=\"sources\""));
            assertTrue(installed.contains("Mon 16 Nov: 1; Tue 17 Nov: 2"), "per day of the clinic: " + installed);
            assertTrue(installed.contains("From Wed 4 Nov to Tue 17 Nov"), "14 days ending on the clinic's today");
            assertTrue(installed.contains(">Nov 17, 2026, 12:30 AM PST</time>"), "the last load on the clinic's clock");
            assertTrue(installed.contains(">Nov 16, 2026, 11:30 PM PST</time>"), "the refused site's last time too");
            assertTrue(installed.contains("Days and times are in Pacific Time (America/Los_Angeles), the time zone of the clinic’s"
                    + " first location, Los Angeles."), "the zone is named");
            assertFalse(installed.contains("UTC"), "no UTC left on the section");
        } finally {
            own.close();
        }
    }

    // --- requests by source ---

    @Test
    void requestsAreCountedBySourceWithoutTestsOldOnesOrAnyName() {
        String[][] leads = {
                {"google", "cpc", "spring"}, {"google", "cpc", "spring"}, {"google", "cpc", "spring"},
                {"newsletter", "email", null}, {null, null, null}, {"", "", ""},
                {"google", "cpc", "spring"}, // a test request
                {"facebook", "social", "old"}, // 13 weeks ago
                {"google", "cpc", "spring"}, {"google", "cpc", "spring"},
        };
        for (int i = 0; i < leads.length; i++) {
            HttpResponse<String> r = server.postJson("/api/v1/clinics/sources/leads",
                    Leads.validJson().replace("Jordan Rivera", "Person Number" + i).replace("\"location\": \"beverly-hills\"",
                            "\"location\": \"los-angeles\""));
            assertEquals(201, r.statusCode(), r.body());
            String id = r.body().replaceAll("^.*\"id\"\\s*:\\s*\"([^\"]+)\".*$", "$1");
            String[] utm = leads[i];
            int test = i == 6 ? 1 : 0;
            long created = i == 7 ? NOON.minus(Duration.ofDays(91)).toEpochMilli() : NOON.toEpochMilli();
            server.jdbi().useHandle(h -> h.createUpdate("UPDATE lead SET utm_source = :s, utm_medium = :m, utm_campaign = :c,"
                    + " test = :t, created_at = :at WHERE id = :id").bind("s", utm[0]).bind("m", utm[1]).bind("c", utm[2])
                    .bind("t", test).bind("at", created).bind("id", id).execute());
        }
        String html = person(Role.MARKETING, "sources").get("/staff/clinics/sources/embed").body()
                .replaceAll(">\\s+<", "><").replace("<span class=\"none\">(none)</span>", "(none)");
        assertTrue(html.contains("<tr><td>google</td><td>cpc</td><td>spring</td><td class=\"num\">5</td></tr>"), html);
        // Absent or empty (2) and the newsletter (1): fewer than 5 requests each, summed.
        assertTrue(html.contains("<tr class=\"other\"><th scope=\"row\" colspan=\"3\">Other campaigns (fewer than 5 requests each)</th>"
                + "<td class=\"num\">3</td></tr>"), html);
        assertFalse(html.contains("newsletter"), "a campaign of one request is not listed");
        assertFalse(html.contains("facebook"), "older than 12 weeks");
        assertTrue(html.contains("Total</th><td class=\"num\">8</td>"), "the test request is not counted");
        assertFalse(html.contains("Person Number"), "never a name");
        assertFalse(html.contains("jordan@example.com") || html.contains("555-0199"), "never a contact detail");
        assertFalse(html.contains("/staff/leads/"), "never a link to a request");
    }
}
