package io.consultdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.Mails;
import io.consultdesk.staff.Role;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** With no SMTP server set (the embedded default), emails become readable .eml files, listed for admins at /staff/dev/mail in dev mode. */
class EmlFallbackTest {

    private static List<Path> emlFiles(TestServer server) {
        Path dir = server.dataDir().resolve("mail");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".eml")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachEmailIsWrittenAsAFileAnyMailProgramCanOpen() throws Exception {
        try (TestServer server = TestServer.start()) {
            assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
            Eventually.await("two .eml files", () -> emlFiles(server).size() == 2);

            Map<String, MimeMessage> byRecipient = emlFiles(server).stream()
                    .map(p -> Mails.parse(read(p)))
                    .collect(Collectors.toMap(Mails::to, m -> m));
            assertEquals(java.util.Set.of("intake@demo-clinic.example", "jordan@example.com"), byRecipient.keySet());
            for (MimeMessage m : byRecipient.values()) {
                assertEquals(java.util.Set.of("text/plain", "text/html"), Mails.textParts(m).keySet());
                assertTrue(Mails.header(m, "Message-ID").matches("<[A-Za-z0-9_-]{22}@localhost>"));
                assertTrue(Mails.subject(m).contains("Bright Harbor Ketamine & TMS"));
                assertFalse(Mails.everything(m).contains("Jordan Rivera"));
            }
            for (Path p : emlFiles(server)) {
                assertTrue(p.getFileName().toString().matches("\\d{8}-\\d{6}-[A-Za-z0-9_-]{22}\\.eml"), p.toString());
            }
            assertTrue(server.get("/healthz").body().contains("\"transport\":\"files\""));
            assertEquals(404, server.get("/dev/mail").statusCode(), "the dev mailbox exists only in dev mode");
            assertEquals(404, server.get("/staff/dev/mail").statusCode(), "nor at its dashboard address");
        }
    }

    @Test
    void inDevModeTheMailboxListsAndShowsEachEmail() throws Exception {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().dev(true))) {
            assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
            Eventually.await("two .eml files", () -> emlFiles(server).size() == 2);

            StaffClient admin = StaffClient.signedIn(server, "admin@dev.example", Role.ADMIN);
            HttpResponse<String> list = admin.get("/staff/dev/mail");
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains("New consultation request for Bright Harbor Ketamine &amp; TMS"), list.body());
            assertTrue(list.body().contains("jordan@example.com"));

            String file = emlFiles(server).get(0).getFileName().toString();
            HttpResponse<String> one = admin.get("/staff/dev/mail/" + file);
            assertEquals(200, one.statusCode());
            assertTrue(one.body().contains("Message-ID"));
            assertTrue(one.body().contains("sandbox src=\"/staff/dev/mail/" + file + "/html\""));

            HttpResponse<String> html = admin.get("/staff/dev/mail/" + file + "/html");
            assertEquals(200, html.statusCode());
            assertTrue(html.body().startsWith("<!DOCTYPE html>"));
            String csp = html.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("sandbox") && csp.contains("default-src 'none'"), csp);

            assertEquals(404, admin.get("/staff/dev/mail/..%2Fconsultdesk.db").statusCode());
            assertEquals(404, admin.get("/staff/dev/mail/20260101-000000-AAAAAAAAAAAAAAAAAAAAAA.eml").statusCode());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
