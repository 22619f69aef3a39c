package io.consultdesk.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.booking.BookingDao;
import io.consultdesk.booking.BookingService;
import io.consultdesk.booking.BookingTokens;
import io.consultdesk.support.Eventually;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a copy of the data directory gives away: the directory is the server user's only (0700, files 0600,
 * checked and fixed at every start), and nothing in the database signs a working link (the link secret is
 * derived from the data key, which is not in the database).
 */
class DataAtRestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> modes(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    out.put(dir.relativize(p).toString(), PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
                }
            }
        }
        return out;
    }

    private static void assertOwnerOnly(Path dir) throws Exception {
        Map<String, String> modes = modes(dir);
        assertTrue(modes.containsKey("consultdesk.db") && modes.containsKey("data.key"), modes.toString());
        assertTrue(modes.keySet().stream().anyMatch(k -> k.endsWith(".eml")), "an email was written: " + modes);
        modes.forEach((path, mode) -> assertEquals(Files.isDirectory(dir.resolve(path)) ? "rwx------" : "rw-------", mode,
                path + " is " + mode));
    }

    @Test
    void theDataDirectoryAndEveryFileInItAreTheServersOnlyAndAreMadeSoAgainAtStart() throws Exception {
        Path parent = Files.createTempDirectory("consultdesk-perms");
        TestServer server = TestServer.start(TestServer.Builder.defaults());
        try {
            assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
            Eventually.await("the emails are written", () -> server.app().outbox().counts().pending() == 0
                    && server.app().outbox().counts().sending() == 0);
            assertOwnerOnly(server.dataDir());

            // An older install, or a careless copy: everything readable by all. The next start closes it again.
            try (Stream<Path> all = Files.walk(server.dataDir())) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            TestServer again = server.restart(TestServer.Builder.defaults());
            try {
                assertOwnerOnly(again.dataDir());
            } finally {
                again.close();
            }
        } finally {
            Files.deleteIfExists(parent);
        }
    }

    @Test
    void aNewDataDirectoryIsCreatedOwnerOnly() throws Exception {
        Path parent = Files.createTempDirectory("consultdesk-new");
        Path dir = parent.resolve("data");
        DataDir.secure(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        DataDir.createPrivateFile(dir.resolve("consultdesk.db"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("consultdesk.db"))));
    }

    @Test
    void aCopyOfTheDatabaseFileForgesNoBookingLink() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-16T16:00:00Z")); // a Monday, 8 am in Los Angeles
        TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        try {
            String lead = JSON.readTree(server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).body()).get("id").asText();
            BookingService bookings = server.app().bookings();
            BookingService.Outcome o = bookings.book(server.app().clinics().find("demo").orElseThrow(), lead, "in-person",
                    "beverly-hills", Instant.parse("2026-11-17T17:00:00Z"), BookingService.Source.widget("203.0.113.9"));
            BookingDao.BookingRow b = assertInstanceOf(BookingService.Outcome.Booked.class, o, o.toString()).booking();
            String real = bookings.manageToken(b);
            assertEquals(200, server.get("/consultation/" + real).statusCode(), "the real link works");

            // Everything the database file holds that looks like a key is tried as the link secret.
            List<String> stored = server.jdbi().withHandle(h -> h.createQuery("SELECT name || '=' || value FROM server_secret")
                    .mapTo(String.class).list());
            assertEquals(1, stored.size(), "only the data key's check value is kept: " + stored.stream()
                    .map(s -> s.substring(0, s.indexOf('='))).toList());
            List<byte[]> candidates = new ArrayList<>();
            for (String s : stored) {
                String value = s.substring(s.indexOf('=') + 1);
                candidates.add(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (value.matches("[0-9a-f]{64}")) {
                    candidates.add(HexFormat.of().parseHex(value));
                }
            }
            candidates.add(HexFormat.of().parseHex("00".repeat(32)));
            for (byte[] key : candidates) {
                String forged = new BookingTokens(key).issue(b.id(), b.sequence());
                assertNotEquals(real, forged);
                assertEquals(404, server.get("/consultation/" + forged).statusCode(), "a link signed with what the file holds");
            }

            TestServer again = server.restart(TestServer.Builder.defaults().clock(clock));
            server = again;
            assertEquals(200, again.get("/consultation/" + real).statusCode(),
                    "the same data key gives the same secret: links keep working across restarts and instances");
        } finally {
            server.close();
        }
    }

    /**
     * A copy of the file must not tell who reported a crisis: an urgent request (item 9 above 0, "I need help now") and a
     * routine one from the same person leave rows that differ only in what is sealed, in every table that names a
     * request, also after the urgent one was acknowledged and the other's escalation check ran.
     */
    @Test
    void aCopyOfTheFileDoesNotTellWhichRequestWasUrgent() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-16T16:00:00Z"));
        TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        try {
            com.fasterxml.jackson.databind.node.ObjectNode crisis = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Leads.validJson());
            crisis.put("helpNow", true);
            crisis.putObject("screening").putArray("phq9").add(1).add(1).add(1).add(1).add(1).add(1).add(1).add(1).add(2);
            String urgent = JSON.readTree(server.postJson("/api/v1/clinics/demo/leads", crisis.toString()).body()).get("id").asText();
            com.fasterxml.jackson.databind.node.ObjectNode calm = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Leads.validJson());
            calm.putObject("screening").putArray("phq9").add(1).add(1).add(1).add(1).add(1).add(1).add(1).add(1).add(0);
            String routine = JSON.readTree(server.postJson("/api/v1/clinics/demo/leads", calm.toString()).body()).get("id").asText();
            assertTrue(server.triage(urgent).urgent() && !server.triage(routine).urgent(), "the server itself knows");
            Eventually.await("the emails are sent", () -> server.app().outbox().counts().pending() == 0
                    && server.app().outbox().counts().sending() == 0);
            assertIndistinguishable(server, urgent, routine);

            io.consultdesk.support.StaffClient staff = io.consultdesk.support.StaffClient.signedIn(server,
                    "nurse@demo-clinic.example", io.consultdesk.staff.Role.STAFF, "demo");
            assertEquals(303, staff.post("/staff/leads/" + urgent + "/acknowledge", Map.of()).statusCode());
            clock.advance(java.time.Duration.ofMinutes(20));
            server.app().escalations().escalateDue();
            assertIndistinguishable(server, urgent, routine);
            io.consultdesk.support.StaffClient later = io.consultdesk.support.StaffClient.signedIn(server,
                    "doctor@demo-clinic.example", io.consultdesk.staff.Role.STAFF, "demo"); // the nurse's session idled out
            assertTrue(later.get("/staff/leads/" + urgent).body().contains("Acknowledged by nurse@demo-clinic.example"),
                    "staff still see who acknowledged it on its page");
        } finally {
            server.close();
        }
    }

    private static void assertIndistinguishable(TestServer server, String urgent, String routine) {
        Map<String, String> sealedOrOwn = Map.of("id", "", "created_at", "", "status_changed_at", "", "name", "", "email", "",
                "phone", "", "triage", "", "sealed", "");
        Map<String, Object> a = server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM lead WHERE id = :id").bind("id", urgent)
                .mapToMap().one());
        Map<String, Object> b = server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM lead WHERE id = :id").bind("id", routine)
                .mapToMap().one());
        for (String column : a.keySet()) {
            if (column.equals("escalate_at") && a.get(column) != null && b.get(column) != null) {
                assertEquals(((Number) a.get(column)).longValue() - ((Number) a.get("created_at")).longValue(),
                        ((Number) b.get(column)).longValue() - ((Number) b.get("created_at")).longValue(), "escalate_at");
            } else if (!sealedOrOwn.containsKey(column)) {
                assertEquals(b.get(column), a.get(column), "lead." + column + " tells the urgent request apart");
            }
        }
        List<String> tables = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS"
                        + " (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'lead_id')").mapTo(String.class).list());
        assertTrue(tables.containsAll(List.of("outbox", "audit_log", "lead_consent", "lead_lookup")), tables.toString());
        for (String table : tables) {
            String sql = "SELECT count(*) FROM " + table + " WHERE lead_id = :id";
            long forUrgent = server.jdbi().withHandle(h -> h.createQuery(sql).bind("id", urgent).mapTo(Long.class).one());
            long forRoutine = server.jdbi().withHandle(h -> h.createQuery(sql).bind("id", routine).mapTo(Long.class).one());
            assertEquals(forRoutine, forUrgent, table + " has more rows about the urgent request");
        }
        String priorities = "SELECT group_concat(priority || ' ' || kind, ',') FROM (SELECT priority, kind FROM outbox"
                + " WHERE lead_id = :id ORDER BY priority, kind)";
        String forRoutine = server.jdbi().withHandle(h -> h.createQuery(priorities).bind("id", routine).mapTo(String.class).one());
        String forUrgent = server.jdbi().withHandle(h -> h.createQuery(priorities).bind("id", urgent).mapTo(String.class).one());
        assertEquals(forRoutine, forUrgent, "the emails linked to each are of the same kinds");
    }
}
