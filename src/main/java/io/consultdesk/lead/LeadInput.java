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
        Boolean smsConsent,
        ScreeningInput screening,
        Boolean helpNow,
        Utm utm) {

    public LeadInput {
        utm = utm == null ? Utm.NONE : utm;
    }

    /** A request without campaign ({@link Utm#NONE}). */
    public LeadInput(String name, String email, String phone, String preferredContact, String bestTime, String timeZone,
                     String state, Boolean adult, String location, String interest, List<String> conditions,
                     Map<String, Boolean> tmsChecklist, String referralSource, String message, Boolean consent,
                     Boolean smsConsent, ScreeningInput screening, Boolean helpNow) {
        this(name, email, phone, preferredContact, bestTime, timeZone, state, adult, location, interest, conditions,
                tmsChecklist, referralSource, message, consent, smsConsent, screening, helpNow, Utm.NONE);
    }

    public static LeadInput empty() {
        return preset(null, null, Utm.NONE);
    }

    /** A blank form with some answers already chosen (by the embedding site) and the campaign it came from. */
    public static LeadInput preset(String interest, String location, Utm utm) {
        return new LeadInput(null, null, null, null, null, null, null, null, location, interest, List.of(), Map.of(),
                null, null, null, null, ScreeningInput.empty(), null, utm);
    }

    public boolean hasCondition(String key) {
        return conditions != null && conditions.contains(key);
    }

    /**
     * Whether what was sent already calls for the crisis panel: "thoughts of suicide" ticked, PHQ-9
     * item 9 above "Not at all", or "I need help now" pressed.
     */
    public boolean signalsCrisis() {
        return hasCondition(Choices.SUICIDAL_THOUGHTS) || Boolean.TRUE.equals(helpNow)
                || (screening != null && screening.item9Positive());
    }

    public ScreeningInput screeningOrEmpty() {
        return screening == null ? ScreeningInput.empty() : screening;
    }

    public boolean ticked(String checklistKey) {
        return tmsChecklist != null && Boolean.TRUE.equals(tmsChecklist.get(checklistKey));
    }
}
