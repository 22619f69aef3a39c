package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The {@code screening} object of the JSON API: stored with the lead, scored and triaged on the server. */
class ScreeningApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEADS = "/api/v1/clinics/demo/leads";
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

    /** The valid lead of Leads.validJson() with extra top-level fields, e.g. {@code "screening": {...}}. */
    static String withFields(String fields) {
        String base = Leads.validJson().strip();
        return base.substring(0, base.length() - 1) + ", " + fields + "}";
    }

    private static HttpResponse<String> post(String fields) {
        return server.postJson(LEADS, withFields(fields));
    }

    private static Map<String, Object> lead(HttpResponse<String> r) throws Exception {
        assertEquals(201, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("id").asText();
        return server.leadRow(id);
    }

    @Test
    void aCompleteScreeningIsStoredWithItsTotals() throws Exception {
        Map<String, Object> row = lead(post("""
                "screening": {"phq9": [2, 2, 1, 1, 1, 1, 1, 1, 0], "gad7": [3, 3, 2, 2, 1, 1, 0],
                  "phqDifficulty": "very", "antidepressantTrials": 2,
                  "safety": {"metalInHead": "no", "seizures": "no", "psychosis": "no"}}"""));
        assertEquals(10, ((Number) row.get("depression_total")).intValue());
        assertEquals(12, ((Number) row.get("anxiety_total")).intValue());
        JsonNode screening = JSON.readTree((String) row.get("screening"));
        assertEquals("phq9", screening.at("/depression/instrument").asText());
        assertEquals(9, screening.at("/depression/answers").size());
        assertEquals("very", screening.get("difficulty").asText());
        assertEquals("no", screening.at("/safety/metalInHead").asText());
        assertEquals(2, screening.get("antidepressantTrials").asInt());
        assertEquals(0, ((Number) row.get("urgent")).intValue(), "item 9 = 0 is not urgent");
        // depression + 2 trials that did not help: likely fit to discuss TMS; no review flag
        assertEquals("[\"tmsLikelyFit\"]", row.get("flags"));
        assertEquals(2, ((Number) row.get("priority")).intValue());
    }

    @Test
    void aPartlyAnsweredScaleIsKeptPartialWithNoTotal() throws Exception {
        Map<String, Object> row = lead(post("""
                "screening": {"phq9": [3, 3, null, 3, 3, 3, 3, 3, null], "gad7": [null, null, null, null, null, null, null]}"""));
        assertNull(row.get("depression_total"), "never scored as if the gaps were 0");
        assertNull(row.get("anxiety_total"));
        JsonNode answers = JSON.readTree((String) row.get("screening")).at("/depression/answers");
        assertTrue(answers.get(2).isNull() && answers.get(8).isNull());
        assertEquals(3, answers.get(0).asInt());
        assertTrue(JSON.readTree((String) row.get("screening")).path("anxiety").isMissingNode(), "an untouched scale is not stored");
    }

    @Test
    void noScreeningAtAllIsFine() throws Exception {
        Map<String, Object> row = lead(server.postJson(LEADS, Leads.validJson()));
        assertNull(row.get("screening"));
        assertEquals(0, ((Number) row.get("urgent")).intValue());
    }

    @ParameterizedTest(name = "{0} makes the lead urgent")
    @CsvSource(delimiter = '|', value = {
            "item 9 several days | \"screening\": {\"phq9\": [0, 0, 0, 0, 0, 0, 0, 0, 1]}",
            "item 9 alone | \"screening\": {\"phq9\": [null, null, null, null, null, null, null, null, 3]}",
            "I need help now | \"helpNow\": true",
            "thoughts of suicide | \"conditions\": [\"suicidalThoughts\"]"})
    void eachCrisisSignalMakesTheLeadUrgent(String name, String fields) throws Exception {
        String body = fields.startsWith("\"conditions\"")
                ? Leads.validJson().replace("\"conditions\": [\"depression\", \"anxiety\"]", fields)
                : withFields(fields);
        Map<String, Object> row = lead(server.postJson(LEADS, body));
        assertEquals(1, ((Number) row.get("urgent")).intValue());
        assertEquals(0, ((Number) row.get("priority")).intValue(), "urgent sorts first");
    }

    @Test
    void safetyAnswersThatNeedAReviewRaiseTheFlags() throws Exception {
        Map<String, Object> row = lead(post("""
                "screening": {"safety": {"pacemaker": "notSure", "ketamineReaction": "yes"}}"""));
        assertEquals("[\"reviewBeforeKetamine\",\"reviewBeforeTms\"]", row.get("flags"),
                "\"not sure\" needs a review as much as \"yes\"");
        assertEquals(1, ((Number) row.get("priority")).intValue());
        assertTrue(((String) row.get("triage_reasons")).contains("safety.pacemaker.notSure"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "answer 4 | {\"phq9\": [0, 0, 0, 4, 0, 0, 0, 0, 0]} | screening.phq9[3]",
            "answer -1 | {\"gad7\": [0, -1, 0, 0, 0, 0, 0]} | screening.gad7[1]",
            "answer as text | {\"phq9\": [\"2\", 0, 0, 0, 0, 0, 0, 0, 0]} | screening.phq9[0]",
            "answer 1.5 | {\"gad7\": [1.5, 0, 0, 0, 0, 0, 0]} | screening.gad7[0]",
            "eight PHQ-9 answers | {\"phq9\": [0, 0, 0, 0, 0, 0, 0, 0]} | screening.phq9",
            "ten GAD-7 answers | {\"gad7\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]} | screening.gad7",
            "not a list | {\"phq9\": 12} | screening.phq9",
            "unknown safety question | {\"safety\": {\"flying\": \"no\"}} | screening.safety.flying",
            "unknown safety answer | {\"safety\": {\"seizures\": \"maybe\"}} | screening.safety.seizures",
            "trials out of range | {\"antidepressantTrials\": 7} | screening.antidepressantTrials",
            "unknown difficulty | {\"phqDifficulty\": \"awful\"} | screening.phqDifficulty",
            "unknown field | {\"phq2\": [1, 1]} | screening.phq2",
            "both scales | {\"phq9\": [0, 0, 0, 0, 0, 0, 0, 0, 0], \"phq8\": [0, 0, 0, 0, 0, 0, 0, 0]} | screening.phq8"})
    void outOfRangeScreeningIsA422NamingTheItem(String name, String screening, String field) throws Exception {
        HttpResponse<String> r = post("\"screening\": " + screening);
        assertEquals(422, r.statusCode(), r.body());
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        assertTrue(errors.has(field), "expected an error at " + field + ": " + r.body());
        assertFalse(errors.path(field).asText().isBlank());
        assertEquals(0, server.leadCount(), "nothing stored");
    }

    @Test
    void aPhq8IsAcceptedAsEightAnswers() throws Exception {
        Map<String, Object> row = lead(post("\"screening\": {\"phq8\": [3, 3, 3, 3, 3, 3, 3, 3]}"));
        assertEquals(24, ((Number) row.get("depression_total")).intValue());
        assertEquals("phq8", JSON.readTree((String) row.get("screening")).at("/depression/instrument").asText());
    }
}
