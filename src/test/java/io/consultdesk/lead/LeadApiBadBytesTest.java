package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad bytes through the API: a body that is not UTF-8 is a 400, never replacement characters stored; text with
 * control or invisible characters, or an address that is not a plain mailbox, is a 422 at its field. Nothing is stored.
 */
class LeadApiBadBytesTest {
    static final String API = "/api/v1/clinics/demo/leads";
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> postBytes(byte[] body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(API)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The valid request with the name's value replaced by raw bytes (hex), to send what no encoder would. */
    static byte[] withNameBytes(String hex) {
        String[] around = Leads.validJson().split("Jordan Rivera", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes("Jordan".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "bytes {0}")
    @CsvSource({
        "ff",            // never in UTF-8
        "80",            // a continuation byte alone
        "c328",          // a lead byte followed by ASCII
        "c0af",          // overlong '/'
        "e080af",        // overlong, three bytes
        "eda080",        // a surrogate (U+D800) encoded as UTF-8
        "f4908080",      // above U+10FFFF
        "e282",          // cut short before the closing quote
    })
    void aBodyThatIsNotUtf8IsA400AndNothingIsStored(String hex) throws Exception {
        long before = server.leadCount();
        HttpResponse<String> r = postBytes(withNameBytes(hex));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("error").asText().contains("UTF-8"), r.body());
        assertEquals(before, server.leadCount());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "name  | \\u200F",                         // right-to-left mark only
        "name  | \\u200B\\u200B",                  // zero-width spaces
        "name  | \\u200D",                         // zero-width joiner only
        "name  | \\uFEFF",                         // byte order mark
        "name  | \\uFFFE",                         // a non-character
        "name  | \\uFDD0",                         // a non-character
        "name  | \\uD800",                         // a lone surrogate
        "name  | Jordan\\uD800",                   // a lone surrogate after letters
        "name  | \\u3164\\u3164",                  // Hangul fillers: letters that show nothing
        "name  | \\u00A0\\u2003",                  // spaces that are not ASCII spaces
        "name  | Jordan\\u202ERivera",             // a right-to-left override
        "name  | Jordan\\r\\nBcc: x@evil.example", // a line break
        "name  | Jordan\\u0000",                   // NUL
        "name  | Jordan\\tRivera",                 // a tab
        "name  | Jordan\\u0085Rivera",             // a C1 control (next line)
        "name  | Jordan\\u2028Rivera",             // a line separator
        "email | jordan@example.com\\r\\nBcc: x@evil.example",
        "email | jordan@example.com\\u0000",
        "email | jordan\\u200B@example.com",
        "email | a?cc=x%40evil.example&body=y@example.com",
        "email | a&b@example.com",
        "email | a/b@example.com",
        "email | a=b@example.com",
        "email | jordan@exa\\u200Bmple.com",
        "phone | (310) 555-0199\\r\\n",
        "phone | (310)\\n555-0199",
        "phone | (310) 555-0199\\u0000",
        "message | Mornings\\u0000are best.",
        "message | Mornings\\u001bare best.",
        "message | Mornings\\uD800",
        "message | Mornings\\uFFFF",
    })
    void controlAndInvisibleCharactersAreA422AtTheirField(String field, String jsonValue) throws Exception {
        long before = server.leadCount();
        JsonNode valid = JSON.readTree(Leads.validJson());
        String original = valid.get(field).textValue();
        String body = Leads.validJson().replace("\"" + original + "\"", "\"" + jsonValue.replace("\"", "\\\"") + "\"");
        HttpResponse<String> r = server.postJson(API, body);
        assertEquals(422, r.statusCode(), field + " " + jsonValue + ": " + r.body());
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        assertTrue(errors.has(field), r.body());
        assertFalse(errors.get(field).asText().isBlank());
        assertEquals(before, server.leadCount(), "nothing is stored");
    }

    @Test
    void anUnknownFieldWithControlCharactersInItsNameIsReportedReadably() throws Exception {
        HttpResponse<String> r = server.postJson(API, Leads.validJson().replace("\"consent\"", "\"con\\u0000sent\\u200B\": 1, \"consent\""));
        assertEquals(422, r.statusCode(), r.body());
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        assertTrue(errors.has("con?sent?"), r.body());

        HttpResponse<String> safety = server.postJson(API, Leads.validJson().replace("\"consent\"",
                "\"screening\": {\"safety\": {\"metal\\nInHead\": \"yes\", \"pace\\u202Emaker\": 1}}, \"consent\""));
        assertEquals(422, safety.statusCode(), safety.body());
        JsonNode named = JSON.readTree(safety.body()).get("errors");
        assertTrue(named.has("screening.safety.metal?InHead") && named.has("screening.safety.pace?maker"), safety.body());
    }

    @Test
    void ordinaryTextInEveryScriptIsStillTaken() throws Exception {
        long before = server.leadCount();
        for (String[] nameAndEmail : new String[][] {
            {"Zoë O’Brien-Núñez", "zoe.obrien+intake@example.com"},
            {"محمد عبد الله", "m_abdullah@xn--mgbh0fb.example"},
            {"مهسا\u200Cپور", "mahsa@example.ir"},          // Persian with a zero-width non-joiner inside the word
            {"李小龍", "li@例え.テスト"},                        // an internationalised domain in Unicode
            {"Dr. Jean-Luc d'Arc", "o'hara@example.co.uk"},
        }) {
            String body = Leads.validJson().replace("Jordan Rivera", nameAndEmail[0]).replace("jordan@example.com", nameAndEmail[1]);
            HttpResponse<String> r = server.postJson(API, body);
            assertEquals(201, r.statusCode(), nameAndEmail[0] + ": " + r.body());
        }
        assertEquals(before + 5, server.leadCount());
    }
}
