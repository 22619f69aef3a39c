package io.consultdesk.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where requests came from, for staff: a "Source" row on a request's page, "Requests by source" on the overview. */
class SourcesDashboardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern ROW = Pattern.compile("<tr>\\s*<td>(.*?)</td>\\s*<td>(.*?)</td>\\s*<td>(.*?)</td>\\s*<td class=\"num\">(\\d+)</td>\\s*</tr>",
            Pattern.DOTALL);
    MutableClock clock;
    TestServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends a valid API request with this campaign (null: none); returns its id. */
    String apiLead(String source, String medium, String campaign) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        body.put("email", "visitor" + server.leadCount() + "@example.com");
        if (source != null || medium != null || campaign != null) {
            ObjectNode utm = body.putObject("utm");
            utm.put("source", source);
            utm.put("medium", medium);
            utm.put("campaign", campaign);
        }
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", body.toString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** The rows of the "Requests by source" table: source, medium, campaign, count ("(none)" kept as shown). */
    static List<String> sourceRows(String html) {
        int start = html.indexOf("<table class=\"sources\"");
        assertTrue(start >= 0, "a table of requests by source");
        String table = html.substring(start, html.indexOf("</table>", start));
        List<String> rows = new ArrayList<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            rows.add(String.join(" | ", strip(m.group(1)), strip(m.group(2)), strip(m.group(3)), m.group(4)));
        }
        return rows;
    }

    static String strip(String cell) {
        return cell.replaceAll("<[^>]+>", "");
    }

    static String total(String html) {
        Matcher m = Pattern.compile("<tfoot><tr><th scope=\"row\" colspan=\"3\">Total</th><td class=\"num\">(\\d+)</td>").matcher(html);
        assertTrue(m.find(), "a total row");
        return m.group(1);
    }

    @Test
    void theOverviewCountsRequestsBySourceOverItsPeriodWithoutTestRequests() throws Exception {
        // Before the overview's 12 weeks: not counted.
        apiLead("google", "cpc", "spring");
        clock.advance(Duration.ofDays(7 * 13));
        String firstGoogle = apiLead("google", "cpc", "spring");
        apiLead("google", "cpc", "spring");
        apiLead("newsletter", "email", null);
        apiLead(null, null, null);
        apiLead("<b>partner</b>", null, null);
        String test = apiLead("google", "cpc", "spring");
        server.jdbi().useHandle(h -> h.execute("UPDATE lead SET test = 1 WHERE id = ?", test));

        StaffClient staff = StaffClient.signedIn(server, "sources@demo-clinic.example", Role.STAFF, "demo");
        HttpResponse<String> r = staff.get("/staff/overview");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("<h2 id=\"sources-heading\">Requests by source</h2>"));
        assertEquals(List.of(
                "google | cpc | spring | 2",
                "&lt;b&gt;partner&lt;/b&gt; | (none) | (none) | 1",
                "newsletter | email | (none) | 1",
                "(none) | (none) | (none) | 1"), sourceRows(html));
        assertEquals("5", total(html), "the test request and the old one are not counted");
        assertFalse(html.contains("<b>partner"), "escaped");
        assertTrue(html.contains("<table class=\"sources\" aria-labelledby=\"sources-heading\">"));
        assertTrue(server.leadRow(firstGoogle).get("utm_source").equals("google"));
    }

    @Test
    void withManyCombinationsTheLargestAreListedAndTheTotalCountsAll() throws Exception {
        for (int i = 0; i < SourceCounts.LIMIT + 2; i++) {
            apiLead("site-" + i, null, null);
        }
        apiLead("site-7", null, null);
        StaffClient staff = StaffClient.signedIn(server, "many@demo-clinic.example", Role.STAFF, "demo");
        String html = staff.get("/staff/overview").body();
        List<String> rows = sourceRows(html);
        assertEquals(SourceCounts.LIMIT, rows.size());
        assertEquals("site-7 | (none) | (none) | 2", rows.get(0));
        assertEquals(String.valueOf(SourceCounts.LIMIT + 3), total(html));
        assertTrue(html.contains("Only the 50 most frequent combinations are listed; the total counts every request."));
    }

    /**
     * The reviewer's example: free text typed into the page's address ({@code utm_medium=jane.doe@patient.example})
     * on one request. Marketing's embed page does not list a campaign of fewer than 5 requests (it would tell them a
     * named person asked the clinic for a consultation); those are summed into one row, and the page says why. The
     * overview, for staff who see the requests anyway, stays exact.
     */
    @Test
    void theEmbedPageSumsCampaignsOfFewerThanFiveRequestsAndTheOverviewStaysExact() throws Exception {
        for (int i = 0; i < 6; i++) {
            apiLead("google", "cpc", "spring");
        }
        apiLead("newsletter", "jane.doe@patient.example", null);
        apiLead("facebook", "social", "tms-week");
        apiLead("facebook", "social", "tms-week");
        apiLead(null, null, null);

        String embed = StaffClient.signedIn(server, "marketing@demo-clinic.example", Role.MARKETING, "demo")
                .get("/staff/clinics/demo/embed").body();
        assertEquals(List.of("google | cpc | spring | 6"), sourceRows(embed));
        assertFalse(embed.contains("jane.doe"), "a campaign of one request is not shown");
        assertFalse(embed.contains("tms-week"), "nor one of two");
        String compact = embed.replaceAll(">\\s+<", "><");
        assertTrue(compact.contains("<tr class=\"other\"><th scope=\"row\" colspan=\"3\">Other campaigns (fewer than 5 requests each)</th>"
                + "<td class=\"num\">4</td></tr>"), compact);
        assertEquals("10", total(embed), "the total is every request");
        assertTrue(embed.contains("Campaigns with fewer than 5 requests are added together under “Other campaigns”"), "the page says why");
        String owner = StaffClient.signedIn(server, "owner@demo-clinic.example", Role.OWNER, "demo").get("/staff/clinics/demo/embed").body();
        assertFalse(owner.contains("jane.doe"), "the same page for everyone who opens it");

        String overview = StaffClient.signedIn(server, "desk@demo-clinic.example", Role.STAFF, "demo").get("/staff/overview").body();
        assertEquals(List.of(
                "google | cpc | spring | 6",
                "facebook | social | tms-week | 2",
                "newsletter | jane.doe@patient.example | (none) | 1",
                "(none) | (none) | (none) | 1"), sourceRows(overview), "the overview is exact");
        assertFalse(overview.contains("Other campaigns"));
    }

    @Test
    void anOverviewWithoutRequestsSaysSo() {
        StaffClient staff = StaffClient.signedIn(server, "empty@demo-clinic.example", Role.STAFF, "demo");
        String html = staff.get("/staff/overview").body();
        assertTrue(html.contains("No requests in this period."));
        assertFalse(html.contains("<table class=\"sources\""));
    }

    @Test
    void theRequestPageSaysHowItCameAndItsCampaign() throws Exception {
        String withCampaign = apiLead("newsletter", null, "spring-tms");
        String form = server.get(Leads.FORM_PAGE).body();
        HttpResponse<String> posted = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded",
                Leads.formBody(Leads.validForm(form)));
        assertEquals(200, posted.statusCode());
        String fromWidget = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM lead WHERE source = 'widget'")
                .mapTo(String.class).one());

        StaffClient staff = StaffClient.signedIn(server, "lead@demo-clinic.example", Role.STAFF, "demo");
        String api = staff.get("/staff/leads/" + withCampaign).body();
        assertTrue(api.contains("<dt>Source</dt><dd>API<ul class=\"campaign\"><li>Source: newsletter</li><li>Campaign: spring-tms</li></ul></dd>"),
                "source row of an API request with a campaign");
        String widget = staff.get("/staff/leads/" + fromWidget).body();
        assertTrue(widget.contains("<dt>Source</dt><dd>Website form</dd>"), "source row of a form request without one");
        Map<String, Object> row = server.leadRow(fromWidget);
        assertEquals("widget", row.get("source"));
    }
}
