package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 6 (issue 13): an idempotency key is bound to the body it was first sent with. The same key with
 * another body is refused and says nothing of the first request; the same key with the same body is a retry.
 */
class IdempotencyBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/api/v1/clinics/demo/leads";
    private static TestServer server;

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

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndRevealsNothingOfTheFirst() throws Exception {
        HttpResponse<String> first = server.postJson(PATH, Leads.validJson(), "Idempotency-Key", "shared-key-1");
        assertEquals(201, first.statusCode(), first.body());
        String firstId = json(first).get("id").asText();

        ObjectNode other = (ObjectNode) JSON.readTree(Leads.validJson());
        other.put("name", "Someone Else").put("email", "someone@example.com");
        HttpResponse<String> reused = server.postJson(PATH, other.toString(), "Idempotency-Key", "shared-key-1");
        assertEquals(422, reused.statusCode(), reused.body());
        assertFalse(reused.body().contains(firstId), "the first request's id is not given away: " + reused.body());
        assertFalse(reused.body().contains("Jordan"), reused.body());
        assertFalse(json(reused).has("id"));
        assertFalse(json(reused).has("bookingToken"));
        assertTrue(json(reused).path("errors").has("Idempotency-Key"), reused.body());
        assertEquals(1, server.leadCount(), "nothing stored for the second body");

        // The same body under the same key is still a retry: 200, the same id, a booking token.
        HttpResponse<String> retry = server.postJson(PATH, Leads.validJson(), "Idempotency-Key", "shared-key-1");
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(firstId, json(retry).get("id").asText());
        assertTrue(json(retry).path("bookingToken").asText().length() > 20, retry.body());
        // The same content written differently (other order, other spacing) is the same body.
        ObjectNode reordered = JSON.createObjectNode();
        JsonNode valid = JSON.readTree(Leads.validJson());
        java.util.List<String> names = new java.util.ArrayList<>();
        valid.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, valid.get(n)));
        HttpResponse<String> same = server.postJson(PATH, reordered.toPrettyString(), "Idempotency-Key", "shared-key-1");
        assertEquals(200, same.statusCode(), same.body());
        assertEquals(firstId, json(same).get("id").asText());
    }

    @Test
    void theFormsSubmissionKeyWithOtherAnswersDoesNotShowTheFirstRequest() {
        Map<String, String> form = Leads.validForm(server.get(Leads.FORM_PAGE).body());
        HttpResponse<String> first = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded", Leads.formBody(form));
        assertEquals(200, first.statusCode());
        String firstToken = TestServer.hiddenField(first.body(), "bookingToken");
        String firstId = server.onlyLeadId();

        // Someone else's answers under the same submission key (copied from the page, or the back button and new answers).
        form.put("name", "Someone Else");
        form.put("email", "someone@example.com");
        HttpResponse<String> other = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded", Leads.formBody(form));
        assertEquals(422, other.statusCode(), "not the thank-you page of the first request");
        assertFalse(other.body().contains(firstId));
        assertFalse(other.body().contains(firstToken));
        assertFalse(other.body().contains("name=\"bookingToken\""));
        assertTrue(other.body().contains("Someone Else"), "the answers are kept to send again");
        String freshKey = TestServer.hiddenField(other.body(), "submissionKey");
        assertFalse(freshKey.equals(form.get("submissionKey")), "a new key, so sending again stores the request");
        assertEquals(1, server.leadCount());

        // The same answers again (a reload of the thank-you page) are still the same request.
        form.put("name", "Casey Morgan");
        form.put("email", "casey@example.com");
        HttpResponse<String> reload = server.post(Leads.FORM_PAGE, "application/x-www-form-urlencoded", Leads.formBody(form));
        assertEquals(200, reload.statusCode());
        assertTrue(reload.body().contains("name=\"bookingToken\""));
        assertEquals(1, server.leadCount());
    }
}
