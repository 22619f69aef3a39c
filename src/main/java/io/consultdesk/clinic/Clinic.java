package io.consultdesk.clinic;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A clinic and the settings its widget and notifications use. */
public record Clinic(
        String slug,
        String name,
        String phone,
        String hours,
        String brandColor,
        Optional<String> offer,
        Locale locale,
        Optional<String> privacyNoticeUrl,
        List<Location> locations,
        List<String> allowedOrigins,
        Recipients recipients,
        Questions questions) {

    public record Location(String id, String name, Optional<String> address, String timeZone) {}

    /** Who is told about new requests, urgent ones, and urgent ones that nobody acknowledged in time. */
    public record Recipients(List<String> requests, List<String> urgent, List<String> escalation) {}

    /** Which of the optional questions the form asks. Name, email, phone, contact method and consent are always asked. */
    public record Questions(
            boolean bestTime,
            boolean state,
            boolean location,
            boolean interest,
            boolean conditions,
            boolean tmsChecklist,
            boolean referralSource,
            boolean message) {

        public static Questions all() {
            return new Questions(true, true, true, true, true, true, true, true);
        }
    }

    public Optional<Location> location(String id) {
        return locations.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** Whether the visitor picks a location: only when the clinic asks and has more than one. */
    public boolean asksLocation() {
        return questions.location() && locations.size() > 1;
    }

    public boolean allowsOrigin(String origin) {
        return origin != null && allowedOrigins.stream().anyMatch(p -> OriginPattern.matches(p, origin));
    }
}
