package io.consultdesk.lead;

import java.util.List;
import java.util.Map;

/**
 * What a visitor or an API client sent, before validation: every field may be missing (null).
 * The embedded form and the JSON API both produce one of these and hand it to {@link LeadService}.
 */
public record LeadInput(
        String name,
        String email,
        String phone,
        String preferredContact,
        String bestTime,
        String timeZone,
        String state,
        Boolean adult,
        String location,
        String interest,
        List<String> conditions,
        Map<String, Boolean> tmsChecklist,
        String referralSource,
        String message,
        Boolean consent,
        Boolean smsConsent) {

    public static LeadInput empty() {
        return new LeadInput(null, null, null, null, null, null, null, null, null, null, List.of(), Map.of(),
                null, null, null, null);
    }

    public boolean hasCondition(String key) {
        return conditions != null && conditions.contains(key);
    }

    public boolean ticked(String checklistKey) {
        return tmsChecklist != null && Boolean.TRUE.equals(tmsChecklist.get(checklistKey));
    }
}
