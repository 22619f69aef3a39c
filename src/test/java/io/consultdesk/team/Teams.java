package io.consultdesk.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.base.GreenMailOperations;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Mails;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the team tests share: a second clinic, inviting through the page, and the link from the email. */
final class Teams {
    static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/staff/invitation/([A-Za-z0-9_-]{43}))");

    private Teams() {}

    /** A clinic besides the demo one, with its own name. */
    static void addClinic(TestServer server, String slug, String name) {
        Clinic d = ClinicService.demoClinic();
        server.app().clinics().save(new Clinic(slug, name, d.phone(), d.hours(), d.brandColor(), d.offer(), d.locale(),
                d.privacyNoticeUrl(), d.locations(), d.allowedOrigins(),
                new Clinic.Recipients(List.of("intake@" + slug + ".example"), List.of(), List.of()), d.questions()));
    }

    static String team(String clinic) {
        return "/staff/clinics/" + clinic + "/team";
    }

    /** Invites through the team page's form; expects the redirect back with the confirmation. */
    static void invite(StaffClient owner, String clinic, String email, String role) {
        HttpResponse<String> r = owner.post(team(clinic) + "/invitations", Map.of("email", email, "role", role));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(team(clinic) + "?done=invited", location(r));
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElse("");
    }

    /** The invitation emails received so far by one address, oldest first. */
    static List<MimeMessage> invitationsTo(GreenMailOperations smtp, String email) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> Mails.to(m).equals(email) && Mails.subject(m).startsWith("You’re invited")).toList();
    }

    /** Waits for the n-th invitation email to an address and returns its link's path ({@code /staff/invitation/…}). */
    static String awaitLink(GreenMailOperations smtp, String email, int n) {
        Eventually.await("invitation email number " + n + " to " + email, () -> invitationsTo(smtp, email).size() >= n);
        return linkIn(invitationsTo(smtp, email).get(n - 1));
    }

    static String linkIn(MimeMessage m) {
        String text = Mails.textParts(m).get("text/plain");
        Matcher k = LINK.matcher(text);
        assertTrue(k.find(), "a link in the email: " + text);
        return k.group(1);
    }

    static String token(String linkPath) {
        return linkPath.substring(linkPath.lastIndexOf('/') + 1);
    }

    static long count(TestServer server, String sql, Object... binds) {
        return server.jdbi().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i + 1 < binds.length; i += 2) {
                q.bind((String) binds[i], binds[i + 1]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    static String userId(TestServer server, String email) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM staff_user WHERE email = :e").bind("e", email)
                .mapTo(String.class).one());
    }

    /** The person's role in a clinic and whether it is active, e.g. "staff active", or "none". */
    static String membership(TestServer server, String email, String clinic) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT c.role || CASE WHEN c.disabled_at IS NULL THEN ' active'"
                        + " ELSE ' disabled' END FROM staff_clinic c JOIN staff_user u ON u.id = c.user_id"
                        + " WHERE u.email = :e AND c.clinic_slug = :c").bind("e", email).bind("c", clinic)
                .mapTo(String.class).findOne().orElse("none"));
    }

    /** Every text value of every table: the raw token is nowhere (only its hash, and sealed while it waits). */
    static void assertNoTokenInTheDatabase(TestServer server, String token) {
        List<String> tables = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'").mapTo(String.class).list());
        for (String table : tables) {
            List<Map<String, Object>> rows = server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM \"" + table + "\"")
                    .mapToMap().list());
            for (Map<String, Object> row : rows) {
                for (Object value : row.values()) {
                    assertFalse(value != null && value.toString().contains(token), "the raw token is in table " + table);
                }
            }
        }
    }

    /** A client that opened an invitation's page (its cookie and the form's token are set). */
    static StaffClient opened(TestServer server, String link) {
        StaffClient c = new StaffClient(server);
        HttpResponse<String> page = c.get(link);
        assertEquals(200, page.statusCode(), page.body());
        return c;
    }
}
