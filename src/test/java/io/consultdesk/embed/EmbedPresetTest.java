package io.consultdesk.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the loader passes in the iframe's address ({@code data-interest}, {@code data-location}, and the host page's
 * {@code utm_*}): answers chosen in advance, when the clinic offers them, and the campaign, carried by the form in
 * hidden fields and stored with the request. Nothing here is ever an error for the visitor.
 */
class EmbedPresetTest {
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

    static String page(String query) {
        HttpResponse<String> r = server.get(Leads.FORM_PAGE + "&" + query);
        assertEquals(200, r.statusCode(), query);
        return r.body();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The values of the radio buttons of a group that are checked. */
    static List<String> checked(String html, String name) {
        Matcher m = Pattern.compile("<input type=\"radio\" name=\"" + name + "\" value=\"([^\"]*)\"[^>]*>").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            if (Pattern.compile("\\schecked[\\s>]").matcher(m.group()).find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The hidden field's value as the page has it (HTML-escaped), or null when there is none. */
    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + name + "\" value=\"([^\"]*)\">").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void theInterestAndLocationTheSiteChoseArePreselected() {
        String html = page("interest=tms&location=beverly-hills");
        assertEquals(List.of("tms"), checked(html, "interest"));
        assertEquals(List.of("beverly-hills"), checked(html, "location"));

        assertEquals(List.of("any"), checked(page("location=any"), "location"), "No preference can be chosen too");
        String none = page("");
        assertEquals(List.of(), checked(none, "interest"), "nothing chosen without them");
        assertEquals(List.of(), checked(none, "location"));
    }

    @Test
    void choicesTheClinicDoesNotOfferAreIgnored() {
        for (String query : List.of("interest=surgery&location=mars", "interest=TMS&location=Los-Angeles",
                "interest=&location=", "interest=" + enc("tms\"><script>") + "&location=" + enc("los-angeles "))) {
            String html = page(query);
            assertEquals(List.of(), checked(html, "interest"), query);
            assertEquals(List.of(), checked(html, "location"), query);
            assertFalse(html.contains("<script>"), query);
        }
    }

    @Test
    void theCampaignIsCarriedInHiddenFieldsEscapedAndCleaned() {
        String html = page("utm_source=newsletter&utm_medium=email&utm_campaign=" + enc("spring \"tms\" <b>"));
        assertEquals("newsletter", hidden(html, "utm_source"));
        assertEquals("email", hidden(html, "utm_medium"));
        assertEquals("spring &#34;tms&#34; &lt;b>", hidden(html, "utm_campaign").replace("&gt;", ">"));
        assertFalse(html.contains("<b>"));

        // Control and invisible characters are dropped, spaces collapsed, each part cut to 100 characters.
        String cleaned = page("utm_source=" + enc("news\u0000let\nter\u202e") + "&utm_medium=" + enc("  e   mail ")
                + "&utm_campaign=" + "x".repeat(150));
        assertEquals("newsletter", hidden(cleaned, "utm_source"));
        assertEquals("e mail", hidden(cleaned, "utm_medium"));
        assertEquals("x".repeat(100), hidden(cleaned, "utm_campaign"));

        // Nothing (or nothing left after cleaning): no field.
        String none = page("utm_source=" + enc("\u0007") + "&utm_medium=");
        assertNull(hidden(none, "utm_source"));
        assertNull(hidden(none, "utm_medium"));
        assertNull(hidden(none, "utm_campaign"));
    }

    @Test
    void theCampaignIsStoredWithTheRequest() {
        String html = page("utm_source=newsletter&utm_medium=email&utm_campaign=spring-tms&interest=ketamine");
        Map<String, String> form = Leads.validForm(html);
        form.put("utm_source", hidden(html, "utm_source"));
        form.put("utm_medium", hidden(html, "utm_medium"));
        form.put("utm_campaign", hidden(html, "utm_campaign"));
        HttpResponse<String> r = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded", Leads.formBody(form));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Thank you. We have your request."));
        assertFalse(r.body().contains("newsletter"), "the thank-you page does not repeat the campaign");
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals("newsletter", lead.get("utm_source"));
        assertEquals("email", lead.get("utm_medium"));
        assertEquals("spring-tms", lead.get("utm_campaign"));
        assertEquals(0, ((Number) lead.get("test")).intValue());
    }

    @Test
    void badCampaignValuesPostedToTheFormAreCleanedNeverAnError() {
        Map<String, String> form = Leads.validForm(page(""));
        form.put("utm_source", "ad\u0001words\u200b");
        form.put("utm_medium", "  ");
        form.put("utm_campaign", "c".repeat(5000));
        HttpResponse<String> r = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded", Leads.formBody(form));

        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals("adwords", lead.get("utm_source"));
        assertNull(lead.get("utm_medium"));
        assertEquals("c".repeat(100), lead.get("utm_campaign"));
    }

    @Test
    void theFormShownAgainAfterAnErrorKeepsTheCampaign() {
        Map<String, String> form = Leads.validForm(page(""));
        form.remove("name");
        form.put("utm_source", "newsletter");
        HttpResponse<String> r = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded", Leads.formBody(form));

        assertEquals(422, r.statusCode());
        assertEquals("newsletter", hidden(r.body(), "utm_source"));
        assertEquals(0, server.leadCount());
    }

    @Test
    void withoutACampaignNothingIsStored() {
        HttpResponse<String> r = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded",
                Leads.formBody(Leads.validForm(page(""))));
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertNull(lead.get("utm_source"));
        assertNull(lead.get("utm_medium"));
        assertNull(lead.get("utm_campaign"));
    }
}
