package io.consultdesk.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.consultdesk.mail.MailKind;
import io.consultdesk.mail.OutboxDao;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Send a test request" from the setup checklist: stored through the visitor's path (consent evidence, emails) and
 * marked as a test; its emails arrive (the clinic's marked [Test]) and are listed on the checklist, each viewable;
 * it shows as a test in the inbox, and is kept out of the overview, the CSV export, escalation and reminders, while
 * a visitor's request next to it is counted, exported, escalated and reminded of as before.
 */
class SetupTestRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "ops@consultdesk.example";
    static final String INTAKE = "intake@demo-clinic.example";
    static final String DIRECTOR = "medical-director@demo-clinic.example";
    static final String SETUP = "/staff/clinics/demo/setup";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static MutableClock clock;
    static TestServer server;
    static final java.util.concurrent.atomic.AtomicInteger VIEWERS = new java.util.concurrent.atomic.AtomicInteger();
    static String visitorLead;
    static String testLead;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(Instant.parse("2026-11-16T16:00:00Z")); // a Monday, 8am in Los Angeles
        server = TestServer.start(TestServer.Builder.defaults().clock(clock).smtp("127.0.0.1", smtp.getSmtp().getPort()));
        StaffClient sender = StaffClient.signedIn(server, ADMIN, Role.ADMIN);

        ObjectNode urgent = (ObjectNode) JSON.readTree(Leads.validJson());
        urgent.put("helpNow", true);
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", urgent.toString());
        assertEquals(201, r.statusCode(), r.body());
        visitorLead = JSON.readTree(r.body()).get("id").asText();

        HttpResponse<String> sent = sender.post(SETUP + "/test-request", Map.of());
        assertEquals(303, sent.statusCode(), sent.body());
        testLead = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM lead WHERE test = 1").mapTo(String.class).one());
        assertEquals(0, ((Number) server.leadRow(testLead).get("urgent")).intValue(), "no answer makes it urgent");
        drained();
    }

    /**
     * An admin signed in now: the escalation test moves the clock past the idle logoff, which ends the sessions
     * made before it.
     */
    static StaffClient admin() {
        return StaffClient.signedIn(server, "viewer-" + VIEWERS.incrementAndGet() + "@consultdesk.example", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void drained() {
        Eventually.await("the outbox is drained", () -> {
            OutboxDao.Counts c = server.app().outbox().counts();
            return c.pending() + c.sending() == 0;
        });
    }

    static List<MimeMessage> received(String recipient, String subjectStart) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> Mails.to(m).equals(recipient) && Mails.subject(m).startsWith(subjectStart)).toList();
    }

    static List<OutboxDao.Message> emails(String lead, MailKind kind) {
        return server.app().outbox().forLead(lead).stream().filter(m -> m.kind().equals(kind.code)).toList();
    }

    @Test
    void theTestRequestIsStoredThroughTheVisitorsPathAsATestWithItsConsentEvidence() {
        Map<String, Object> row = server.leadRow(testLead);
        assertEquals(1, ((Number) row.get("test")).intValue());
        assertEquals("Test request", row.get("name"));
        assertEquals(ADMIN, row.get("email"), "the sender's own address");
        assertEquals("email", row.get("preferred_contact"));
        assertNull(row.get("screening"), "no screening answers");
        assertEquals(0, ((Number) server.leadRow(visitorLead).get("test")).intValue(), "a visitor's request is no test");

        Map<String, Object> consent = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM lead_consent WHERE lead_id = :id AND kind = 'privacy'").bind("id", testLead).mapToMap().one());
        assertEquals("privacy-en-2026-11", consent.get("text_version"));
        assertTrue(((String) consent.get("text")).startsWith("I agree that Bright Harbor Ketamine & TMS may use"));
        assertNotNull(consent.get("client_ip"));
        assertNotNull(consent.get("given_at"));

        Map<String, Object> audit = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM audit_log WHERE action = 'lead.testSent'").mapToMap().one());
        assertEquals(ADMIN, audit.get("actor_email"));
        assertEquals(testLead, audit.get("lead_id"));
    }

    @Test
    void itsEmailsArriveTheClinicsMarkedAsATestAndTheChecklistListsThemWithTheirStatus() {
        MimeMessage notification = received(INTAKE, "[Test] New").get(0);
        assertEquals("[Test] New consultation request for Bright Harbor Ketamine & TMS — sign in to review",
                Mails.subject(notification));
        assertTrue(Mails.everything(notification).contains("/staff/leads/" + testLead));
        assertEquals(1, received(INTAKE, "[Test] New").size());
        assertEquals(1, received(INTAKE, "New consultation request").size(), "the visitor's request: no [Test]");
        MimeMessage confirmation = received(ADMIN, "We received your consultation request").get(0);
        assertEquals("We received your consultation request · Bright Harbor Ketamine & TMS", Mails.subject(confirmation),
                "the visitor's side is exactly a visitor's");

        StaffClient admin = admin();
        String html = admin.get(SETUP).body();
        String table = html.substring(html.indexOf("<table class=\"emails\">"), html.indexOf("</table>"));
        List<String> rows = rows(table);
        String notify = rows.stream().filter(r -> r.contains("New request notification")).findFirst().orElseThrow();
        assertTrue(notify.contains(INTAKE) && notify.contains(">Sent<"), notify);
        String visitor = rows.stream().filter(r -> r.contains("Visitor confirmation")).findFirst().orElseThrow();
        assertTrue(visitor.contains(ADMIN) && visitor.contains(">Sent<"), visitor);
        assertTrue(notify.contains("Nov 16, 2026, 8:00 AM PST"), "when, at the clinic: " + notify);
        assertFalse(table.contains("jordan@example.com"), "only the test request's emails");

        String failed = emails(testLead, MailKind.VISITOR_CONFIRMATION).get(0).id();
        server.jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET status = 'failed', failed_at = sent_at, sent_at = NULL,"
                + " last_error = '550 5.1.1 mailbox unavailable' WHERE id = :id").bind("id", failed).execute());
        String again = admin.get(SETUP).body();
        String failedRow = rows(again.substring(again.indexOf("<table class=\"emails\">"))).stream()
                .filter(r -> r.contains("Visitor confirmation")).findFirst().orElseThrow();
        assertTrue(failedRow.contains(">Failed<") && failedRow.contains("Last error: 550 5.1.1 mailbox unavailable"), failedRow);
        server.jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET status = 'sent', sent_at = failed_at, failed_at = NULL,"
                + " last_error = NULL WHERE id = :id").bind("id", failed).execute());
    }

    @Test
    void eachEmailOfATestRequestCanBeViewedAndNoOtherEmail() {
        StaffClient admin = admin();
        String html = admin.get(SETUP).body();
        OutboxDao.Message notification = emails(testLead, MailKind.LEAD_NOTIFICATION).get(0);
        String view = SETUP + "/emails/" + notification.id();
        assertTrue(html.contains("href=\"" + view + "\""), "a View link");

        HttpResponse<String> page = admin.get(view);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("[Test] New consultation request for Bright Harbor Ketamine &amp; TMS — sign in to review"));
        assertTrue(page.body().contains("For privacy, this email contains no details of the request."), "the plain text");
        assertTrue(page.body().contains("<iframe class=\"email-html\" sandbox src=\"" + view + "/html\""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-src 'self'"));

        HttpResponse<String> part = admin.get(view + "/html");
        assertEquals(200, part.statusCode());
        assertTrue(part.body().contains("Sign in to review") && part.body().contains("/staff/leads/" + testLead), "the HTML part");
        String csp = part.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("sandbox") && csp.contains("frame-ancestors 'self'") && !csp.contains("script-src"), csp);

        OutboxDao.Message confirmation = emails(testLead, MailKind.VISITOR_CONFIRMATION).get(0);
        HttpResponse<String> visitor = admin.get(SETUP + "/emails/" + confirmation.id());
        assertEquals(200, visitor.statusCode());
        assertTrue(visitor.body().contains("We received your consultation request · Bright Harbor Ketamine &amp; TMS"));

        OutboxDao.Message real = emails(visitorLead, MailKind.LEAD_NOTIFICATION).get(0);
        assertEquals(404, admin.get(SETUP + "/emails/" + real.id()).statusCode(), "a visitor's email is not shown");
        assertEquals(404, admin.get(SETUP + "/emails/" + real.id() + "/html").statusCode());
        assertEquals(404, admin.get(SETUP + "/emails/no-such-email").statusCode());
        StaffClient staff = StaffClient.signedIn(server, "desk-view@demo-clinic.example", Role.STAFF, "demo");
        assertEquals(403, staff.get(view).statusCode(), "the clinic's staff do not open setup pages");
    }

    @Test
    void itShowsAsATestInTheInboxAndOnItsPage() {
        StaffClient admin = admin();
        String inbox = admin.get("/staff/leads").body();
        assertTrue(inbox.contains("<a href=\"/staff/leads/" + testLead + "\">Test request</a>"));
        assertEquals(1, count(inbox, "class=\"pill test\""), "the test request only");
        assertTrue(inbox.contains("<a href=\"/staff/leads/" + visitorLead + "\">Jordan Rivera</a>"));
        String page = admin.get("/staff/leads/" + testLead).body();
        assertTrue(page.contains("class=\"pill test\""));
        assertTrue(page.contains("Sent as a test request from the setup checklist"), "on its timeline");
        assertEquals(0, count(admin.get("/staff/leads/" + visitorLead).body(), "class=\"pill test\""));
    }

    @Test
    void itIsNotCountedInTheOverviewNorExportedWhileTheVisitorsRequestIs() {
        StaffClient admin = admin();
        String overview = admin.get("/staff/overview").body();
        assertTrue(overview.contains("1 request in the last 12 weeks"), "the visitor's request only");
        assertTrue(overview.contains("Requests: 1 (100%)"), "the funnel counts the visitor's request only");

        String csv = admin.get("/staff/leads.csv?status=all").body();
        assertTrue(csv.contains(visitorLead), "the visitor's request is exported");
        assertFalse(csv.contains(testLead), "the test request is not");
        assertFalse(csv.contains("Test request"));
    }

    @Test
    void itIsNeverEscalatedEvenMarkedUrgentWhileTheVisitorsUrgentRequestIs() {
        Instant due = clock.instant().plus(Duration.ofMinutes(15));
        String urgent = new io.consultdesk.lead.SealedLead.Triage(false, true, 0, List.of(), null, null, null, false)
                .seal(server.app().database().sealer(), testLead);
        server.jdbi().useHandle(h -> h.createUpdate("UPDATE lead SET triage = :urgent, escalate_at = :due WHERE id = :id")
                .bind("urgent", urgent).bind("due", due).bind("id", testLead).execute());
        clock.advance(Duration.ofMinutes(16));
        server.app().escalations().escalateDue(); // the background job may have been first: check the effects
        drained();

        assertNull(server.leadRow(testLead).get("escalated_at"), "the test request is not escalated");
        assertEquals(List.of(), emails(testLead, MailKind.ESCALATION));
        assertNotNull(server.leadRow(visitorLead).get("escalated_at"), "the visitor's urgent request is");
        Eventually.await("the visitor's escalation arrives", () -> received(DIRECTOR, "Urgent request not yet").size() == 1);
        assertTrue(Mails.everything(received(DIRECTOR, "Urgent request not yet").get(0)).contains("/staff/leads/" + visitorLead));
        clock.advance(Duration.ofHours(2));
        server.app().escalations().escalateDue();
        drained();
        assertEquals(List.of(), emails(testLead, MailKind.ESCALATION), "however long it waits");
        assertEquals(1, received(DIRECTOR, "Urgent request not yet").size(), "one escalation email in all: the visitor's");
    }

    @Test
    void aBookedTestRequestGetsNoReminderWhileTheVisitorGetsOne() throws Exception {
        book(visitorLead, "2026-11-19T09:00:00-08:00");
        book(testLead, "2026-11-19T09:40:00-08:00");
        assertEquals(1, emails(visitorLead, MailKind.BOOKING_REMINDER).size(), "the visitor is reminded the day before");
        assertEquals(List.of(), emails(testLead, MailKind.BOOKING_REMINDER), "a test request is not");
        assertEquals(1, emails(testLead, MailKind.BOOKING_VISITOR).size(), "its booking email goes as a visitor's would");
        drained();
        Eventually.await("the clinic's booking emails arrive", () -> received(INTAKE, "[Test] Consultation booked").size() == 1
                && received(INTAKE, "Consultation booked").size() == 1);
    }

    static void book(String lead, String start) throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/bookings", "{\"bookingToken\": \"" + server.app().bookings().issueCapability("demo", lead)
                + "\", \"type\": \"in-person\", \"location\": \"beverly-hills\", \"start\": \"" + start + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    static List<String> rows(String table) {
        Matcher m = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(table.substring(table.indexOf("<tbody>")));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
