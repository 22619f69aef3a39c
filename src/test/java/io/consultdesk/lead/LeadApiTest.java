package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON API on a real server with a real SQLite file. */
class LeadApiTest {
    static final String PATH = "/api/v1/clinics/demo/leads";
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

    @BeforeEach
    void clean() {
        server.clearLeads();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void storesAValidRequestWithItsConsentEvidence() throws Exception {
        HttpResponse<String> r = server.postJson(PATH, Leads.validJson());

        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String id = json(r).get("id").asText();
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);

        Map<String, Object> lead = server.leadRow(id);
        assertEquals("demo", lead.get("clinic_slug"));
        assertEquals("api", lead.get("source"));
        assertEquals("new", lead.get("status"));
        assertEquals("Jordan Rivera", lead.get("name"));
        assertEquals("jordan@example.com", lead.get("email"));
        assertEquals("+13105550199", lead.get("phone"));
        assertEquals("phone", lead.get("preferred_contact"));
        assertEquals("morning", lead.get("best_time"));
        assertEquals("CA", lead.get("state"));
        assertEquals("beverly-hills", lead.get("location_id"));
        assertEquals("tms", lead.get("interest"));
        assertEquals("[\"depression\",\"anxiety\"]", lead.get("conditions"));
        assertEquals("{\"struggles\":true,\"symptoms\":true,\"medications\":false,\"therapy\":true,\"suggested\":false}",
                lead.get("tms_checklist"));
        assertEquals("doctor", lead.get("referral_source"));
        assertEquals("Mornings are best.", lead.get("message"));

        var consents = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT kind, text_version, text, client_ip, phone, given_at FROM lead_consent WHERE lead_id = :id ORDER BY kind")
                .bind("id", id).mapToMap().list());
        assertEquals(2, consents.size());
        var privacy = consents.get(0);
        assertEquals("privacy", privacy.get("kind"));
        assertEquals("privacy-en-2026-11", privacy.get("text_version"));
        assertTrue(((String) privacy.get("text")).startsWith("I agree that Bright Harbor Ketamine & TMS may use the information"));
        assertEquals("127.0.0.1", privacy.get("client_ip"));
        assertTrue(((Number) privacy.get("given_at")).longValue() > 0);
        var sms = consents.get(1);
        assertEquals("sms", sms.get("kind"));
        assertTrue(((String) sms.get("phone")).startsWith("s1:"), "the phone kept with the consent is sealed");
        assertEquals("+13105550199", server.app().database().sealer().open((String) sms.get("phone"),
                io.consultdesk.db.SealContexts.consentPhone(id, "sms")));
        assertTrue(((String) sms.get("text")).contains("Reply STOP to opt out."));
    }

    @Test
    void idsAreRandomNotSequential() throws Exception {
        String a = json(server.postJson(PATH, Leads.validJson())).get("id").asText();
        String b = json(server.postJson(PATH, Leads.validJson())).get("id").asText();
        assertNotEquals(a, b);
        int samePrefix = 0;
        while (samePrefix < a.length() && a.charAt(samePrefix) == b.charAt(samePrefix)) {
            samePrefix++;
        }
        assertTrue(samePrefix < 6, "ids share a long prefix: " + a + " " + b);
    }

    @Test
    void withoutSmsConsentOnlyThePrivacyConsentIsStored() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        body.put("smsConsent", false);
        String id = json(server.postJson(PATH, body.toString())).get("id").asText();
        long kinds = server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM lead_consent WHERE lead_id = :id")
                .bind("id", id).mapTo(Long.class).one());
        assertEquals(1, kinds);
    }

    @Test
    void theSameIdempotencyKeyNeverMakesASecondLead() throws Exception {
        HttpResponse<String> first = server.postJson(PATH, Leads.validJson(), "Idempotency-Key", "retry-123");
        HttpResponse<String> again = server.postJson(PATH, Leads.validJson(), "Idempotency-Key", "retry-123");
        assertEquals(201, first.statusCode());
        assertEquals(200, again.statusCode());
        assertEquals(json(first).get("id"), json(again).get("id"));
        assertEquals(1, server.leadCount());
    }

    /** One row per rule: how the valid request is changed, the field that must be named, and its message. */
    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                rule("name missing", b -> b.remove("name"), "name", "Please enter your name."),
                rule("name blank", b -> b.put("name", "   "), "name", "Please enter your name."),
                rule("name too long", b -> b.put("name", "x".repeat(101)), "name", "Please shorten your name to 100 characters or fewer."),
                rule("name with control character", b -> b.put("name", "Ann\u0007"), "name", "Please remove special characters such as line breaks from this field."),
                rule("name not text", b -> b.put("name", 42), "name", "Expected text."),
                rule("email missing", b -> b.remove("email"), "email", "Please enter your email address."),
                rule("email without domain", b -> b.put("email", "jordan@"), "email", "Please enter an email address like name@example.com."),
                rule("email with header injection", b -> b.put("email", "a@example.com\r\nBcc: x@evil.example"), "email", "Please remove special characters such as line breaks from this field."),
                rule("email too long", b -> b.put("email", "a".repeat(250) + "@example.com"), "email", "Please enter an email address like name@example.com."),
                rule("phone malformed", b -> b.put("phone", "call me"), "phone", "Please enter a phone number with area code, like (310) 555-0142."),
                rule("phone too short", b -> b.put("phone", "555-0199"), "phone", "Please enter a phone number with area code, like (310) 555-0142."),
                rule("phone missing for calls", b -> { b.remove("phone"); b.put("smsConsent", false); }, "phone", "Please enter a mobile number, or choose email as the way to contact you."),
                rule("phone missing with sms consent", b -> { b.remove("phone"); b.put("preferredContact", "email"); }, "phone", "Please enter the mobile number we may call or text."),
                rule("contact method missing", b -> b.remove("preferredContact"), "preferredContact", "Please choose how you would like us to contact you."),
                rule("contact method unknown", b -> b.put("preferredContact", "pigeon"), "preferredContact", "Please choose one of the options offered."),
                rule("best time unknown", b -> b.put("bestTime", "midnight"), "bestTime", "Please choose one of the options offered."),
                rule("state missing", b -> b.remove("state"), "state", "Please choose the state you live in."),
                rule("state unknown", b -> b.put("state", "ZZ"), "state", "Please choose one of the options offered."),
                rule("not adult", b -> b.put("adult", false), "adult", "Please confirm that you are 18 or older. If you are younger, a parent or guardian can contact us for you."),
                rule("adult missing", b -> b.remove("adult"), "adult", "Please confirm that you are 18 or older. If you are younger, a parent or guardian can contact us for you."),
                rule("adult not boolean", b -> b.put("adult", "yes"), "adult", "Expected true or false."),
                rule("location missing", b -> b.remove("location"), "location", "Please choose a location, or “No preference”."),
                rule("location unknown", b -> b.put("location", "paris"), "location", "Please choose one of the options offered."),
                rule("interest missing", b -> b.remove("interest"), "interest", "Please choose a treatment, or “Not sure yet”."),
                rule("interest unknown", b -> b.put("interest", "surgery"), "interest", "Please choose one of the options offered."),
                rule("condition unknown", b -> b.putArray("conditions").add("depression").add("flu"), "conditions", "Please choose one of the options offered."),
                rule("conditions not a list", b -> b.put("conditions", "depression"), "conditions", "Expected a list of option keys."),
                rule("checklist item unknown", b -> b.putObject("tmsChecklist").put("astrology", true), "tmsChecklist", "Please choose one of the options offered."),
                rule("checklist value not boolean", b -> b.putObject("tmsChecklist").put("therapy", "yes"), "tmsChecklist", "Expected an object of yes/no answers."),
                rule("referral unknown", b -> b.put("referralSource", "billboard-on-mars"), "referralSource", "Please choose one of the options offered."),
                rule("message too long", b -> b.put("message", "x".repeat(2001)), "message", "Please shorten your message to 2,000 characters or fewer."),
                rule("consent missing", b -> b.remove("consent"), "consent", "Please tick the box to agree, so that we can contact you about your request."),
                rule("consent false", b -> b.put("consent", false), "consent", "Please tick the box to agree, so that we can contact you about your request."),
                rule("sms consent not boolean", b -> b.put("smsConsent", "true"), "smsConsent", "Expected true or false."),
                rule("unknown field", b -> b.put("mesage", "typo"), "mesage", "This field is not part of a consultation request."));
    }

    static Arguments rule(String name, Consumer<ObjectNode> change, String field, String message) {
        return Arguments.of(name, change, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void rejectsWithTheFieldNamed(String name, Consumer<ObjectNode> change, String field, String message) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        change.accept(body);

        HttpResponse<String> r = server.postJson(PATH, body.toString());

        assertEquals(422, r.statusCode(), r.body());
        JsonNode errors = json(r).get("errors");
        assertEquals(message, errors.path(field).asText(), r.body());
        assertEquals(1, errors.size(), "only the broken field is reported: " + r.body());
        assertEquals(0, server.leadCount(), "nothing half-stored");
        assertEquals(0L, (long) server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM lead_consent").mapTo(Long.class).one()));
    }

    @Test
    void acceptsTheSmallestValidRequest() throws Exception {
        String minimal = """
                {"name": "Sam", "email": "sam@example.org", "preferredContact": "email", "state": "ny",
                 "adult": true, "location": "any", "interest": "unsure", "consent": true}""";
        HttpResponse<String> r = server.postJson(PATH, minimal);
        assertEquals(201, r.statusCode(), r.body());
        String state = server.jdbi().withHandle(h -> h.createQuery("SELECT state FROM lead").mapTo(String.class).one());
        assertEquals("NY", state);
    }

    @Test
    void phoneNumbersAreStoredInE164() throws Exception {
        for (String[] c : new String[][] {{"310.555.0199", "+13105550199"}, {"+1 (310) 555-0199", "+13105550199"},
                {"1-310-555-0199", "+13105550199"}, {"+44 20 7946 0958", "+442079460958"}}) {
            ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
            body.put("phone", c[0]);
            String id = json(server.postJson(PATH, body.toString())).get("id").asText();
            String stored = server.contact(id, "phone");
            assertEquals(c[1], stored, c[0]);
        }
    }

    @Test
    void malformedJsonIs400WithoutEchoingTheBody() throws Exception {
        HttpResponse<String> r = server.postJson(PATH, "{\"name\": \"Secret Person\", ");
        assertEquals(400, r.statusCode());
        assertTrue(json(r).get("error").asText().startsWith("Malformed JSON at line 1"));
        assertFalse(r.body().contains("Secret"));

        HttpResponse<String> array = server.postJson(PATH, "[1, 2]");
        assertEquals(400, array.statusCode());
        assertEquals("The request body must be a JSON object.", json(array).get("error").asText());

        HttpResponse<String> trailing = server.postJson(PATH, Leads.validJson() + " {}");
        assertEquals(400, trailing.statusCode());
        assertEquals(0, server.leadCount());
    }

    @Test
    void unknownClinicIs404() throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/no-such-clinic/leads", Leads.validJson());
        assertEquals(404, r.statusCode());
        assertEquals("Unknown clinic.", json(r).get("error").asText());
    }

    @Test
    void bodiesOver64KbAre413() throws Exception {
        String huge = "{\"message\": \"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> r = server.postJson(PATH, huge);
        assertEquals(413, r.statusCode());
        assertEquals("The request body is larger than 64 KB.", json(r).get("error").asText());
        assertEquals(0, server.leadCount());
    }

    @Test
    void otherContentTypesAre415() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            HttpResponse<String> r = server.post(PATH, type, Leads.validJson());
            assertEquals(415, r.statusCode(), type);
            assertEquals("Send the request as application/json.", json(r).get("error").asText());
        }
        assertEquals(201, server.post(PATH, "application/json; charset=utf-8", Leads.validJson()).statusCode());
    }

    @Test
    void corsOnlyForTheClinicsAllowedOrigins() throws Exception {
        HttpResponse<String> allowed = server.postJson(PATH, Leads.validJson(), "Origin", "http://localhost:8080");
        assertEquals(201, allowed.statusCode());
        assertEquals("http://localhost:8080", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> foreign = server.postJson(PATH, Leads.validJson(), "Origin", "https://evil.example");
        assertEquals(403, foreign.statusCode());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertEquals(1, server.leadCount());

        var preflight = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(PATH)))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()),
                "Origin", "http://127.0.0.1:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type");
        assertEquals(204, preflight.statusCode());
        assertEquals("http://127.0.0.1:3000", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Content-Type"));

        var badPreflight = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(PATH)))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()),
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertEquals(403, badPreflight.statusCode());
        assertTrue(badPreflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void responsesAreNotCached() {
        HttpResponse<String> r = server.postJson(PATH, Leads.validJson());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertNull(r.headers().firstValue("Set-Cookie").orElse(null));
    }
}
