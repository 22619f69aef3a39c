package io.consultdesk.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Audit flooding (finding 10 of issue 13) and the audit page's own views (finding 12): every security event is
 * kept, but a burst of the same one (event, account, address, minute) is one row with a count.
 */
class AuditRepeatsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:10Z"));

    record Row(String action, String detail, int count) {}

    static List<Row> rows(TestServer server, String where) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT action, detail, repeat_count FROM audit_log WHERE " + where
                        + " ORDER BY id").map((rs, c) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3))).list());
    }

    @Test
    void threeHundredRefusedSignInsAreAFewRowsWhoseCountsAddUpToThreeHundred() {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock))) {
            StaffClient.addUser(server, "pat@clinic.example", Role.STAFF, "demo");
            StaffClient client = new StaffClient(server);
            for (int i = 0; i < 300; i++) {
                int status = client.signIn("pat@clinic.example", "wrong " + i).statusCode();
                assertTrue(status == 401 || status == 429, "refused: " + status);
            }
            List<Row> refused = rows(server, "action IN ('staff.signInFailed', 'staff.signInBlocked')");
            assertTrue(refused.size() <= 4, "a few rows, not one per attempt: " + refused);
            assertEquals(300, refused.stream().mapToInt(Row::count).sum(), "every attempt is counted: " + refused);

            // The audit page shows the count.
            StaffClient admin = StaffClient.signedIn(server, "admin@consultdesk.example", Role.ADMIN);
            String page = admin.get("/staff/audit?action=staff.signInBlocked").body();
            assertTrue(page.contains("×295"), page);

            // A minute later the same event starts a new row.
            clock.advance(Duration.ofMinutes(1));
            client.signIn("pat@clinic.example", "one more");
            assertEquals(refused.size() + 1, rows(server, "action IN ('staff.signInFailed', 'staff.signInBlocked')").size());
        }
    }

    @Test
    void theLogStaysAppendOnlyApartFromARepeatCount() {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock))) {
            new StaffClient(server).signIn("x@clinic.example", "wrong password");
            assertThrows(Exception.class, () -> server.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET detail = 'edited'")));
            assertThrows(Exception.class, () -> server.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET repeat_count = 0")));
            assertThrows(Exception.class, () -> server.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log")));
        }
    }

    @Test
    void eachViewOfTheAuditLogIsAuditedWithItsFiltersAndPagingIsOneRow() {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock))) {
            StaffClient admin = StaffClient.signedIn(server, "admin@consultdesk.example", Role.ADMIN);
            assertEquals(200, admin.get("/staff/audit").statusCode());
            for (int page = 1; page <= 3; page++) {
                assertEquals(200, admin.get("/staff/audit?action=staff.signedIn&email=admin%40consultdesk.example&page=" + page)
                        .statusCode());
            }
            List<Row> views = rows(server, "action = 'audit.viewed'");
            assertEquals(List.of(new Row("audit.viewed", "no filter", 1),
                    new Row("audit.viewed", "action=staff.signedIn · email=admin@consultdesk.example", 3)), views);
            String who = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT actor_email FROM audit_log WHERE action = 'audit.viewed' LIMIT 1").mapTo(String.class).one());
            assertEquals("admin@consultdesk.example", who);
            // Someone who may not see the log leaves no view of it.
            StaffClient staff = StaffClient.signedIn(server, "s@clinic.example", Role.STAFF, "demo");
            assertEquals(404, staff.get("/staff/audit").statusCode());
            assertEquals(2, rows(server, "action = 'audit.viewed'").size());
            assertTrue(admin.get("/staff/audit?action=audit.viewed").body().contains("×3"));
        }
    }
}
