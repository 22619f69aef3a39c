package io.consultdesk.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.consultdesk.db.Sealer;
import java.util.List;
import java.util.Map;

/**
 * The part of a lead that is stored encrypted ({@code lead.sealed}): what the visitor said about their
 * health (conditions, TMS checklist, message, screening answers) and the reasons triage gave. Scores
 * are not stored at all: they are computed again from the answers when staff look.
 *
 * @param screening as written by {@code LeadService}: {@code {"depression": {"instrument", "answers"},
 *     "anxiety": {...}, "difficulty", "safety": {code: answer}, "antidepressantTrials"}}, or a null node
 */
public record SealedAnswers(List<String> conditions, Map<String, Boolean> tmsChecklist, String message,
                            JsonNode screening, List<String> triageReasons) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SealedAnswers {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        tmsChecklist = tmsChecklist == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tmsChecklist)); // keeps the form's order
        screening = screening == null ? NullNode.getInstance() : screening;
        triageReasons = triageReasons == null ? List.of() : List.copyOf(triageReasons);
    }

    /** The associated data that binds a lead's sealed answers to that lead. */
    public static String context(String leadId) {
        return "lead:" + leadId;
    }

    public String seal(Sealer sealer, String leadId) {
        try {
            return sealer.seal(JSON.writeValueAsString(this), context(leadId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SealedAnswers open(Sealer sealer, String leadId, String sealed) {
        if (sealed == null) {
            return new SealedAnswers(null, null, null, null, null);
        }
        try {
            return JSON.readValue(sealer.open(sealed, context(leadId)), SealedAnswers.class);
        } catch (JsonProcessingException e) {
            throw new Sealer.Unreadable("sealed answers are not readable JSON");
        }
    }
}
