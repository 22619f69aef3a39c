package io.consultdesk.lead;

import java.util.List;
import java.util.Map;

/** A request that passed validation, normalised (trimmed, phone in E.164, state code upper case). Optional fields are null. */
public record ValidLead(
        String name,
        String email,
        String phone,
        String preferredContact,
        String bestTime,
        String timeZone,
        String state,
        String locationId,
        String interest,
        List<String> conditions,
        Map<String, Boolean> tmsChecklist,
        String referralSource,
        String message,
        boolean smsConsent,
        io.consultdesk.screening.ScreeningAnswers screening,
        boolean helpNow,
        Utm utm) {}
