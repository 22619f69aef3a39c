package io.consultdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.consultdesk.i18n.Messages;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The two emails of a request, through a real SMTP server (GreenMail on a free port). */
class MailDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEADS = "/api/v1/clinics/demo/leads";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static TestServer server() {
        return TestServer.start(TestServer.Builder.defaults().smtp("127.0.0.1", smtp.getSmtp().getPort()));
    }

    @Test
    void oneRequestSendsExactlyTwoEmailsToTheRightPeopleWithNoAnswerInThem() throws Exception {
        try (TestServer server = server()) {
            HttpResponse<String> r = server.postJson(LEADS, Leads.validJson());
            assertEquals(201, r.statusCode(), r.body());
            String leadId = JSON.readTree(r.body()).get("id").asText();

            assertTrue(smtp.waitForIncomingEmail(15_000, 2), "two emails arrive");
            Eventually.await("the outbox marks both sent", () -> server.app().outbox().forLead(leadId).stream()
                    .allMatch(m -> m.status().equals("sent")));
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(2, received.length, "exactly two emails");

            Map<String, MimeMessage> byRecipient = new HashMap<>();
            for (MimeMessage m : received) {
                byRecipient.put(Mails.to(m), m);
            }
            MimeMessage staff = byRecipient.get("intake@demo-clinic.example");
            MimeMessage visitor = byRecipient.get("jordan@example.com");
            assertTrue(staff != null && visitor != null, "one to the clinic's notification recipient, one to the visitor: "
                    + byRecipient.keySet());

            String link = "http://localhost:" + server.port() + "/staff/leads/" + leadId;
            Map<String, String> staffParts = Mails.textParts(staff);
            assertEquals(Set.of("text/plain", "text/html"), staffParts.keySet());
            assertEquals("New consultation request for Bright Harbor Ketamine & TMS — sign in to review", Mails.subject(staff));
            assertTrue(staffParts.get("text/plain").contains(link), staffParts.get("text/plain"));
            assertTrue(staffParts.get("text/html").contains("href=\"" + link + "\""), "the HTML part links to the lead");
            assertTrue(Mails.header(staff, "From").contains("Bright Harbor Ketamine"), "sent in the clinic's name");

            Map<String, String> visitorParts = Mails.textParts(visitor);
            assertEquals(Set.of("text/plain", "text/html"), visitorParts.keySet());
            for (String part : visitorParts.values()) {
                assertTrue(part.contains("(310) 555-0142"), "the clinic's phone");
                assertTrue(part.contains("Monday to Friday 8am–6pm"), "the clinic's hours");
                assertTrue(part.contains("988") && part.contains("911"), "the not-for-emergencies line");
                assertFalse(part.contains("/staff/"), "no staff link for the visitor");
            }
            assertTrue(visitorParts.get("text/html").contains("href=\"tel:988\""));
            assertTrue(visitorParts.get("text/plain").contains("Bright Harbor Ketamine & TMS"), "plain text is not HTML-escaped");
            assertFalse(visitorParts.get("text/plain").contains("&amp;"));
            assertTrue(visitorParts.get("text/html").contains("#2f6f73"), "the clinic's colour");

            for (MimeMessage m : received) {
                // the visitor's own address is the one submitted value an email may carry (in its To header)
                String everything = Mails.everything(m).replace("jordan@example.com", "");
                for (String value : submittedValuesOtherThanTheEmail()) {
                    assertFalse(everything.toLowerCase().contains(value.toLowerCase()),
                            "\"" + value + "\" must not appear in the email to " + Mails.to(m));
                }
                assertEquals("auto-generated", Mails.header(m, "Auto-Submitted"));
            }
            assertFalse(Mails.everything(staff).contains("jordan@example.com"), "the staff email does not carry the visitor's address");
        }
    }

    /** Everything the visitor typed or chose in Leads.validJson(), as it could be written, except their email address. */
    private static List<String> submittedValuesOtherThanTheEmail() {
        Messages t = Messages.english();
        return List.of("Jordan", "Rivera", "555-0199", "5550199", "Mornings are best",
                t.get("option.condition.depression"), t.get("option.condition.anxiety"),
                t.get("option.interest.tms"), "transcranial", t.get("option.bestTime.morning"),
                t.get("option.referral.doctor"), "Beverly Hills", "California",
                "depression", "anxiety", "referral");
    }

    @Test
    void aMessageIdIsStableAndNamesTheQueuedMessage() throws Exception {
        try (TestServer server = server()) {
            String leadId = JSON.readTree(server.postJson(LEADS, Leads.validJson()).body()).get("id").asText();
            assertTrue(smtp.waitForIncomingEmail(15_000, 2));
            Set<String> expected = server.app().outbox().forLead(leadId).stream()
                    .map(m -> "<" + m.id() + "@localhost>").collect(Collectors.toSet());
            Set<String> received = Arrays.stream(smtp.getReceivedMessages())
                    .map(m -> Mails.header(m, "Message-ID")).collect(Collectors.toSet());
            assertEquals(expected, received);
        }
    }

    @Test
    void twoHundredConcurrentRequestsGiveFourHundredEmailsWithNoDuplicateAndNoLoss() throws Exception {
        int requests = 200;
        try (TestServer server = server()) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<HttpResponse<String>>> responses = new java.util.ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    String body = Leads.validJson().replace("jordan@example.com", "visitor" + i + "@example.com");
                    responses.add(pool.submit(() -> server.postJson(LEADS, body)));
                }
                for (Future<HttpResponse<String>> f : responses) {
                    assertEquals(201, f.get().statusCode(), f.get().body());
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(smtp.waitForIncomingEmail(60_000, 2 * requests), "400 emails arrive");
            Eventually.await("the outbox is drained", () -> {
                OutboxDao.Counts c = server.app().outbox().counts();
                return c.pending() + c.sending() == 0;
            });
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(2 * requests, received.length, "no duplicates");
            Set<String> ids = new HashSet<>();
            Map<String, Integer> perRecipient = new HashMap<>();
            for (MimeMessage m : received) {
                assertTrue(ids.add(Mails.header(m, "Message-ID")), "each Message-ID once");
                perRecipient.merge(Mails.to(m), 1, Integer::sum);
            }
            assertEquals(requests, perRecipient.get("intake@demo-clinic.example"), "one notification per request");
            for (int i = 0; i < requests; i++) {
                assertEquals(1, perRecipient.get("visitor" + i + "@example.com"), "one confirmation for visitor " + i);
            }
            assertEquals(0, server.app().outbox().counts().failed());
        }
    }
}
