package io.consultdesk.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad bytes through the iframe's form (no JavaScript): a body that cannot be read (broken multipart, a % not followed by
 * two hex digits, bytes that are not UTF-8) is a 400 page, never a 500 or replacement characters; a field with control
 * or invisible characters or an address that is not a plain mailbox is the form again with the error next to the field.
 * Nothing is stored either way.
 */
class EmbedBadBytesTest {
    static final String PAGE = Leads.FORM_PAGE;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        server.clearLeads();
    }

    static HttpResponse<String> postBytes(String path, String contentType, byte[] body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", contentType)
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static HttpResponse<String> postForm(String path, String body) {
        return postBytes(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A valid form post with the name's encoded value replaced by what is given, as it goes on the wire. */
    static String formWithRawName(String encodedName) {
        Map<String, String> form = Leads.validForm(server.get(PAGE).body());
        form.put("name", "NAME_HERE");
        return Leads.formBody(form).replace("NAME_HERE", encodedName);
    }

    static void assertUnreadable(HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("The form could not be read"), r.body());
        assertTrue(r.body().contains("988"), "the emergency line is on the page: " + r.body());
    }

    @ParameterizedTest(name = "name={0}")
    @ValueSource(strings = {
        "Casey%zz",        // not hex
        "Casey%4",         // cut short
        "Casey%",          // nothing after %
        "Casey%FF",        // never in UTF-8
        "Casey%C3%28",     // a lead byte then ASCII
        "Casey%C0%AF",     // overlong
        "Casey%ED%A0%80",  // a surrogate encoded
        "Casey%F4%90%80%80", // above U+10FFFF
    })
    void anUrlencodedBodyThatCannotBeReadIsA400(String encodedName) {
        assertUnreadable(postForm(PAGE, formWithRawName(encodedName)));
        assertEquals(0, server.leadCount());
    }

    @Test
    void rawBytesThatAreNotUtf8AreA400() {
        String body = formWithRawName("Casey");
        byte[] bytes = body.replace("Casey", "Cas\u00ffey").getBytes(StandardCharsets.ISO_8859_1); // a raw 0xFF byte
        assertUnreadable(postBytes(PAGE, "application/x-www-form-urlencoded", bytes));
        assertEquals(0, server.leadCount());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nCasey\r\n",          // never closed
        "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\nCasey\r\n--xyz--\r\n",   // no blank line after the headers
        "garbage without any boundary",
        "--other\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nCasey\r\n--other--\r\n",
    })
    void aMalformedMultipartBodyIsA400NotA500(String body) {
        assertUnreadable(postBytes(PAGE, "multipart/form-data; boundary=xyz", body.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(0, server.leadCount());
    }

    @Test
    void multipartWithBytesThatAreNotUtf8IsA400() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(multipart(Map.of("name", "Casey")).replace("Casey", "Cas").getBytes(StandardCharsets.UTF_8));
        byte[] ok = out.toByteArray();
        String text = new String(ok, StandardCharsets.ISO_8859_1).replace("name\"\r\n\r\nCas", "name\"\r\n\r\nCas\u00ff");
        assertUnreadable(postBytes(PAGE, "multipart/form-data; boundary=xyz", text.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(0, server.leadCount());
    }

    static String multipart(Map<String, String> fields) {
        Map<String, String> form = Leads.validForm(server.get(PAGE).body());
        form.putAll(fields);
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append("--xyz\r\nContent-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        return b.append("--xyz--\r\n").toString();
    }

    @Test
    void aWellFormedMultipartPostIsStillTaken() {
        HttpResponse<String> r = postBytes(PAGE, "multipart/form-data; boundary=xyz",
                multipart(Map.of("name", "Zoë Núñez")).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, server.leadCount());
        assertEquals("Zoë Núñez", server.leadRow(server.onlyLeadId()).get("name"));
    }

    /** Escapes as Java writes them (backslash-u, backslash-r, backslash-n), so the table shows every character it tests. */
    static String unescape(String s) {
        return Pattern.compile("\\\\u([0-9A-Fa-f]{4})").matcher(s)
                .replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)))
                .replace("\\r", "\r").replace("\\n", "\n");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "name  | Casey\\r\\nMorgan                        | Please remove special characters such as line breaks from this field.",
        "name  | Casey\\u0000                               | Please remove special characters such as line breaks from this field.",
        "name  | \\u200F\\u200B                           | This contains hidden characters, often picked up when copying and pasting. Please type it again.",
        "name  | \\uFEFF                                    | This contains hidden characters, often picked up when copying and pasting. Please type it again.",
        "name  | \\u200D                                    | Please enter your name in letters.",
        "email | casey@example.com\\r\\nBcc: x@evil.example | Please remove special characters such as line breaks from this field.",
        "email | a?cc=x%40evil.example&body=y@example.com   | Please enter an email address like name@example.com.",
        "phone | (310) 555-0142\\n                          | Please remove special characters such as line breaks from this field.",
    })
    void aFieldWithBadCharactersIsShownAgainWithItsError(String field, String value, String message) {
        Map<String, String> form = Leads.validForm(server.get(PAGE).body());
        form.put(field, unescape(value));
        if (field.equals("phone")) {
            form.put("preferredContact", "phone");
        }
        HttpResponse<String> r = EmbedFormTest.submit(server, Leads.formBody(form));
        assertEquals(422, r.statusCode(), r.body());
        Matcher error = Pattern.compile("id=\"f-" + field + "-error\"[^>]*>([^<]*)<").matcher(r.body());
        assertTrue(error.find(), r.body());
        assertEquals(message, error.group(1));
        assertEquals(0, server.leadCount(), "nothing is stored");
    }

    @Test
    void theOtherFormPostsAnswer400ToABodyThatCannotBeRead() {
        for (String path : java.util.List.of("/embed/demo/times", "/embed/demo/book", "/embed/demo/callback",
                "/consultation/nothing/cancel", "/staff/sign-in")) {
            HttpResponse<String> r = postForm(path, "leadId=%zz&x=%FF");
            assertEquals(400, r.statusCode(), path + ": " + r.body());
            assertFalse(r.body().contains("Something went wrong"), path);
        }
        HttpResponse<String> api = server.send(HttpRequest.newBuilder(URI.create(server.url("/embed/demo")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("name=%zz")));
        assertEquals(400, api.statusCode());
    }

    @Test
    void aQueryStringThatCannotBeReadIsNeverA500() {
        for (String query : java.util.List.of("utm_source=%FF", "utm_source=%ED%A0%80", "interest=%C3", "host=%FF")) {
            HttpResponse<String> r = server.get("/embed/demo?" + query);
            assertTrue(r.statusCode() == 200 || r.statusCode() == 400, query + ": " + r.statusCode() + " " + r.body());
            assertFalse(r.body().contains("\uFFFD"), query + " shows no replacement character");
        }
    }
}
