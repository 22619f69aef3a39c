package io.consultdesk.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
        assertTrue(csp.endsWith("frame-ancestors 'self' http://127.0.0.1:* http://localhost:*"), csp);
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
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
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
        HttpResponse<String> first = submit(server, body);
        assertEquals(200, first.statusCode());
        assertTrue(first.body().contains("data-submitted data-submitted-now"),
                "the page that stored the request marks itself, for form.js to tell the host page once");
        HttpResponse<String> again = submit(server, body);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("Thank you."));
        assertTrue(again.body().contains("data-submitted"));
        assertFalse(again.body().contains("data-submitted-now"), "the same request sent again (a reload) is not announced again");
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

    // --- Screening steps ---

    /** The published wording (screening.md), typed out here so that a changed message fails. */
    static final List<String> PHQ9 = List.of(
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or"
                    + " restless that you have been moving around a lot more than usual",
            "Thoughts that you would be better off dead or of hurting yourself in some way");
    static final List<String> GAD7 = List.of(
            "Feeling nervous, anxious or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid as if something awful might happen");
    static final String STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?";
    static final String LICENCE = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an"
            + " educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.";
    static final List<String> SAFETY_TMS = List.of("metalInHead", "pacemaker", "seizures", "pregnancy");
    static final List<String> SAFETY_KETAMINE = List.of("heartBloodPressure", "strokeAneurysm", "psychosis", "substanceUse",
            "ketamineReaction", "eyeBrainPressure");

    static int count(String html, String needle) {
        int n = 0;
        for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    static boolean checked(String html, String name, String value) {
        return Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"" + Pattern.quote(value) + "\"[^>]*\\schecked[\\s>]")
                .matcher(html).find();
    }

    /** The demo clinic under another slug, asking the given questions. */
    static String clinicAsking(String slug, Clinic.Questions questions) {
        Clinic d = ClinicService.demoClinic();
        server.app().clinics().save(new Clinic(slug, d.name(), d.phone(), d.hours(), d.brandColor(), d.offer(), d.locale(),
                d.privacyNoticeUrl(), d.locations(), d.allowedOrigins(), d.recipients(), questions));
        return "/embed/" + slug + "?host=" + URLEncoder.encode(HOST, StandardCharsets.UTF_8);
    }

    static String labelOf(String html, String name, String value) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"" + Pattern.quote(value) + "\"[^>]*> <span>([^<]*)</span>")
                .matcher(html);
        assertTrue(m.find(), "radio " + name + "=" + value);
        return m.group(1);
    }

    @Test
    void theFormAsksPhq9AndGad7WordForWordWithTheLicenceUnderThem() {
        String html = server.get(PAGE).body();
        assertEquals(2, count(html, ">" + STEM + "</h3>"), "the stem above PHQ-9 and above GAD-7");
        for (int i = 1; i <= 9; i++) {
            int item = i;
            assertTrue(html.contains("<span class=\"cd-num\">" + i + ".</span> " + PHQ9.get(i - 1) + "</legend>"), "PHQ-9 item " + i);
            assertEquals(List.of("Not at all", "Several days", "More than half the days", "Nearly every day"),
                    List.of("0", "1", "2", "3").stream().map(v -> labelOf(html, "phq" + item, v)).toList());
        }
        for (int i = 1; i <= 7; i++) {
            assertTrue(html.contains("<span class=\"cd-num\">" + i + ".</span> " + GAD7.get(i - 1) + "</legend>"), "GAD-7 item " + i);
            assertEquals("Nearly every day", labelOf(html, "gad" + i, "3"));
        }
        assertFalse(html.contains("name=\"gad8\""));
        assertTrue(html.contains("<legend>If you checked off any problems, how difficult have these problems made it for you to do"
                + " your work, take care of things at home, or get along with other people?</legend>"));
        assertEquals(List.of("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"),
                List.of("notDifficult", "somewhat", "very", "extremely").stream().map(v -> labelOf(html, "phqDifficulty", v)).toList());
        int licence = html.indexOf(LICENCE);
        assertTrue(licence > html.lastIndexOf("name=\"gad7\""), "the licence footer is under the instruments");
        assertTrue(licence > html.lastIndexOf("name=\"phqDifficulty\""));

        // Each item is its own fieldset with a legend; nothing is required, and the form says so.
        assertTrue(html.contains("<fieldset class=\"cd-group cd-q\" id=\"f-phq9\">"));
        assertFalse(Pattern.compile("name=\"(phq|gad)\\d\"[^>]*required").matcher(html).find(), "no screening question is required");
        assertFalse(Pattern.compile("name=\"safety\\.[a-zA-Z]+\"[^>]*required").matcher(html).find());
        assertTrue(html.contains("Every question here is optional."));
        // Only item 9 above "Not at all" opens the crisis panel at once.
        assertTrue(Pattern.compile("name=\"phq9\" value=\"1\" data-crisis-trigger").matcher(html).find());
        assertTrue(Pattern.compile("name=\"phq9\" value=\"3\" data-crisis-trigger").matcher(html).find());
        assertFalse(Pattern.compile("name=\"phq9\" value=\"0\"[^>]*data-crisis-trigger").matcher(html).find());
        assertFalse(Pattern.compile("name=\"phq8\" value=\"3\"[^>]*data-crisis-trigger").matcher(html).find());
        // Never a score, band or verdict.
        String text = html.replaceAll("<[^>]+>", " ").toLowerCase(java.util.Locale.ROOT);
        for (String verdict : List.of("score", "minimal", "mild", "moderate", "severe", "low risk", "eligible")) {
            assertFalse(text.contains(verdict), "the visitor reads no " + verdict);
        }
    }

    @Test
    void theFormIsFourStepsWithSafetyQuestionsAskedOnceAndCalmly() {
        String html = server.get(PAGE).body();
        List<String> steps = new java.util.ArrayList<>();
        Matcher step = Pattern.compile("<section class=\"cd-step\" data-step=\"([a-z]+)\" data-progress=\"([^\"]+)\"").matcher(html);
        while (step.find()) {
            steps.add(step.group(1) + ": " + step.group(2));
        }
        assertEquals(List.of("about: Step 1 of 4", "feelings: Step 2 of 4", "safety: Step 3 of 4", "contact: Step 4 of 4"), steps);
        assertTrue(html.contains("aria-valuemax=\"4\""));
        // Sections in the order of the steps: the trials question in the first, the submit button in the last.
        assertTrue(html.indexOf("name=\"antidepressantTrials\"") < html.indexOf("data-step=\"feelings\""));
        assertTrue(html.indexOf("name=\"phq1\"") < html.indexOf("data-step=\"safety\""));
        assertTrue(html.indexOf("name=\"safety.seizures\"") < html.indexOf("data-step=\"contact\""));
        assertTrue(html.indexOf("class=\"cd-submit\"") > html.indexOf("name=\"consent\""));
        assertEquals(List.of("None", "1", "2", "3", "4 or more"),
                List.of("0", "1", "2", "3", "4").stream().map(v -> labelOf(html, "antidepressantTrials", v)).toList());
        assertTrue(html.contains("How many antidepressant medicines have you tried in this episode that did not help enough?"));

        assertTrue(html.contains("Nobody is turned away because of an answer"));
        assertTrue(html.contains("help the clinic’s doctors prepare"));
        for (String code : SAFETY_TMS) {
            assertEquals(List.of("Yes", "No", "Not sure"),
                    List.of("yes", "no", "notSure").stream().map(v -> labelOf(html, "safety." + code, v)).toList(), code);
        }
        for (String code : SAFETY_KETAMINE) {
            assertEquals("Not sure", labelOf(html, "safety." + code, "notSure"), code);
        }
        assertEquals(1, count(html, "name=\"safety.pregnancy\" value=\"yes\""), "pregnant or breastfeeding: asked once");
        int tms = html.indexOf("If you are thinking about TMS");
        int ketamine = html.indexOf("If you are thinking about ketamine");
        assertTrue(tms > 0 && tms < html.indexOf("name=\"safety.pregnancy\"") && html.indexOf("name=\"safety.pregnancy\"") < ketamine,
                "pregnancy is in the first safety section, TMS");
        // The step buttons are for form.js; without it they stay hidden and the one submit button sends everything.
        assertEquals(1, count(html, "type=\"submit\""));
        assertEquals(3, count(html, "<button class=\"cd-next\" type=\"button\" data-next>"));
        assertEquals(3, count(html, "<button class=\"cd-back\" type=\"button\" data-back hidden>"));
        assertEquals(3, count(html, "<div class=\"cd-nav\" data-nav hidden>"));
        assertTrue(html.contains("<input type=\"hidden\" name=\"helpNow\" value=\"\" data-help-now>"));
        assertFalse(html.contains(" style=\""));
    }

    @Test
    void aPhq8ClinicHasNoItem9AndStepsFollowTheClinicsQuestions() {
        String html = server.get(clinicAsking("phq8-clinic", new Clinic.Questions(true, true, true, true, true, true, true, true,
                "phq8", false, false, true, true))).body();
        assertTrue(html.contains(PHQ9.get(7)), "item 8 asked");
        assertTrue(html.contains("name=\"phq8\""));
        assertFalse(html.contains("name=\"phq9\""), "no item 9 on PHQ-8");
        assertFalse(html.contains(PHQ9.get(8)));
        assertFalse(html.contains("data-crisis-trigger=\"true\"> <span>Several days"), "nothing in the scale opens the panel");
        assertTrue(html.contains("name=\"phqDifficulty\""));
        assertTrue(html.contains(LICENCE));
        assertFalse(html.contains("name=\"gad1\""), "GAD-7 off");
        // Ketamine safety only: the pregnancy question is asked there, once.
        assertFalse(html.contains("If you are thinking about TMS"));
        assertFalse(html.contains("name=\"safety.metalInHead\""));
        assertEquals(1, count(html, "name=\"safety.pregnancy\" value=\"yes\""));
        assertTrue(html.indexOf("If you are thinking about ketamine") < html.indexOf("name=\"safety.pregnancy\""));
        assertTrue(html.contains("data-progress=\"Step 4 of 4\""));

        // Screening off: no step that would have been empty.
        String plain = server.get(clinicAsking("no-screening", new Clinic.Questions(true, true, true, true, true, true, true, true)))
                .body();
        assertTrue(plain.contains("data-step=\"about\" data-progress=\"Step 1 of 2\""), plain);
        assertTrue(plain.contains("data-step=\"contact\" data-progress=\"Step 2 of 2\""));
        assertFalse(plain.contains("data-step=\"feelings\""));
        assertFalse(plain.contains("data-step=\"safety\""));
        assertFalse(plain.contains(STEM));
        assertFalse(plain.contains(LICENCE), "no licence footer without the instruments");

        // Nothing but contact questions: one section, no steps, no progress bar.
        String contactOnly = server.get(clinicAsking("contact-only", new Clinic.Questions(true, false, false, false, false, false, false,
                true))).body();
        assertTrue(contactOnly.contains("<section class=\"cd-step\" data-step=\"contact\" aria-labelledby=\"step-contact\">"));
        assertFalse(contactOnly.contains("data-step=\"about\""));
        assertFalse(contactOnly.contains("cd-progress"));
        assertFalse(contactOnly.contains("data-next"));
        assertFalse(contactOnly.contains("data-back"));
        assertEquals(1, count(contactOnly, "type=\"submit\""));
    }

    @Test
    void item9AboveZeroWithoutJavaScriptOpensTheCrisisPanelOnTheThankYouPage() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        f.put("phq1", "2");
        f.put("phq9", "2");
        HttpResponse<String> r = submit(server, encode(f));
        assertEquals(200, r.statusCode(), r.body());
        String html = r.body();
        assertTrue(html.contains("Thank you. We have your request."));
        assertTrue(html.contains("<section id=\"crisis\" class=\"cd-crisis cd-crisis--open\""), "crisis panel open");
        String panel = html.substring(html.indexOf("<section id=\"crisis\""), html.indexOf("</section>", html.indexOf("<section id=\"crisis\"")));
        for (String href : List.of("tel:988", "sms:988", "sms:741741?body=HOME", "tel:911")) {
            assertTrue(panel.contains("href=\"" + href + "\""), href);
        }
        assertFalse(html.contains("Several days") || html.contains("More than half"), "no answer repeated");
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals(1, ((Number) lead.get("urgent")).intValue());
        assertEquals(0, ((Number) lead.get("priority")).intValue());
        assertEquals(0, ((Number) lead.get("help_now")).intValue());

        // "Not at all" on item 9 opens nothing (and says nothing reassuring either).
        Map<String, String> calm = validForm(server.get(PAGE).body());
        calm.put("phq9", "0");
        String thanks = submit(server, encode(calm)).body();
        assertTrue(thanks.contains("Thank you. We have your request."));
        assertTrue(thanks.contains("<section id=\"crisis\" class=\"cd-crisis\""), "panel closed");
        assertFalse(thanks.toLowerCase(java.util.Locale.ROOT).contains("low risk"));
    }

    @Test
    void errorsKeepEveryScreeningAnswerAndPointToTheirStep() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        f.remove("consent");
        f.put("antidepressantTrials", "4");
        f.put("phq1", "3");
        f.put("phq9", "1");
        f.put("phqDifficulty", "very");
        f.put("gad2", "0");
        f.put("gad7", "2");
        f.put("safety.seizures", "notSure");
        f.put("safety.psychosis", "no");
        f.put("helpNow", "true");
        HttpResponse<String> r = submit(server, encode(f));
        assertEquals(422, r.statusCode());
        String html = r.body();
        assertTrue(checked(html, "antidepressantTrials", "4"));
        assertTrue(checked(html, "phq1", "3"));
        assertFalse(checked(html, "phq1", "0"));
        assertFalse(checked(html, "phq2", "0"), "a skipped item stays skipped");
        assertTrue(checked(html, "phq9", "1"));
        assertTrue(checked(html, "phqDifficulty", "very"));
        assertTrue(checked(html, "gad2", "0"));
        assertTrue(checked(html, "gad7", "2"));
        assertTrue(checked(html, "safety.seizures", "notSure"));
        assertFalse(checked(html, "safety.seizures", "yes"));
        assertTrue(checked(html, "safety.psychosis", "no"));
        assertFalse(checked(html, "safety.pacemaker", "no"));
        assertTrue(html.contains("<input type=\"hidden\" name=\"helpNow\" value=\"true\" data-help-now>"), "help-now kept");
        // Without JavaScript the crisis panel is open on the page after the post.
        assertTrue(html.contains("class=\"cd-crisis cd-crisis--open\""));
        // The consent error is on the last step: form.js opens the form there.
        assertTrue(html.contains("data-step=\"contact\" data-progress=\"Step 4 of 4\" data-has-error"), html);
        assertFalse(html.contains("data-step=\"about\" data-progress=\"Step 1 of 4\" data-has-error"));
        assertFalse(html.contains("data-step=\"feelings\" data-progress=\"Step 2 of 4\" data-has-error"));
        assertEquals(0, server.leadCount());
    }

    @Test
    void aTamperedScreeningAnswerGetsOneGeneralNoticeOnItsStep() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        f.put("phq3", "7");
        HttpResponse<String> r = submit(server, encode(f));
        assertEquals(422, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("<p class=\"cd-notice\">Some of your answers to the questionnaire could not be read."), html);
        assertFalse(html.contains("href=\"#f-screening"), "no link to a field that does not exist");
        assertFalse(html.contains("Please check this answer"), "no count of listed errors when none is listed");
        assertTrue(html.contains("data-step=\"feelings\" data-progress=\"Step 2 of 4\" data-has-error"));
        assertFalse(html.contains("data-step=\"contact\" data-progress=\"Step 4 of 4\" data-has-error"));
        assertEquals(0, server.leadCount());
    }

    @Test
    void helpNowMarksTheRequestUrgentAndKeepsThePanelOpen() {
        Map<String, String> f = validForm(server.get(PAGE).body());
        f.put("helpNow", "true");
        HttpResponse<String> r = submit(server, encode(f));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("class=\"cd-crisis cd-crisis--open\""));
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals(1, ((Number) lead.get("urgent")).intValue());
        assertEquals(1, ((Number) lead.get("help_now")).intValue());
    }
}
