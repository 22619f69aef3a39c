package io.consultdesk.embed;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import io.consultdesk.lead.Choices;
import io.consultdesk.lead.LeadInput;
import java.util.List;
import java.util.Map;

/** The consultation form, blank or shown again with the visitor's answers and the errors next to their fields. */
public record FormPage(
        Frame frame,
        Clinic clinic,
        Messages messages,
        String action,
        LeadInput values,
        Map<String, String> errors,
        List<String> notices,
        String started,
        String submissionKey,
        boolean crisisOpen) {

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || !notices.isEmpty();
    }

    public String error(String field) {
        return errors.get(field);
    }

    public String invalid(String field) {
        return errors.containsKey(field) ? "true" : null;
    }

    /** The ids an input's aria-describedby names: its hint (if any) and its error slot (empty and hidden until needed). */
    public String describedBy(String field, boolean hint) {
        return (hint ? "f-" + field + "-hint " : "") + "f-" + field + "-error";
    }

    public List<String> states() {
        return List.copyOf(Choices.US_STATES.keySet());
    }

    public String stateName(String code) {
        return Choices.US_STATES.get(code);
    }

    public boolean selected(String value, String option) {
        return option.equals(value);
    }

    public boolean condition(String key) {
        return values.hasCondition(key);
    }

    public boolean ticked(String key) {
        return values.ticked(key);
    }

    public String consentText() {
        return messages.get("consent.privacy", clinic.name());
    }

    public String smsConsentText() {
        return messages.get("consent.sms", clinic.name());
    }
}
