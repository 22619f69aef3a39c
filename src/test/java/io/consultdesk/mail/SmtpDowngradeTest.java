package io.consultdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.Config;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.ScriptedSmtpServer;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An SMTP server that offers no STARTTLS (or a network that strips it) gets neither the password nor a single
 * email when a user name is set: the connection stops before AUTH, and the emails wait in the outbox, each with
 * the reason, to go out once the mail settings are fixed.
 */
class SmtpDowngradeTest {
    static final String USER = "desk@clinic.example";
    static final String PASSWORD = "s3cret-Pass-Word";

    @Test
    void aServerWithoutStarttlsGetsNoPasswordAndNoEmailAndTheEmailsWaitWithTheReason() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().offerAuth()) {
            // What an operator writes: host, port, user name and password, no transport.
            MailSettings settings = Config.fromEnv(Map.of(Config.SMTP_HOST, "127.0.0.1",
                    Config.SMTP_PORT, String.valueOf(smtp.port()), Config.SMTP_USERNAME, USER,
                    Config.SMTP_PASSWORD, PASSWORD)).mail();
            try (TestServer server = TestServer.start(TestServer.Builder.defaults().mail(settings))) {
                HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
                assertEquals(201, r.statusCode(), r.body());
                String lead = new ObjectMapper().readTree(r.body()).get("id").asText();
                Eventually.await("every email of the request was tried", () -> {
                    List<OutboxDao.Message> ms = server.app().outbox().forLead(lead);
                    return ms.size() == 2 && ms.stream().allMatch(m -> m.attempts() >= 1 && !m.status().equals("sending"));
                });

                String said = String.join("\n", smtp.commands());
                String upper = said.toUpperCase(Locale.ROOT);
                assertTrue(upper.contains("EHLO"), "it did connect: " + said);
                assertFalse(upper.contains("AUTH"), "no sign-in over a plain connection: " + said);
                assertFalse(said.contains(PASSWORD), said);
                String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertFalse(said.contains(plain) || said.contains(Base64.getEncoder().encodeToString(
                        PASSWORD.getBytes(StandardCharsets.UTF_8))), said);
                assertFalse(upper.contains("MAIL FROM") || upper.contains("RCPT TO") || upper.contains("DATA"),
                        "no email over a plain connection: " + said);
                assertEquals(List.of(), smtp.accepted());

                for (OutboxDao.Message m : server.app().outbox().forLead(lead)) {
                    assertEquals("pending", m.status(), m.kind() + ": kept to be sent once TLS works, not lost");
                    assertTrue(m.lastError() != null && m.lastError().contains("STARTTLS")
                            && m.lastError().contains(Config.SMTP_TRANSPORT), m.kind() + ": " + m.lastError());
                }
            }
        }
    }
}
