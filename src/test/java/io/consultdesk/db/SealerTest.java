package io.consultdesk.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.lead.SealedAnswers;
import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encryption of answers and notes (AES-256-GCM, bound to its row), what is stored for a real lead,
 * and V5, which seals the answers earlier versions kept in plain columns.
 */
class SealerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private Path dir;

    @BeforeEach
    void tempDir() throws IOException {
        dir = Files.createTempDirectory("consultdesk-sealer-test");
    }

    @AfterEach
    void deleteTempDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static byte[] payload(String sealed) {
        return Base64.getUrlDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1));
    }

    private static String withPayload(String sealed, byte[] payload) {
        return sealed.substring(0, sealed.lastIndexOf(':') + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "Mornings are best.", "José · 日本語 · 🙂", "{\"conditions\":[\"depression\"]}"})
    void whatIsSealedOpensWithTheSameKeyAndContext(String text) {
        byte[] key = randomKey();
        String sealed = new Sealer(key).seal(text, "lead:abc");
        assertEquals(text, new Sealer(key).open(sealed, "lead:abc"));
        assertEquals(text, new Sealer(key.clone()).open(sealed, "lead:abc"), "the key, not the instance, opens it");
    }

    @Test
    void aLongValueRoundTrips() {
        byte[] key = randomKey();
        String text = "x".repeat(200_000) + "end";
        assertEquals(text, new Sealer(key).open(new Sealer(key).seal(text, "note:1:2"), "note:1:2"));
    }

    @Test
    void nullStaysNull() {
        Sealer sealer = new Sealer(randomKey());
        assertNull(sealer.seal(null, "lead:x"));
        assertNull(sealer.open(null, "lead:x"));
    }

    @Test
    void theFormatNamesTheKeyAndCarriesNonceCiphertextAndTag() throws Exception {
        byte[] key = randomKey();
        Sealer sealer = new Sealer(key);
        String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        assertEquals(keyId, sealer.keyId());
        String text = "twelve bytes";
        String sealed = sealer.seal(text, "lead:abc");
        assertTrue(sealed.startsWith("s1:" + keyId + ":"), sealed);
        assertTrue(sealed.substring(("s1:" + keyId + ":").length()).matches("[A-Za-z0-9_-]+"), "base64url, no padding");
        assertEquals(12 + text.length() + 16, payload(sealed).length, "nonce, ciphertext, tag");
        assertFalse(sealed.contains("twelve"));
    }

    @Test
    void eachSealUsesAFreshNonce() {
        Sealer sealer = new Sealer(randomKey());
        Set<String> sealedValues = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String sealed = sealer.seal("the same text", "lead:same");
            sealedValues.add(sealed);
            byte[] p = payload(sealed);
            nonces.add(HexFormat.of().formatHex(p, 0, 12));
        }
        assertEquals(1000, sealedValues.size(), "the same text never seals the same way twice");
        assertEquals(1000, nonces.size(), "no nonce repeats");
    }

    @Test
    void anotherContextDoesNotOpen() {
        Sealer sealer = new Sealer(randomKey());
        String sealed = sealer.seal("Mornings are best.", SealedAnswers.context("lead-A"));
        assertThrows(Sealer.Unreadable.class, () -> sealer.open(sealed, SealedAnswers.context("lead-B")),
                "a value copied to another lead does not open");
        assertThrows(Sealer.Unreadable.class, () -> sealer.open(sealed, "note:lead-A:n1"), "nor as a note");
        assertEquals("Mornings are best.", sealer.open(sealed, SealedAnswers.context("lead-A")));
    }

    @Test
    void anotherKeyDoesNotOpen() {
        String sealed = new Sealer(randomKey()).seal("Mornings are best.", "lead:a");
        Sealer.Unreadable e = assertThrows(Sealer.Unreadable.class, () -> new Sealer(randomKey()).open(sealed, "lead:a"));
        assertTrue(e.getMessage().contains("another key"), e.getMessage());
    }

    @Test
    void anotherKeyUnderTheSameKeyIdDoesNotOpen() {
        Sealer one = new Sealer(randomKey());
        Sealer other = new Sealer(randomKey());
        String sealed = one.seal("Mornings are best.", "lead:a");
        String relabelled = "s1:" + other.keyId() + sealed.substring(("s1:" + one.keyId()).length());
        assertThrows(Sealer.Unreadable.class, () -> other.open(relabelled, "lead:a"), "the tag, not the label, decides");
    }

    @Test
    void everyAlteredByteIsDetected() {
        Sealer sealer = new Sealer(randomKey());
        String sealed = sealer.seal("Mornings are best.", "lead:a");
        byte[] original = payload(sealed);
        for (int i = 0; i < original.length; i++) {
            byte[] altered = original.clone();
            altered[i] ^= 0x01;
            String tampered = withPayload(sealed, altered);
            assertThrows(Sealer.Unreadable.class, () -> sealer.open(tampered, "lead:a"), "byte " + i + " altered");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain text", "s1:", "s1:abc", "s2:abcdef01:AAAA", "s1:%s:", "s1:%s:AAAA", "s1:%s:not*base64!"})
    void malformedValuesAreUnreadable(String template) {
        Sealer sealer = new Sealer(randomKey());
        String value = template.contains("%s") ? String.format(template, sealer.keyId()) : template;
        assertThrows(Sealer.Unreadable.class, () -> sealer.open(value, "lead:a"));
    }

    @Test
    void truncatedValuesAreUnreadable() {
        Sealer sealer = new Sealer(randomKey());
        String sealed = sealer.seal("Mornings are best.", "lead:a");
        byte[] p = payload(sealed);
        for (int n : new int[] {0, 11, 12, 27, p.length - 1}) {
            String cut = withPayload(sealed, java.util.Arrays.copyOf(p, n));
            assertThrows(Sealer.Unreadable.class, () -> sealer.open(cut, "lead:a"), n + " bytes");
        }
    }

    @Test
    void aKeyMustBe32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new Sealer(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new Sealer(new byte[33]));
    }

    @Test
    void aStoredLeadKeepsItsAnswersOnlySealed() throws Exception {
        String message = "Zebra-striped mornings, call after nine";
        try (TestServer server = TestServer.start()) {
            ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
            body.put("message", message);
            body.putArray("conditions").add("ptsd").add("chronicPain");
            body.putObject("screening").putObject("safety").put("ketamineReaction", "notSure");
            HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", body.toString());
            assertEquals(201, r.statusCode(), r.body());
            String id = JSON.readTree(r.body()).get("id").asText();

            Map<String, Object> row = server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM lead WHERE id = :id")
                    .bind("id", id).mapToMap().one());
            String sealed = (String) row.get("sealed");
            assertTrue(sealed.startsWith("s1:" + server.app().database().sealer().keyId() + ":"), sealed);
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String value = String.valueOf(column.getValue());
                for (String secret : List.of("Zebra", "nine", "ptsd", "chronicPain", "ketamineReaction", "notSure")) {
                    assertFalse(value.contains(secret), "column " + column.getKey() + " holds \"" + secret + "\" in clear");
                }
            }
            SealedAnswers answers = server.answers(id);
            assertEquals(message, answers.message());
            assertEquals(List.of("ptsd", "chronicPain"), answers.conditions());
            assertEquals("notSure", answers.screening().at("/safety/ketamineReaction").asText());
            assertThrows(Sealer.Unreadable.class, () -> SealedAnswers.open(server.app().database().sealer(), "another-lead", sealed),
                    "bound to its lead");

            for (Path file : databaseFiles(server.app().database().file())) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // the WAL is removed when its last connection closes: nothing left in it to read
                }
                assertFalse(contains(bytes, message.getBytes(StandardCharsets.UTF_8)),
                        file.getFileName() + " holds the message in clear");
            }
        }
    }

    /** The database file and its WAL and shared-memory files, as far as they exist. */
    private static List<Path> databaseFiles(Path db) {
        return Stream.of("", "-wal", "-shm").map(suffix -> db.resolveSibling(db.getFileName() + suffix))
                .filter(Files::exists).toList();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // V5: sealing the answers of a database written by V1–V3

    private static final List<String> PLAIN_COLUMNS = List.of("conditions", "tms_checklist", "message", "screening",
            "depression_total", "anxiety_total", "triage_reasons");

    /** A database at schema version 3 with one clinic and two leads whose answers are in plain columns. */
    private Path version3Database() {
        Path file = dir.resolve("consultdesk.db");
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").target("3")
                .load().migrate();
        Jdbi jdbi = Jdbi.create(url);
        jdbi.useHandle(h -> {
            assertEquals("3", h.createQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")
                    .mapTo(String.class).one());
            h.execute("INSERT INTO clinic (slug, name, phone, hours, brand_color, locale, questions, created_at, updated_at)"
                    + " VALUES ('demo', 'Bright Harbor', '(310) 555-0142', '9-5', '#2f6f73', 'en', '{}', 0, 0)");
            h.execute("INSERT INTO lead (id, clinic_slug, created_at, source, status, name, email, phone, preferred_contact,"
                    + " adult, conditions, tms_checklist, message, screening, depression_total, anxiety_total, help_now,"
                    + " urgent, priority, flags, triage_reasons)"
                    + " VALUES ('old-lead', 'demo', 1700000000000, 'api', 'new', 'Jordan Rivera', 'jordan@example.com',"
                    + " '+13105550199', 'phone', 1, '[\"depression\",\"anxiety\"]',"
                    + " '{\"struggles\":true,\"medications\":false}', 'Quokka evenings only',"
                    + " '{\"depression\":{\"instrument\":\"phq9\",\"answers\":[2,2,1,1,1,1,1,1,1]},\"antidepressantTrials\":2}',"
                    + " 11, NULL, 0, 1, 0, '[\"tmsLikelyFit\"]', '[\"phq9.item9\",\"likelyFit.condition.depression\"]')");
            h.execute("INSERT INTO lead (id, clinic_slug, created_at, source, name, email, preferred_contact, adult,"
                    + " conditions, tms_checklist)"
                    + " VALUES ('bare-lead', 'demo', 1700000001000, 'widget', 'Casey Morgan', 'casey@example.com', 'email', 1,"
                    + " '[]', '{}')");
        });
        return file;
    }

    @Test
    void v5SealsThePlainAnswersOfEarlierVersionsAndDropsTheirColumns() throws Exception {
        Path file = version3Database();
        Sealer sealer = new Sealer(randomKey());
        Database db = Database.open(file, sealer);
        assertEquals(io.consultdesk.support.Migrations.newest(), db.state().schemaVersion());

        List<String> columns = db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM pragma_table_info('lead')")
                .mapTo(String.class).list());
        assertTrue(columns.contains("sealed"));
        for (String plain : PLAIN_COLUMNS) {
            assertFalse(columns.contains(plain), plain + " is gone");
        }

        String sealed = db.jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM lead WHERE id = 'old-lead'")
                .mapTo(String.class).one());
        assertTrue(sealed.startsWith("s1:" + sealer.keyId() + ":"), sealed);
        assertFalse(sealed.contains("Quokka"));
        SealedAnswers answers = SealedAnswers.open(sealer, "old-lead", sealed);
        assertEquals(List.of("depression", "anxiety"), answers.conditions());
        assertEquals(Map.of("struggles", true, "medications", false), answers.tmsChecklist());
        assertEquals("Quokka evenings only", answers.message());
        assertEquals(JSON.readTree("{\"depression\":{\"instrument\":\"phq9\",\"answers\":[2,2,1,1,1,1,1,1,1]},"
                + "\"antidepressantTrials\":2}"), answers.screening());
        assertEquals(List.of("phq9.item9", "likelyFit.condition.depression"), answers.triageReasons());

        String bareSealed = db.jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM lead WHERE id = 'bare-lead'")
                .mapTo(String.class).one());
        SealedAnswers bare = SealedAnswers.open(sealer, "bare-lead", bareSealed);
        assertEquals(List.of(), bare.conditions());
        assertNull(bare.message());
        assertTrue(bare.screening().isNull(), "no screening stays none");
        assertEquals(List.of(), bare.triageReasons());

        assertThrows(Sealer.Unreadable.class, () -> SealedAnswers.open(sealer, "bare-lead", sealed), "each bound to its lead");
    }

    // V8: sealing who wrote and whether it was a crisis

    @Test
    void v8SealsNamesEmailsPhonesAndTheCrisisMarkersAndDropsThePlainMarkers() throws Exception {
        Path file = version3Database();
        Sealer sealer = new Sealer(randomKey());
        Database db = Database.open(file, sealer);
        List<String> columns = db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM pragma_table_info('lead')")
                .mapTo(String.class).list());
        for (String plain : List.of("urgent", "help_now", "priority", "flags", "acknowledged_at", "escalated_at")) {
            assertFalse(columns.contains(plain), plain + " is gone");
        }
        Map<String, Object> row = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT name, email, phone, triage FROM lead WHERE id = 'old-lead'").mapToMap().one());
        for (String column : List.of("name", "email", "phone", "triage")) {
            assertTrue(((String) row.get(column)).startsWith("s1:" + sealer.keyId() + ":"), column + " is sealed");
        }
        assertEquals("Jordan Rivera", sealer.open((String) row.get("name"), SealContexts.lead("old-lead", "name")));
        assertEquals("jordan@example.com", sealer.open((String) row.get("email"), SealContexts.lead("old-lead", "email")));
        assertEquals("+13105550199", sealer.open((String) row.get("phone"), SealContexts.lead("old-lead", "phone")));
        io.consultdesk.lead.SealedLead.Triage triage = io.consultdesk.lead.SealedLead.Triage.open(db.opened(), "old-lead",
                (String) row.get("triage"));
        assertTrue(triage.urgent(), "the crisis marker is kept, sealed");
        assertFalse(triage.helpNow());
        assertEquals(0, triage.priority());
        assertEquals(List.of("tmsLikelyFit"), triage.flags());
        assertThrows(Sealer.Unreadable.class, () -> sealer.open((String) row.get("name"), SealContexts.lead("bare-lead", "name")),
                "each bound to its lead and column");

        List<String> tokens = db.jdbi().withHandle(h -> h.createQuery("SELECT token FROM lead_lookup WHERE lead_id = 'old-lead'")
                .mapTo(String.class).list());
        assertTrue(tokens.containsAll(db.lookup().query("rivera")), "found by a word of the name");
        assertTrue(tokens.containsAll(db.lookup().query("jordan@example.com")), "by the email");
        assertTrue(tokens.containsAll(db.lookup().query("555-0199")), "by the phone's last digits");
        assertFalse(tokens.containsAll(db.lookup().query("casey")), "not by another person's name");
    }

    @Test
    void afterV8NoNameEmailPhoneOrCrisisMarkerIsLeftInTheDatabaseFiles() throws Exception {
        Path file = version3Database();
        List<String> secrets = List.of("Jordan Rivera", "jordan@example.com", "+13105550199", "Casey Morgan", "tmsLikelyFit");
        assertTrue(databaseFiles(file).stream().anyMatch(f -> contains(read(f), "Jordan Rivera".getBytes(StandardCharsets.UTF_8))),
                "V3 kept the name in clear");
        Database.open(file, new Sealer(randomKey()));
        for (Path f : databaseFiles(file)) {
            for (String secret : secrets) {
                assertFalse(contains(read(f), secret.getBytes(StandardCharsets.UTF_8)), f.getFileName() + " still holds "
                        + secret + " in clear");
            }
        }
    }

    /** Encryption at rest means the old plain text is not left behind in free pages or the journal either. */
    @Test
    void afterV5NoPlainAnswerIsLeftInTheDatabaseFiles() throws Exception {
        Path file = version3Database();
        byte[] message = "Quokka evenings only".getBytes(StandardCharsets.UTF_8);
        assertTrue(databaseFiles(file).stream().anyMatch(f -> contains(read(f), message)), "V3 kept the message in clear");
        Database db = Database.open(file, new Sealer(randomKey()));
        String secureDelete = db.jdbi().withHandle(h -> h.createQuery("PRAGMA secure_delete").mapTo(String.class).one());
        for (Path f : databaseFiles(file)) {
            assertFalse(contains(read(f), message), f.getFileName() + " still holds the message in clear (secure_delete="
                    + secureDelete + ")");
            assertFalse(contains(read(f), "likelyFit.condition".getBytes(StandardCharsets.UTF_8)), f.getFileName()
                    + " still holds the triage reasons in clear");
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDatabaseOpensOnlyWithTheKeyItWasWrittenWith() {
        Path file = version3Database();
        byte[] key = randomKey();
        Database.open(file, new Sealer(key));
        Database.WrongKey e = assertThrows(Database.WrongKey.class, () -> Database.open(file, new Sealer(randomKey())));
        assertTrue(e.getMessage().contains("CONSULTDESK_DATA_KEY"), e.getMessage());
        Database again = Database.open(file, new Sealer(key.clone()));
        assertEquals(io.consultdesk.support.Migrations.newest(), again.state().schemaVersion(), "the right key still opens it");
        String sealed = again.jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM lead WHERE id = 'old-lead'")
                .mapTo(String.class).one());
        assertEquals("Quokka evenings only", SealedAnswers.open(again.sealer(), "old-lead", sealed).message());
    }

    @Test
    void aFreshDatabaseOpensWithTheKeyItWasCreatedWithOnly() {
        Path file = dir.resolve("fresh.db");
        byte[] key = randomKey();
        Database.open(file, new Sealer(key));
        assertThrows(Database.WrongKey.class, () -> Database.open(file, new Sealer(randomKey())));
        assertEquals(io.consultdesk.support.Migrations.newest(), Database.open(file, new Sealer(key)).state().schemaVersion());
    }
}
