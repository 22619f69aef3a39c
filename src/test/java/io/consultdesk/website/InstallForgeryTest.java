package io.consultdesk.website;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
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
 * "Is it installed?" from loads anyone can send without signing in: the origin is whatever the request says, so
 * nothing in it is unforgeable. What one client address (as the rate limits see it, behind a trusted proxy here)
 * can record is limited, a clinic's refused sites per day are capped, the page presents them as information rather
 * than an instruction, with how many addresses asked, and old rows are purged.
 */
class InstallForgeryTest {
    static final Instant NOON = Instant.parse("2026-11-16T12:00:00Z");
    static final AtomicInteger PEOPLE = new AtomicInteger();
    static MutableClock clock;
    static TestServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(NOON);
        server = TestServer.start(TestServer.Builder.defaults().clock(clock).trustProxy(true));
        for (String slug : List.of("forged", "crowd", "wild", "counted", "informed", "purged")) {
            WebsitePageTest.clinic(server, slug, "https://" + slug + "-clinic.example", "https://*." + slug + "-clinic.example");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A load of the form framed on {@code host}, by a browser at {@code address} (the proxy's X-Forwarded-For). */
    static HttpResponse<String> load(String clinic, String host, String address) {
        return server.get("/embed/" + clinic + "?host=" + URLEncoder.encode(host, StandardCharsets.UTF_8),
                "Sec-Fetch-Dest", "iframe", "X-Forwarded-For", address);
    }

    static StaffClient person(Role role, String clinic) {
        return StaffClient.signedIn(server, role.code() + "-forgery" + PEOPLE.incrementAndGet() + "@clinic.example", role, clinic);
    }

    /** Opens the embed page (which writes the loads counted so far) and returns it. */
    static String embedPage(Role role, String clinic) {
        HttpResponse<String> r = person(role, clinic).get("/staff/clinics/" + clinic + "/embed");
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static List<Map<String, Object>> rows(String clinic, boolean allowed) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT origin, day, loads, addresses FROM embed_load"
                        + " WHERE clinic_slug = :c AND allowed = :a ORDER BY origin")
                .bind("c", clinic).bind("a", allowed).mapToMap().list());
    }

    static List<Object> origins(String clinic, boolean allowed) {
        return rows(clinic, allowed).stream().map(m -> m.get("origin")).toList();
    }

    /** The reviewer's attack: one address, 60 made-up sites. Three are recorded; a real refused site is still listed. */
    @Test
    void oneAddressRecordsAtMostThreeRefusedSitesADayAndARealOneIsStillListed() {
        for (int i = 0; i < 60; i++) {
            assertEquals(200, load("forged", "https://www.bright-harbor-official-" + i + ".example", "203.0.113.7").statusCode());
        }
        load("forged", "https://www.bright-harbor-official-0.example", "203.0.113.7"); // a site it has: counted
        load("forged", "https://staging.forged-partner.example", "198.51.100.20"); // a real visitor elsewhere
        String html = embedPage(Role.OWNER, "forged");
        assertEquals(List.of("https://staging.forged-partner.example", "https://www.bright-harbor-official-0.example",
                "https://www.bright-harbor-official-1.example", "https://www.bright-harbor-official-2.example"), origins("forged", false));
        assertEquals(2L, ((Number) rows("forged", false).get(1).get("loads")).longValue());
        assertTrue(html.contains("<code>https://staging.forged-partner.example</code>"), "the real refused site is listed");
        assertFalse(html.contains("bright-harbor-official-3"), "the rest of the made-up sites were never recorded");

        // The next day the address may record three more (the limits are per day).
        clock.advance(Duration.ofDays(1));
        try {
            for (int i = 60; i < 65; i++) {
                load("forged", "https://www.bright-harbor-official-" + i + ".example", "203.0.113.7");
            }
            embedPage(Role.OWNER, "forged");
            assertEquals(4 + 3, rows("forged", false).size());
        } finally {
            clock.advance(Duration.ofDays(-1));
        }
    }

    @Test
    void atMostTwentyRefusedSitesPerClinicAndDayWhateverTheNumberOfAddresses() {
        for (int a = 0; a < 10; a++) {
            for (int i = 0; i < 3; i++) {
                load("crowd", "https://made-up-" + a + "-" + i + ".example", "192.0.2." + (a + 1));
            }
        }
        load("crowd", "https://crowd-clinic.example", "192.0.2.99");
        embedPage(Role.OWNER, "crowd");
        assertEquals(20, rows("crowd", false).size());
        assertEquals(List.of("https://crowd-clinic.example"), origins("crowd", true), "the clinic's own site still counts");

        // Counted in memory again after the write: known sites add up, a new one stays out (the day has 20).
        load("crowd", "https://made-up-0-0.example", "192.0.2.1");
        load("crowd", "https://another-one.example", "192.0.2.200");
        embedPage(Role.OWNER, "crowd");
        assertEquals(20, rows("crowd", false).size());
        assertEquals(2L, rows("crowd", false).stream().filter(m -> m.get("origin").equals("https://made-up-0-0.example"))
                .map(m -> ((Number) m.get("loads")).longValue()).findFirst().orElseThrow());
    }

    /** A wildcard allows any subdomain, so anyone can make up allowed sites too: an address records at most five a day. */
    @Test
    void oneAddressRecordsAtMostFiveAllowedSitesADayAndEveryLoadOfThemCounts() {
        for (int i = 0; i < 8; i++) {
            load("wild", "https://made-up-" + i + ".wild-clinic.example", "203.0.113.50");
        }
        for (int i = 0; i < 4; i++) {
            load("wild", "https://made-up-0.wild-clinic.example", "203.0.113.50");
        }
        load("wild", "https://www.wild-clinic.example", "198.51.100.7"); // another visitor, on the real site
        embedPage(Role.OWNER, "wild");
        List<Map<String, Object>> allowed = rows("wild", true);
        assertEquals(6, allowed.size(), allowed.toString());
        assertEquals(5L, ((Number) allowed.get(0).get("loads")).longValue(), "made-up-0: every load of a recorded site");
        assertTrue(origins("wild", true).contains("https://www.wild-clinic.example"));
        assertFalse(origins("wild", true).contains("https://made-up-5.wild-clinic.example"));
    }

    @Test
    void eachSiteCountsTheAddressesItWasAskedForFromOnceADay() {
        load("counted", "https://copy.example", "198.51.100.1");
        load("counted", "https://copy.example", "198.51.100.1");
        load("counted", "https://copy.example", "198.51.100.2");
        load("counted", "https://copy.example", "198.51.100.3");
        load("counted", "https://counted-clinic.example", "198.51.100.1");
        load("counted", "https://counted-clinic.example", "198.51.100.1");
        embedPage(Role.OWNER, "counted");
        Map<String, Object> copy = rows("counted", false).get(0);
        assertEquals(4L, ((Number) copy.get("loads")).longValue());
        assertEquals(3L, ((Number) copy.get("addresses")).longValue());
        assertEquals(1L, ((Number) rows("counted", true).get(0).get("addresses")).longValue());

        // Written in two goes: an address already counted that day is not counted again.
        load("counted", "https://copy.example", "198.51.100.2");
        load("counted", "https://copy.example", "198.51.100.4");
        embedPage(Role.OWNER, "counted");
        assertEquals(4L, ((Number) rows("counted", false).get(0).get("addresses")).longValue());
    }

    /** The page words a refused site as information, not as an instruction, and without an alarm. */
    @Test
    void aRefusedSiteIsShownAsInformationWithTheAddressesItCameFrom() {
        for (int i = 0; i < 3; i++) {
            load("informed", "https://www.informed-clinic-official.example", "203.0.113.9");
        }
        load("informed", "https://partner.example", "198.51.100.31");
        load("informed", "https://partner.example", "198.51.100.32");
        String owner = embedPage(Role.OWNER, "informed");
        assertTrue(owner.contains("The form was asked for from these addresses, which are not in your allowed websites."), owner);
        assertTrue(owner.contains("If one is your website, add it in <a href=\"/staff/clinics/informed/settings/websites\">Settings → Websites</a>."));
        assertTrue(owner.contains("If you do not recognise it, ignore it: anyone can type an address."));
        String table = owner.substring(owner.indexOf("<table class=\"refused\""), owner.indexOf("</table>", owner.indexOf("<table class=\"refused\"")))
                .replaceAll(">\\s+<", "><");
        assertTrue(table.indexOf("https://partner.example") < table.indexOf("https://www.informed-clinic-official.example"),
                "the site asked for from more addresses first: " + table);
        assertTrue(table.contains("<th scope=\"row\"><code>https://partner.example</code></th><td class=\"num\">2</td><td class=\"num\">2</td>"), table);
        assertTrue(table.contains("<th scope=\"row\"><code>https://www.informed-clinic-official.example</code></th><td class=\"num\">3</td><td class=\"num\">1</td>"), table);
        assertFalse(owner.contains("class=\"warn refused\""), "no alarm");
        assertFalse(owner.contains("loaded the form"), "not the old warning");
        assertFalse(owner.contains("To show it there, add"), "not an instruction");

        String marketing = embedPage(Role.MARKETING, "informed");
        assertTrue(marketing.contains("If one is your website, ask an owner of the clinic to add it in Settings → Websites."));
        assertTrue(marketing.contains("If you do not recognise it, ignore it: anyone can type an address."));
        assertFalse(marketing.contains("/settings/websites"));
    }

    /** The housekeeping job purges rows older than 30 days (the page shows 14). */
    @Test
    void rowsOlderThanThirtyDaysArePurged() {
        load("purged", "https://purged-clinic.example", "198.51.100.40");
        load("purged", "https://elsewhere.example", "198.51.100.40");
        embedPage(Role.OWNER, "purged");
        MutableClock later = new MutableClock(NOON);
        InstallStats stats = new InstallStats(server.app().database(), server.app().clinics(), later);
        later.advance(Duration.ofDays(30));
        stats.purge();
        assertEquals(1, rows("purged", true).size(), "30 days old: kept");
        assertEquals(1, rows("purged", false).size());
        later.advance(Duration.ofDays(1));
        stats.purge();
        assertEquals(0, rows("purged", true).size(), "31 days old: purged");
        assertEquals(0, rows("purged", false).size());
    }
}
