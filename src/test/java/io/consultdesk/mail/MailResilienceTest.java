package io.consultdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.ScriptedSmtpServer;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What happens when mail servers misbehave: down for a while, restarted, refusing for good or for now,
 * and the server itself stopping mid-send. Time moves with an injectable clock, never with sleeps.
 */
class MailResilienceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEADS = "/api/v1/clinics/demo/leads";

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A server on the given clock that sends through whatever listens (or does not) on this loopback port. */
    private static TestServer.Builder smtpAt(int port, MutableClock clock) {
        return TestServer.Builder.defaults().clock(clock).smtp("127.0.0.1", port);
    }

    private static GreenMail greenMailOn(int port) {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    private static String submit(TestServer server, String email) throws IOException {
        HttpResponse<String> r = server.postJson(LEADS, Leads.validJson().replace("jordan@example.com", email));
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static List<OutboxDao.Message> messages(TestServer server, String leadId) {
        return server.app().outbox().forLead(leadId);
    }

    private static OutboxDao.Message message(TestServer server, String leadId, MailKind kind) {
        return messages(server, leadId).stream().filter(m -> m.kind().equals(kind.code)).findFirst().orElseThrow();
    }

    private static boolean allAttemptedAndWaiting(TestServer server, String leadId, int attempts) {
        List<OutboxDao.Message> ms = messages(server, leadId);
        return !ms.isEmpty() && ms.stream().allMatch(m -> m.status().equals("pending") && m.attempts() == attempts);
    }

    /** Moves time on and tells the worker to look, as its own poll would a few seconds later. */
    private static void advance(TestServer server, MutableClock clock, Duration d) {
        clock.advance(d);
        server.app().outbox().signal();
    }

    @Test
    void whenSmtpIsDownTheRequestIsStillAcceptedAndItsEmailsArriveOnceWhenItIsBack() throws Exception {
        int port = freePort();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (TestServer server = TestServer.start(smtpAt(port, clock))) {
            String apiLead = submit(server, "api-visitor@example.com");
            HttpResponse<String> thanks = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded",
                    Leads.formBody(Leads.validForm(server.get(Leads.FORM_PAGE).body())));
            assertEquals(200, thanks.statusCode());
            assertTrue(thanks.body().contains("data-submitted"), "the thank-you page shows");

            Eventually.await("the first attempt fails", () -> allAttemptedAndWaiting(server, apiLead, 1));
            OutboxDao.Message waiting = message(server, apiLead, MailKind.VISITOR_CONFIRMATION);
            Duration untilRetry = Duration.between(clock.instant(), waiting.nextAttemptAt());
            assertTrue(untilRetry.compareTo(Duration.ofSeconds(15)) >= 0 && untilRetry.compareTo(Duration.ofMinutes(1)) <= 0,
                    "first retry within a minute: " + untilRetry);
            assertTrue(waiting.lastError().contains("ConnectException"), waiting.lastError());

            GreenMail smtp = greenMailOn(port);
            try {
                advance(server, clock, Duration.ofMinutes(1));
                assertTrue(smtp.waitForIncomingEmail(15_000, 4), "both requests' emails arrive");
                Eventually.await("all marked sent", () -> server.app().outbox().counts().pending() == 0
                        && server.app().outbox().counts().sending() == 0);
                advance(server, clock, Duration.ofHours(1));
                Thread.sleep(300); // a worker that wrongly resent would do it now
                assertEquals(4, smtp.getReceivedMessages().length, "once each");
                Map<String, Long> perRecipient = Arrays.stream(smtp.getReceivedMessages())
                        .collect(Collectors.groupingBy(Mails::to, Collectors.counting()));
                assertEquals(Map.of("intake@demo-clinic.example", 2L, "api-visitor@example.com", 1L, "casey@example.com", 1L),
                        perRecipient);
                assertEquals(2, message(server, apiLead, MailKind.VISITOR_CONFIRMATION).attempts());
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void anUrgentAlertGoesAheadOfEveryOtherQueuedEmailAndCarriesNoPhi() throws Exception {
        int port = freePort();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (TestServer server = TestServer.start(smtpAt(port, clock))) {
            String first = submit(server, "early1@example.com");
            String second = submit(server, "early2@example.com");
            Eventually.await("the routine emails wait for a retry", () -> allAttemptedAndWaiting(server, first, 1)
                    && allAttemptedAndWaiting(server, second, 1));
            clock.advance(Duration.ofSeconds(40)); // the routine emails are due before the urgent one is even queued
            String body = Leads.validJson().replace("jordan@example.com", "crisis@example.com").strip();
            HttpResponse<String> r = server.postJson(LEADS, body.substring(0, body.length() - 1)
                    + ", \"screening\": {\"phq9\": [1, 2, 1, 1, 0, 2, 1, 0, 1]}}");
            assertEquals(201, r.statusCode(), r.body());
            String urgentLead = JSON.readTree(r.body()).get("id").asText();
            Eventually.await("the urgent lead's first attempt fails too", () -> allAttemptedAndWaiting(server, urgentLead, 1));
            assertEquals(3, messages(server, urgentLead).size(), "alert, notification, confirmation");

            GreenMail smtp = greenMailOn(port);
            try {
                advance(server, clock, Duration.ofMinutes(2));
                assertTrue(smtp.waitForIncomingEmail(15_000, 7));
                MimeMessage alert = smtp.getReceivedMessages()[0];
                assertEquals("oncall@demo-clinic.example", Mails.to(alert), "the first email received is the urgent alert");
                assertEquals("Urgent consultation request for Bright Harbor Ketamine & TMS — sign in to review", Mails.subject(alert));
                String link = "http://localhost:" + server.port() + "/staff/leads/" + urgentLead;
                assertTrue(Mails.textParts(alert).get("text/plain").contains(link));
                String everything = Mails.everything(alert);
                for (String phi : List.of("Jordan", "Rivera", "555-0199", "crisis@example.com", "Mornings", "epress", "nxiety",
                        "suicid", "item 9", "PHQ")) {
                    assertFalse(everything.contains(phi), "\"" + phi + "\" must not appear in the urgent alert");
                }
                Eventually.await("all sent", () -> server.app().outbox().counts().pending() == 0
                        && server.app().outbox().counts().sending() == 0);
                assertEquals(7, smtp.getReceivedMessages().length);
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void queuedEmailsAreSentOnceAfterARestart() throws Exception {
        int port = freePort();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        TestServer first = TestServer.start(smtpAt(port, clock));
        String leadId = submit(first, "restart@example.com");
        Eventually.await("the first attempt fails", () -> allAttemptedAndWaiting(first, leadId, 1));

        GreenMail smtp = greenMailOn(port);
        clock.advance(Duration.ofMinutes(1));
        try (TestServer second = first.restart(smtpAt(port, clock))) {
            assertTrue(smtp.waitForIncomingEmail(15_000, 2), "the queued emails are sent after start");
            Eventually.await("marked sent", () -> messages(second, leadId).stream().allMatch(m -> m.status().equals("sent")));
            Thread.sleep(300);
            assertEquals(2, smtp.getReceivedMessages().length, "once each");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anEmailWhoseSenderDiedMidSendIsSentAgainWithTheSameMessageId() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().rcptReply(a -> "451 4.3.0 Try later");
             TestServer server = TestServer.start(smtpAt(smtp.port(), clock))) {
            String leadId = submit(server, "crash@example.com");
            Eventually.await("the first attempt is refused for now", () -> allAttemptedAndWaiting(server, leadId, 1));
            OutboxDao.Message m = message(server, leadId, MailKind.VISITOR_CONFIRMATION);
            // The state a crash between "sent" and "marked sent" leaves: claimed, lease still running.
            server.jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET status = 'sending', lease_until = :lease WHERE id = :id")
                    .bind("lease", clock.instant().plus(Outbox.LEASE)).bind("id", m.id()).execute());
            smtp.rcptReply(a -> "250 2.1.5 OK");

            advance(server, clock, Duration.ofMinutes(1));
            Eventually.await("the other email is retried and sent", () ->
                    message(server, leadId, MailKind.LEAD_NOTIFICATION).status().equals("sent"));
            assertEquals("sending", message(server, leadId, MailKind.VISITOR_CONFIRMATION).status(),
                    "not taken over while its sender may still be working");

            advance(server, clock, Outbox.LEASE);
            Eventually.await("taken over once the lease ends", () ->
                    message(server, leadId, MailKind.VISITOR_CONFIRMATION).status().equals("sent"));
            List<String> toVisitor = smtp.accepted().stream().filter(raw -> raw.contains("To: crash@example.com"))
                    .collect(Collectors.toList());
            assertEquals(1, toVisitor.size());
            assertEquals("<" + m.id() + "@localhost>", Mails.header(Mails.parse(toVisitor.get(0)), "Message-ID"),
                    "the receiving side can recognise a resend by its Message-ID");
        }
    }

    @Test
    void aPermanentRejectionFailsAtOnceAndIsNeverRetried() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().rcptReply(a ->
                a.startsWith("nobody") ? "550 5.1.1 <" + a + ">: Recipient address rejected: User unknown" : "250 2.1.5 OK");
             TestServer server = TestServer.start(smtpAt(smtp.port(), clock))) {
            String leadId = submit(server, "nobody@example.com");
            Eventually.await("the confirmation is failed", () ->
                    message(server, leadId, MailKind.VISITOR_CONFIRMATION).status().equals("failed"));
            OutboxDao.Message failed = message(server, leadId, MailKind.VISITOR_CONFIRMATION);
            assertEquals(1, failed.attempts());
            assertTrue(failed.lastError().startsWith("SMTP 550"), failed.lastError());
            Eventually.await("the clinic's email is still sent", () ->
                    message(server, leadId, MailKind.LEAD_NOTIFICATION).status().equals("sent"));

            for (int i = 0; i < 5; i++) {
                advance(server, clock, Duration.ofHours(3));
                Thread.sleep(100);
            }
            assertEquals(1, smtp.rcptAttempts("nobody@example.com"), "no retries");
            assertEquals(1, message(server, leadId, MailKind.VISITOR_CONFIRMATION).attempts());
            assertEquals(1, server.app().outbox().counts().failed());
            assertEquals(1, JSON.readTree(server.get("/healthz").body()).at("/mail/failed").asInt(), "/healthz shows the failure");
        }
    }

    @Test
    void aTemporaryRejectionIsRetriedWithBackoffUntilAccepted() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().rcptReply(a ->
                a.startsWith("busy") ? "450 4.2.1 Mailbox busy, try again later" : "250 2.1.5 OK");
             TestServer server = TestServer.start(smtpAt(smtp.port(), clock))) {
            String leadId = submit(server, "busy@example.com");
            Eventually.await("the first attempt is deferred", () -> {
                OutboxDao.Message m = message(server, leadId, MailKind.VISITOR_CONFIRMATION);
                return m.attempts() == 1 && m.status().equals("pending");
            });
            assertTrue(message(server, leadId, MailKind.VISITOR_CONFIRMATION).lastError().startsWith("SMTP 450"));
            Eventually.await("the clinic's email is sent", () ->
                    message(server, leadId, MailKind.LEAD_NOTIFICATION).status().equals("sent"));
            assertEquals(1, JSON.readTree(server.get("/healthz").body()).at("/mail/pending").asInt(), "/healthz shows it pending");

            advance(server, clock, Duration.ofMinutes(1));
            Eventually.await("a second attempt", () -> smtp.rcptAttempts("busy@example.com") == 2
                    && message(server, leadId, MailKind.VISITOR_CONFIRMATION).status().equals("pending"));
            OutboxDao.Message second = message(server, leadId, MailKind.VISITOR_CONFIRMATION);
            Duration wait = Duration.between(clock.instant(), second.nextAttemptAt());
            assertTrue(wait.compareTo(Duration.ofSeconds(30)) >= 0 && wait.compareTo(Duration.ofSeconds(60)) <= 0,
                    "the delay doubles: " + wait);

            smtp.rcptReply(a -> "250 2.1.5 OK");
            advance(server, clock, Duration.ofMinutes(2));
            Eventually.await("sent on the third attempt", () ->
                    message(server, leadId, MailKind.VISITOR_CONFIRMATION).status().equals("sent"));
            assertEquals(3, message(server, leadId, MailKind.VISITOR_CONFIRMATION).attempts());
            assertEquals(1, smtp.accepted().stream().filter(raw -> raw.contains("To: busy@example.com")).count());
        }
    }

    @Test
    void anEmailThatCannotBeDeliveredWithinTheHorizonIsMarkedFailed() throws Exception {
        int port = freePort();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:00:00Z"));
        try (TestServer server = TestServer.start(smtpAt(port, clock))) {
            String leadId = submit(server, "horizon@example.com");
            Eventually.await("the first attempt fails", () -> allAttemptedAndWaiting(server, leadId, 1));
            advance(server, clock, Duration.ofDays(3).plusMinutes(1));
            Eventually.await("given up", () -> messages(server, leadId).stream().allMatch(m -> m.status().equals("failed")));
            OutboxDao.Message m = message(server, leadId, MailKind.VISITOR_CONFIRMATION);
            assertEquals(2, m.attempts(), "one last attempt at the horizon, then no more");
            assertTrue(m.lastError().startsWith("gave up after 2 attempts"), m.lastError());
        }
    }

    @Test
    void stoppingLetsSendsInProgressFinishAndLeavesTheRestQueued() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().dataDelay(Duration.ofMillis(1500))) {
            TestServer server = TestServer.start(TestServer.Builder.defaults().smtp("127.0.0.1", smtp.port()));
            try {
                submit(server, "one@example.com");
                submit(server, "two@example.com");
                submit(server, "three@example.com"); // 6 emails, 4 senders: 2 wait
                Eventually.await("four sends in progress", () -> smtp.dataStarted() == 4);
                server.app().stop();
                Map<String, Long> byStatus = server.jdbi().withHandle(h -> h.createQuery("SELECT status FROM outbox")
                        .mapTo(String.class).list()).stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
                assertEquals(Map.of("sent", 4L, "pending", 2L), byStatus, "in-flight finished, the rest stay queued");
                assertEquals(4, smtp.accepted().size());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void aLineBreakInTheVisitorsAddressIsRefusedBeforeAnythingIsStored() throws Exception {
        try (TestServer server = TestServer.start()) {
            for (String email : List.of("jordan@example.com\\r\\nBcc: victim@example.org", "jordan@example.com\\nX-Evil: 1",
                    "jordan@example.com\\r\\n\\r\\nInjected body", "jordan@exam\\rple.com",
                    "\\r\\n jordan@example.com \\r\\n", "jordan@example.com\\n")) { // a line break is refused, even at an end
                HttpResponse<String> r = server.postJson(LEADS, Leads.validJson().replace("jordan@example.com", email));
                assertEquals(422, r.statusCode(), r.body());
                assertTrue(JSON.readTree(r.body()).path("errors").has("email"), "the email field is named: " + r.body());
            }
            assertEquals(0, server.leadCount());
            assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM outbox").mapTo(Long.class).one()));

            // Surrounding spaces are trimmed: what is stored and used in a header is clean.
            String leadId = submit(server, "  jordan@example.com \\u00A0");
            assertEquals("jordan@example.com", server.recipient(server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT id FROM outbox WHERE lead_id = :id AND kind = 'visitor-confirmation'")
                    .bind("id", leadId).mapTo(String.class).one())));
        }
    }
}
