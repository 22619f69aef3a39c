package io.consultdesk.support;

/** Request bodies and form posts that tests start from. */
public final class Leads {
    private Leads() {}

    /** A complete, valid API request for the demo clinic. */
    public static String validJson() {
        return """
                {"name": "Jordan Rivera", "email": "jordan@example.com", "phone": "(310) 555-0199",
                 "preferredContact": "phone", "bestTime": "morning", "state": "CA", "adult": true,
                 "location": "beverly-hills", "interest": "tms", "conditions": ["depression", "anxiety"],
                 "tmsChecklist": {"struggles": true, "symptoms": true, "medications": false, "therapy": true, "suggested": false},
                 "referralSource": "doctor", "message": "Mornings are best.", "consent": true, "smsConsent": true}
                """;
    }
}
