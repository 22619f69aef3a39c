package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's optional {@code "utm"} object: stored with the request; a bad value is a 422 at its own field. */
class LeadUtmApiTest {
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

    /** A valid request with {@code "utm": <json>}. */
    static HttpResponse<String> post(String utm) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        body.set("utm", JSON.readTree(utm));
        return server.postJson(PATH, body.toString());
    }

    static JsonNode errors(HttpResponse<String> r) throws Exception {
        assertEquals(422, r.statusCode(), r.body());
        assertEquals(0, server.leadCount(), "nothing stored");
        return JSON.readTree(r.body()).get("errors");
    }

    static List<String> fields(JsonNode errors) {
        List<String> out = new java.util.ArrayList<>();
        errors.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theCampaignIsStored() throws Exception {
        HttpResponse<String> r = post("{\"source\": \"google\", \"medium\": \"cpc\", \"campaign\": \"TMS spring 2026\"}");
        assertEquals(201, r.statusCode(), r.body());
        Map<String, Object> lead = server.leadRow(JSON.readTree(r.body()).get("id").asText());
        assertEquals("google", lead.get("utm_source"));
        assertEquals("cpc", lead.get("utm_medium"));
        assertEquals("TMS spring 2026", lead.get("utm_campaign"));
        assertEquals("api", lead.get("source"));
    }

    @Test
    void partsMayBeLeftOutNullOrBlankAndTheObjectNull() throws Exception {
        HttpResponse<String> r = post("{\"source\": \"  partner-site \", \"medium\": null, \"campaign\": \"   \"}");
        assertEquals(201, r.statusCode(), r.body());
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals("partner-site", lead.get("utm_source"), "trimmed");
        assertNull(lead.get("utm_medium"));
        assertNull(lead.get("utm_campaign"));

        server.clearLeads();
        assertEquals(201, post("null").statusCode());
        assertNull(server.leadRow(server.onlyLeadId()).get("utm_source"));
    }

    @Test
    void controlCharactersAreAnErrorAtTheirField() throws Exception {
        JsonNode e = errors(post("{\"source\": \"goo\\u0007gle\", \"medium\": \"c\\npc\", \"campaign\": \"spring\\u202e\"}"));
        assertEquals(List.of("utm.source", "utm.medium", "utm.campaign"), fields(e));
        assertEquals("Please remove special characters such as line breaks from this field.", e.get("utm.source").asText());
    }

    @Test
    void overLongValuesAreAnErrorAtTheirField() throws Exception {
        assertEquals(201, post("{\"campaign\": \"" + "c".repeat(100) + "\"}").statusCode(), "100 characters are fine");
        server.clearLeads();

        JsonNode e = errors(post("{\"source\": \"ok\", \"campaign\": \"" + "c".repeat(101) + "\"}"));
        assertEquals(List.of("utm.campaign"), fields(e));
        assertEquals("Please shorten this to 100 characters or fewer.", e.get("utm.campaign").asText());
    }

    @Test
    void aWrongShapeIsAnErrorAtItsField() throws Exception {
        assertEquals(List.of("utm"), fields(errors(post("\"google\""))));
        assertEquals(List.of("utm.term"), fields(errors(post("{\"source\": \"google\", \"term\": \"tms\"}"))));
        JsonNode e = errors(post("{\"source\": 5, \"medium\": [\"cpc\"]}"));
        assertEquals(List.of("utm.source", "utm.medium"), fields(e));
        assertEquals("Expected text.", e.get("utm.source").asText());
    }

    @Test
    void otherFieldErrorsComeWithTheCampaignOnes() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Leads.validJson());
        body.remove("name");
        body.set("utm", JSON.readTree("{\"source\": \"a\\tb\"}"));
        JsonNode e = errors(server.postJson(PATH, body.toString()));
        assertEquals(List.of("name", "utm.source"), fields(e));
    }
}
