package io.consultdesk.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The iframe's form as a browser without JavaScript uses it: plain GET and POST. */
class EmbedFormTest {
    static final String HOST = "http://localhost:8080";
    static final String PAGE = Leads.FORM_PAGE;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        server.clearLeads();
    }

    static String hidden(String html, String name) {
        return TestServer.hiddenField(html, name);
    }

    static Map<String, String> validForm(String html) {
        return Leads.validForm(html);
    }

    static String encode(Map<String, String> form) {
        return Leads.formBody(form);
    }

    static HttpResponse<String> submit(TestServer s, String body) {
        return s.post(PAGE, "application/x-www-form-urlencoded", body);
    }

    @Test
    void theFormShowsTheClinicAndTheEmergencyNotice() {
        HttpResponse<String> r = server.get(PAGE);
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("Bright Harbor Ketamine &amp; TMS"));
        assertTrue(html.contains("Free consultation · intake fee waived for new patients"));
        assertTrue(html.contains("This form is not monitored 24/7. It is not for emergencies."));
        assertTrue(html.contains("href=\"tel:988\""));
        assertTrue(html.contains("href=\"sms:988\""));
        assertTrue(html.contains("href=\"sms:741741?body=HOME\""));
        assertTrue(html.contains("href=\"tel:911\""));
        assertTrue(html.contains("I need help now"));
        assertTrue(html.contains("data-host-origin=\"" + HOST + "\""));
        // Both locations offered, consent boxes unticked by default.
        assertTrue(html.contains("value=\"los-angeles\"") && html.contains("value=\"beverly-hills\""));
        assertFalse(Pattern.compile("name=\"consent\"[^>]*checked").matcher(html).find());
        assertFalse(Pattern.compile("name=\"smsConsent\"[^>]*checked").matcher(html).find());
        // No inline script or style attribute anywhere (the CSP would block them).
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains(" style=\""));
    }

    @Test
    void theIframePageHasAStrictPolicyFramedOnlyByAllowedSites() {
        HttpResponse<String> r = server.get(PAGE);
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.startsWith("default-src 'self'; script-src 'self'; style-src 'self' 'sha256-"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.endsWith("frame-ancestors http://127.0.0.1:* http://localhost:*"), csp);
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertTrue(r.headers().firstValue("X-Frame-Options").isEmpty(), "frame-ancestors decides, not X-Frame-Options");
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty(), "the widget sets no cookie");
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void theThemeStyleBlockMatchesItsCspHash() {
        HttpResponse<String> r = server.get(PAGE);
        Matcher style = Pattern.compile("<style>([^<]*)</style>").matcher(r.body());
        assertTrue(style.find());
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains(BrandTheme.cspHash(style.group(1))));
        assertTrue(style.group(1).contains("--brand:#2f6f73"));
    }

    @Test
    void aHostThatIsNotAllowedGetsNoMessagesFromTheFrame() {
        String html = server.get("/embed/demo?host=" + URLEncoder.encode("https://evil.example", StandardCharsets.UTF_8)).body();
        assertFalse(html.contains("data-host-origin"));
        assertFalse(html.contains("evil.example"));
    }

    @Test
    void aPlainPostStoresTheLeadAndShowsThanks() {
        String form = server.get(PAGE).body();
        HttpResponse<String> r = submit(server, encode(validForm(form)));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Thank you. We have your request."));
        assertTrue(r.body().contains("(310) 555-0142"));
        assertFalse(r.body().contains("Casey"), "the thank-you page repeats no answer");
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors"));
        Map<String, Object> lead = server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM lead").mapToMap().one());
        assertEquals("widget", lead.get("source"));
        assertEquals("Casey Morgan", lead.get("name"));
        assertEquals("ketamine", lead.get("interest"));
        assertEquals("America/New_York", lead.get("time_zone"));
        assertEquals("{\"struggles\":false,\"symptoms\":false,\"medications\":false,\"therapy\":false,\"suggested\":false}",
                lead.get("tms_checklist"));
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM lead_consent WHERE kind = 'privacy'").mapTo(Long.class).one()));
    }

    @Test
    void sendingTheSameFormTwiceStoresOneLead() {
        String body = encode(validForm(server.get(PAGE).body()));
        assertEquals(200, submit(server, body).statusCode());
        HttpResponse<String> again = submit(server, body);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("Thank you."));
        assertEquals(1, server.leadCount());
    }

    @Test
    void errorsAreShownNextToTheirFieldsAndEveryAnswerIsKept() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        f.put("email", "casey@");
        f.remove("consent");
        f.put("conditions", "anxiety");
        HttpResponse<String> r = submit(server, encode(f));

        assertEquals(422, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("<p class=\"cd-error\" id=\"f-email-error\">Please enter an email address like name@example.com.</p>"), html);
        assertTrue(html.contains("<p class=\"cd-error\" id=\"f-consent-error\">Please tick the box to agree"), html);
        assertTrue(Pattern.compile("id=\"f-email\"[^>]*value=\"casey@\"[^>]*aria-invalid=\"true\"").matcher(html).find(), "email kept and marked");
        assertTrue(html.contains("aria-describedby=\"f-email-error\""));
        assertTrue(html.contains("value=\"Casey Morgan\""), "name kept");
        assertTrue(html.contains(">Evenings, please.</textarea>"), "message kept");
        assertTrue(Pattern.compile("value=\"ketamine\" required checked").matcher(html).find(), "radio kept");
        assertTrue(Pattern.compile("value=\"anxiety\" checked").matcher(html).find(), "checkbox kept");
        assertTrue(html.contains("role=\"alert\""));
        assertTrue(html.contains("Please check these 2 answers:"));
        assertTrue(html.contains("<a href=\"#f-email\">"));
        assertEquals(hidden(html, "submissionKey"), f.get("submissionKey"), "a fixed form resubmits under the same key");
        assertEquals(0, server.leadCount());
    }

    @Test
    void theHoneypotStopsBotsWithAClearMessage() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        f.put("contact_me_by_fax_only", "http://spam.example");
        HttpResponse<String> r = submit(server, encode(f));
        assertEquals(422, r.statusCode());
        assertTrue(r.body().contains("a hidden field was filled in"));
        assertTrue(r.body().contains("value=\"Casey Morgan\""), "a person who tripped it loses nothing");
        assertFalse(r.body().contains("spam.example"));
        assertEquals(0, server.leadCount());
    }

    @Test
    void aForgedOrMissingStartTokenIsTooFast() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        f.put("started", "1.forged");
        HttpResponse<String> r = submit(server, encode(f));
        assertEquals(422, r.statusCode());
        assertTrue(r.body().contains("That was quick!"));
        assertEquals(0, server.leadCount());
    }

    @Test
    void sendingFasterThanAPersonCanIsRefusedThenAcceptedAfterAMoment() {
        var clock = new io.consultdesk.support.MutableClock(java.time.Instant.parse("2026-11-23T17:00:00Z"));
        try (TestServer slow = TestServer.start(TestServer.Builder.defaults().minFillTime(Duration.ofSeconds(3)).clock(clock))) {
            Map<String, String> f = validForm(slow.get(PAGE).body());
            clock.advance(Duration.ofSeconds(1));
            HttpResponse<String> tooFast = submit(slow, encode(f));
            assertEquals(422, tooFast.statusCode());
            assertTrue(tooFast.body().contains("That was quick! Please check your answers, then press the button again."));
            assertTrue(tooFast.body().contains("value=\"Casey Morgan\""));

            f.put("started", hidden(tooFast.body(), "started"));
            clock.advance(Duration.ofSeconds(4));
            assertEquals(200, submit(slow, encode(f)).statusCode());
            assertEquals(1, slow.leadCount());
        }
    }

    @Test
    void aPersonOverTheLimitIsToldWhenToTryAgain() {
        try (TestServer limited = TestServer.start(TestServer.Builder.defaults().rateLimitPerHour(1))) {
            assertEquals(200, submit(limited, encode(validForm(limited.get(PAGE).body()))).statusCode());
            HttpResponse<String> r = submit(limited, encode(validForm(limited.get(PAGE).body())));
            assertEquals(429, r.statusCode());
            assertTrue(r.body().contains("Too many requests have been sent from your connection in the last hour."), r.body());
            assertTrue(r.body().contains("call us at (310) 555-0142"));
            assertTrue(r.body().contains("value=\"Casey Morgan\""));
            assertNotNull(r.headers().firstValue("Retry-After").orElse(null));
            assertEquals(1, limited.leadCount());
        }
    }

    @Test
    void tickingThoughtsOfSuicideShowsCrisisHelpOnTheNextPage() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        String body = encode(f) + "&conditions=suicidalThoughts";
        HttpResponse<String> r = submit(server, body);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("class=\"cd-crisis cd-crisis--open\""), "crisis panel open on the thank-you page");
        assertEquals(1, server.leadCount());
    }

    @Test
    void helpLinkOpensThePanelWithoutLosingTheForm() {
        String html = server.get(PAGE).body();
        assertTrue(html.contains("<a class=\"cd-help\" href=\"#crisis\" data-crisis-open>"), "an in-page link: nothing typed is lost");
        assertTrue(html.contains("<section id=\"crisis\" class=\"cd-crisis\""));
        assertTrue(server.get(PAGE + "&help=1").body().contains("class=\"cd-crisis cd-crisis--open\""));
    }

    @Test
    void anUnknownClinicIsAFriendly404() {
        HttpResponse<String> r = server.get("/embed/nope");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("This consultation form is not available"));
        assertTrue(r.body().contains("tel:988"));
    }
}
