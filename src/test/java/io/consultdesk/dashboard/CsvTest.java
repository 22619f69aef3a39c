package io.consultdesk.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.support.Leads;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import io.consultdesk.staff.Role;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSV export: RFC 4180 quoting, and values a spreadsheet would run as formulas (OWASP CSV
 * injection) neutralised with a leading apostrophe.
 */
class CsvTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("plain", "Jordan Rivera", "\"Jordan Rivera\""),
                Arguments.of("empty", "", "\"\""),
                Arguments.of("null", null, "\"\""),
                Arguments.of("formula =", "=1+1", "\"'=1+1\""),
                Arguments.of("formula +", "+1 (310) 555-0199", "\"'+1 (310) 555-0199\""),
                Arguments.of("formula -", "-2+3", "\"'-2+3\""),
                Arguments.of("formula @", "@SUM(A1:A9)", "\"'@SUM(A1:A9)\""),
                Arguments.of("leading tab", "\t=1", "\"'\t=1\""),
                Arguments.of("leading carriage return", "\r=1", "\"'\r=1\""),
                Arguments.of("quotes doubled", "say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of("formula with quotes", "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
                Arguments.of("comma quoted", "Rivera, Jordan", "\"Rivera, Jordan\""),
                Arguments.of("newline quoted", "line one\nline two", "\"line one\nline two\""),
                Arguments.of("CRLF inside quoted", "a\r\nb", "\"a\r\nb\""),
                Arguments.of("= not first is text", "a=b", "\"a=b\""),
                Arguments.of("- not first is text", "555-0199", "\"555-0199\""),
                Arguments.of("apostrophe kept", "O'Brien", "\"O'Brien\""),
                Arguments.of("accents kept", "José Núñez", "\"José Núñez\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void field(String name, String value, String expected) {
        assertEquals(expected, Csv.field(value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void aRowReadsBackAsTheValuesWithFormulasNeutralised(String name, String value, String expected) {
        List<String> values = Arrays.asList("first", value, "last");
        String row = Csv.row(values);
        assertTrue(row.endsWith("\r\n"), "CRLF line end");
        List<List<String>> parsed = parse(row);
        assertEquals(1, parsed.size(), "one record, whatever the value holds: " + row);
        String v = value == null ? "" : value;
        String neutralised = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        assertEquals(List.of("first", neutralised, "last"), parsed.get(0));
    }

    @Test
    void rowsJoinFieldsWithCommasAndEndWithCrlf() {
        assertEquals("\"a\",\"\",\"'=b\"\r\n", Csv.row(Arrays.asList("a", null, "=b")));
        assertEquals("\r\n", Csv.row(List.of()));
    }

    @Test
    void theExportNeutralisesAFormulaNameAndIsAudited() throws Exception {
        try (TestServer server = TestServer.start()) {
            String formula = "=HYPERLINK(\"http://x\")";
            String evil = submit(server, formula, "evil@example.com");
            String plain = submit(server, "Plain Person", "plain@example.com");
            StaffClient staff = StaffClient.signedIn(server, "exporter@demo-clinic.example", Role.STAFF, "demo");

            HttpResponse<String> r = staff.get("/staff/leads.csv");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"consultdesk-leads-"));
            String body = r.body();
            assertTrue(body.startsWith("\uFEFF\"id\",\"received\""), "a byte-order mark, then the header");
            List<List<String>> records = parse(body.substring(1));
            assertEquals(3, records.size(), "header and two leads");
            int nameColumn = records.get(0).indexOf("name");
            // An id may start with "-" (ids are base64url), which the export neutralises like any value: "'-…"
            java.util.function.Function<List<String>, String> id = rec -> rec.get(0).replaceFirst("^'(?=[-=+@])", "");
            List<String> evilRow = records.stream().filter(rec -> id.apply(rec).equals(evil)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + evil + " in " + records));
            assertEquals("'" + formula, evilRow.get(nameColumn), "the formula is text");
            assertTrue(body.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), body);
            assertTrue(records.stream().anyMatch(rec -> id.apply(rec).equals(plain)));

            List<Map<String, Object>> audit = exports(server);
            assertEquals(1, audit.size());
            assertEquals("exporter@demo-clinic.example", audit.get(0).get("actor_email"));
            assertTrue(((String) audit.get(0).get("detail")).endsWith(" · 2 rows"), String.valueOf(audit.get(0).get("detail")));

            String location = staff.post("/staff/leads", java.util.Map.of("q", "plain")).headers().firstValue("Location")
                    .orElseThrow();
            List<List<String>> filtered = parse(staff.get("/staff/leads.csv" + location.substring(location.indexOf('?')))
                    .body().substring(1));
            assertEquals(2, filtered.size(), "header and the one match");
            assertEquals(2, exports(server).size(), "each export is audited");
            assertEquals("search · 1 rows", exports(server).get(1).get("detail"),
                    "with its filters and row count, but not the search text (often a patient's name)");
        }
    }

    private static List<Map<String, Object>> exports(TestServer server) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT * FROM audit_log WHERE action = 'leads.exported' ORDER BY id")
                .mapToMap().list());
    }

    private static String submit(TestServer server, String name, String email) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        body.put("name", name);
        body.put("email", email);
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", body.toString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** A strict RFC 4180 reader: every field quoted (as Csv writes them), records ended by CRLF. */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        int i = 0;
        while (i < csv.length()) {
            if (csv.startsWith("\r\n", i)) {
                records.add(record);
                record = new ArrayList<>();
                i += 2;
                continue;
            }
            if (csv.charAt(i) == ',') {
                i++;
                continue;
            }
            if (csv.charAt(i) != '"') {
                throw new AssertionError("unquoted field at " + i + ": " + csv);
            }
            StringBuilder field = new StringBuilder();
            i++;
            while (true) {
                if (i >= csv.length()) {
                    throw new AssertionError("unterminated field: " + csv);
                }
                char c = csv.charAt(i);
                if (c == '"') {
                    if (i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                field.append(c);
                i++;
            }
            record.add(field.toString());
        }
        if (!record.isEmpty()) {
            throw new AssertionError("last record has no CRLF: " + csv);
        }
        return records;
    }
}
