package io.consultdesk.dashboard;

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
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import io.consultdesk.staff.Role;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An urgent request nobody acknowledged within the clinic's 15 minutes is escalated, once, by a PHI-free
 * email to the clinic's escalation contacts. Time moves with a MutableClock; the server's own job also
 * calls escalateDue every 30 seconds, so the tests check emails and the database, not return values alone.
 */
class EscalationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECTOR = "medical-director@demo-clinic.example";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static TestServer server(MutableClock clock) {
        return TestServer.start(TestServer.Builder.defaults().clock(clock).smtp("127.0.0.1", smtp.getSmtp().getPort()));
    }

    private static String submit(TestServer server, boolean urgent) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        if (urgent) {
            body.put("helpNow", true);
        }
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", body.toString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static List<OutboxDao.Message> escalations(TestServer server, String leadId) {
        return server.app().outbox().forLead(leadId).stream().filter(m -> m.kind().equals(MailKind.ESCALATION.code)).toList();
    }

    private static Instant escalatedAt(TestServer server, String leadId) {
        return server.triage(leadId).escalatedAt();
    }

    private static Instant escalateAt(TestServer server, String leadId) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT escalate_at FROM lead WHERE id = :id")
                .bind("id", leadId).mapTo(Instant.class).one());
    }

    /**
     * The audit rows of escalations. They do not name the request (only urgent requests are escalated, so its id
     * would tell a reader of the file who was in crisis): none may carry {@code leadId}, and the server's only
     * escalations in these tests are of {@code leadId}.
     */
    private static List<Map<String, Object>> escalationAudit(TestServer server, String leadId) {
        assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE lead_id = :id AND action = 'lead.escalated'").bind("id", leadId)
                .mapTo(Long.class).one()), "the escalation's audit row does not name the request");
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT * FROM audit_log WHERE action = 'lead.escalated' AND lead_id IS NULL ORDER BY id")
                .mapToMap().list());
    }

    private static List<MimeMessage> to(String recipient) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> Mails.to(m).equals(recipient)).toList();
    }

    /** Waits until every queued email has been sent, so an email that was wrongly queued would have arrived. */
    private static void outboxDrained(TestServer server) {
        Eventually.await("the outbox is drained", () -> {
            OutboxDao.Counts c = server.app().outbox().counts();
            return c.pending() + c.sending() == 0;
        });
    }

    @Test
    void anUnacknowledgedUrgentRequestIsEscalatedOnceAfterFifteenMinutesWithoutPhi() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (TestServer server = server(clock)) {
            String lead = submit(server, true);
            assertEquals(clock.instant().plus(Duration.ofMinutes(15)), server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT escalate_at FROM lead WHERE id = :id").bind("id", lead).mapTo(Instant.class).one()));

            clock.advance(Duration.ofMinutes(14));
            assertEquals(0, server.app().escalations().escalateDue(), "not yet at 14 minutes");
            assertNull(escalatedAt(server, lead));
            assertEquals(List.of(), escalations(server, lead));

            clock.advance(Duration.ofMinutes(2));
            server.app().escalations().escalateDue(); // the background job may have been first: check the effects
            Instant escalated = escalatedAt(server, lead);
            assertNotNull(escalated, "escalated at 16 minutes");
            assertEquals(clock.instant(), escalated);
            assertTrue(smtp.waitForIncomingEmail(15_000, 4), "alert, notification, confirmation and escalation arrive");
            Eventually.await("the escalation email arrives", () -> to(DIRECTOR).size() == 1);

            MimeMessage email = to(DIRECTOR).get(0);
            assertEquals("Urgent request not yet acknowledged for Bright Harbor Ketamine & TMS — sign in now", Mails.subject(email));
            String everything = Mails.everything(email);
            assertTrue(everything.contains("/staff/leads/" + lead), "it links to the request");
            String lower = everything.toLowerCase(Locale.ROOT);
            for (String phi : List.of("Jordan", "Rivera", "jordan@example.com", "555-0199", "5550199", "Mornings are best",
                    "Depression", "Anxiety", "Beverly Hills")) {
                assertFalse(lower.contains(phi.toLowerCase(Locale.ROOT)), "the escalation email must not carry \"" + phi + "\"");
            }

            assertEquals(0, server.app().escalations().escalateDue(), "already escalated");
            clock.advance(Duration.ofHours(2));
            assertEquals(0, server.app().escalations().escalateDue(), "still once, however long it waits");
            assertEquals(escalated, escalatedAt(server, lead), "the first escalation time is kept");
            assertEquals(1, escalations(server, lead).size(), "one escalation email queued");
            outboxDrained(server);
            assertEquals(1, to(DIRECTOR).size(), "one escalation email received");

            List<Map<String, Object>> audit = escalationAudit(server, lead);
            assertEquals(1, audit.size());
            assertNull(audit.get(0).get("actor_id"), "the server did it, not a person");
            assertNull(audit.get(0).get("actor_email"));
            assertEquals("demo", audit.get(0).get("clinic_slug"));
            assertEquals("not acknowledged within 15 min · 1 recipient", audit.get(0).get("detail"));

            StaffClient staff = StaffClient.signedIn(server, "late@demo-clinic.example", Role.STAFF, "demo");
            String page = staff.get("/staff/leads/" + lead).body();
            assertTrue(page.contains("Escalated to the escalation contacts · not acknowledged within 15 min"), "on the timeline");
            assertTrue(page.contains("Sent the escalation email"), "and its delivery");
            assertTrue(page.contains("Escalation contacts were emailed at"), "the urgent box says so");
        }
    }

    @Test
    void aRequestAcknowledgedInTimeAndARoutineRequestAreNeverEscalated() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (TestServer server = server(clock)) {
            String acknowledged = submit(server, true);
            String routine = submit(server, false);
            assertEquals(escalateAt(server, acknowledged), escalateAt(server, routine),
                    "a routine request is checked at the same time as an urgent one: the column tells nothing");
            StaffClient staff = StaffClient.signedIn(server, "quick@demo-clinic.example", Role.STAFF, "demo");

            clock.advance(Duration.ofMinutes(5));
            HttpResponse<String> ack = staff.post("/staff/leads/" + acknowledged + "/acknowledge", Map.of());
            assertEquals(303, ack.statusCode());
            assertEquals(clock.instant(), server.triage(acknowledged).acknowledgedAt());

            clock.advance(Duration.ofMinutes(11)); // 16 minutes
            assertEquals(0, server.app().escalations().escalateDue());
            clock.advance(Duration.ofDays(1));
            assertEquals(0, server.app().escalations().escalateDue());

            for (String lead : List.of(acknowledged, routine)) {
                assertNull(escalateAt(server, lead), "checked, and the check is no longer due");
                assertNull(escalatedAt(server, lead));
                assertEquals(List.of(), escalations(server, lead));
                assertEquals(List.of(), escalationAudit(server, lead));
            }
            assertTrue(smtp.waitForIncomingEmail(15_000, 5), "the requests' own emails arrive");
            outboxDrained(server);
            assertEquals(List.of(), to(DIRECTOR), "nobody was escalated to");
            assertEquals(1, to("oncall@demo-clinic.example").size(), "the urgent alert itself was sent (the mail path works)");
        }
    }
}
