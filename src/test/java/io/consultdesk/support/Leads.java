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

    /** The embed page of the demo clinic as framed by a clinic site on this origin. */
    public static final String FORM_PAGE = "/embed/demo?host="
            + java.net.URLEncoder.encode("http://localhost:8080", java.nio.charset.StandardCharsets.UTF_8);

    /** A complete, valid no-JavaScript form post, with the hidden fields taken from the rendered form page. */
    public static java.util.Map<String, String> validForm(String html) {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("interest", "ketamine");
        f.put("location", "los-angeles");
        f.put("name", "Casey Morgan");
        f.put("email", "casey@example.com");
        f.put("phone", "");
        f.put("preferredContact", "email");
        f.put("state", "CA");
        f.put("adult", "true");
        f.put("message", "Evenings, please.");
        f.put("consent", "true");
        f.put("contact_me_by_fax_only", "");
        f.put("started", TestServer.hiddenField(html, "started"));
        f.put("submissionKey", TestServer.hiddenField(html, "submissionKey"));
        f.put("timeZone", "America/New_York");
        return f;
    }

    public static String formBody(java.util.Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
    }
}
