package io.consultdesk.team;

import static io.consultdesk.team.Teams.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.db.Sealer;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Mails;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.ScriptedSmtpServer;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The invitation's token in the outbox, against an SMTP server that answers as a test chooses: sealed with
 * the data key and bound to its row while the email waits, never in clear in the database, erased once the
 * email is sent, failed for good, or withdrawn because the invitation was revoked before it went.
 */
class InvitationMailTest {
    static final Instant START = Instant.parse("2026-11-23T17:00:00Z");

    record Row(String id, String status, int attempts, String sealed, String inviteId) {}

    static Row row(TestServer server, String email) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id, status, attempts, sealed_secret, invite_id FROM outbox"
                        + " WHERE kind = 'staff-invitation' ORDER BY created_at DESC, id")
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)))
                .list()).stream().filter(r -> email.equals(server.recipient(r.id()))).findFirst().orElseThrow();
    }

    static String tokenHash(TestServer server, String inviteId) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM staff_invite WHERE id = :id")
                .bind("id", inviteId).mapTo(String.class).one());
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whileItWaitsTheTokenIsSealedToItsRowAndARetrySendsItThenErasesIt() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        MutableClock clock = new MutableClock(START);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().rcptReply(a ->
                busy.get() && a.startsWith("later") ? "450 4.2.1 Mailbox busy, try again later" : "250 2.1.5 OK");
             TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock).smtp("127.0.0.1", smtp.port()))) {
            StaffClient owner = StaffClient.signedIn(server, "owner@sealed.example", Role.OWNER, "demo");
            Teams.invite(owner, "demo", "later@sealed.example", "staff");
            Eventually.await("the first attempt is deferred", () -> {
                Row r = row(server, "later@sealed.example");
                return r.attempts() == 1 && r.status().equals("pending");
            });
            Row waiting = row(server, "later@sealed.example");
            assertTrue(waiting.sealed() != null && waiting.sealed().startsWith("s1:"), "sealed with the data key: " + waiting.sealed());
            Sealer sealer = server.app().database().sealer();
            String token = sealer.open(waiting.sealed(), "outbox.sealed_secret:" + waiting.id());
            assertEquals(43, token.length());
            assertEquals(tokenHash(server, waiting.inviteId()), sha256(token), "the sealed value is the link's token");
            assertThrows(Sealer.Unreadable.class, () -> sealer.open(waiting.sealed(), "outbox.sealed_secret:another-row"),
                    "bound to its row: copied to another, it does not open");
            Teams.assertNoTokenInTheDatabase(server, token);

            busy.set(false);
            clock.advance(Duration.ofMinutes(5));
            Teams.invite(owner, "demo", "nudge@sealed.example", "staff"); // wakes the worker, which finds the retry due
            Eventually.await("the retry is sent", () -> row(server, "later@sealed.example").status().equals("sent"));
            assertEquals(null, row(server, "later@sealed.example").sealed(), "erased once sent");
            MimeMessage delivered = smtp.accepted().stream().map(Mails::parse)
                    .filter(m -> Mails.to(m).equals("later@sealed.example")).findFirst().orElseThrow();
            assertEquals("/staff/invitation/" + token, Teams.linkIn(delivered), "the link carries the token that was sealed");
        }
    }

    @Test
    void revokedBeforeItWentTheEmailIsNotSentAndItsTokenIsErasedAtOnce() throws Exception {
        MutableClock clock = new MutableClock(START);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().rcptReply(a ->
                a.startsWith("busy") ? "450 4.2.1 Mailbox busy, try again later" : "250 2.1.5 OK");
             TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock).smtp("127.0.0.1", smtp.port()))) {
            StaffClient owner = StaffClient.signedIn(server, "owner@revoked.example", Role.OWNER, "demo");
            Teams.invite(owner, "demo", "busy@revoked.example", "staff");
            Eventually.await("the first attempt is deferred", () -> row(server, "busy@revoked.example").status().equals("pending")
                    && row(server, "busy@revoked.example").attempts() == 1);
            Row waiting = row(server, "busy@revoked.example");
            assertTrue(waiting.sealed() != null);

            owner.get(Teams.team("demo"));
            assertEquals(303, owner.post(Teams.team("demo") + "/invitations/" + waiting.inviteId() + "/revoke", Map.of()).statusCode());
            Row withdrawn = row(server, "busy@revoked.example");
            assertEquals("superseded", withdrawn.status());
            assertEquals(null, withdrawn.sealed(), "the token is erased with the revocation, not when the retry comes");

            // Time passes and the worker runs: the withdrawn email is not attempted again.
            clock.advance(Duration.ofMinutes(10)); // well past the retry's time (15 to 30 s), within the idle logoff
            Teams.invite(owner, "demo", "after@revoked.example", "staff");
            Eventually.await("the next invitation is sent", () -> row(server, "after@revoked.example").status().equals("sent"));
            assertEquals(1, smtp.rcptAttempts("busy@revoked.example"));
            assertEquals("superseded", row(server, "busy@revoked.example").status());
        }
    }

    @Test
    void aPermanentlyRefusedInvitationIsFailedAndItsTokenErased() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer().rcptReply(a ->
                a.startsWith("nobody") ? "550 5.1.1 <" + a + ">: Recipient address rejected: User unknown" : "250 2.1.5 OK");
             TestServer server = TestServer.start(TestServer.Builder.defaults().smtp("127.0.0.1", smtp.port()))) {
            StaffClient owner = StaffClient.signedIn(server, "owner@failed.example", Role.OWNER, "demo");
            Teams.invite(owner, "demo", "nobody@failed.example", "staff");
            Eventually.await("the invitation is failed", () -> row(server, "nobody@failed.example").status().equals("failed"));
            assertEquals(null, row(server, "nobody@failed.example").sealed());
            assertEquals(0, count(server, "SELECT count(*) FROM outbox WHERE sealed_secret IS NOT NULL"));
            // The owner still sees it pending and may resend it (to a corrected address, they invite again).
            assertTrue(owner.get(Teams.team("demo")).body().contains("data-invite=\"nobody@failed.example\""));
            assertFalse(smtp.accepted().stream().anyMatch(m -> m.contains("nobody@failed.example")));
            assertEquals(List.of(), smtp.accepted());
        }
    }
}
