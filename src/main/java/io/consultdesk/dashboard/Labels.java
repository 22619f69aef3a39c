package io.consultdesk.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.i18n.Messages;
import io.consultdesk.screening.Triage;
import java.util.List;

/** Labels staff pages show for stored codes (statuses, interests, flags, triage reasons). */
public final class Labels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Messages t;

    public Labels(Messages t) {
        this.t = t;
    }

    public String status(String code) {
        return label("staff.status." + code, code);
    }

    public String interest(String code) {
        return code == null ? t.get("staff.lead.none") : label("option.interest." + code, code);
    }

    public String flag(String code) {
        return label("staff.flag." + code, code);
    }

    public List<String> flags(String json) {
        return codes(json).stream().map(this::flag).toList();
    }

    public String mailKind(String code) {
        return label("staff.mail." + code, code);
    }

    /** A triage reason code (see {@link Triage}) as a sentence. */
    public String reason(String code) {
        if (code.startsWith(Triage.REASON_SAFETY_PREFIX)) {
            String[] parts = code.substring(Triage.REASON_SAFETY_PREFIX.length()).split("\\.");
            if (parts.length == 2) {
                return t.get("staff.reason.safety", label("safety.q." + parts[0], parts[0]),
                        label("safety.answer." + parts[1], parts[1]));
            }
        }
        if (code.startsWith(Triage.REASON_TMS_CONDITION_PREFIX)) {
            String condition = code.substring(Triage.REASON_TMS_CONDITION_PREFIX.length());
            return t.get("staff.reason.tmsCondition", label("option.condition." + condition, condition));
        }
        return label("staff.reason." + code, code);
    }

    private String label(String key, String fallback) {
        return t.has(key) ? t.get(key) : fallback;
    }

    static List<String> codes(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }
}
