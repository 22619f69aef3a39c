package io.consultdesk.clinic;

import io.consultdesk.booking.BookingSettings;
import io.consultdesk.i18n.Messages;
import java.time.ZoneId;
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
        Questions questions,
        Dashboard dashboard,
        BookingSettings booking,
        Optional<String> consentText) {

    /** A clinic with the standard wording of the privacy consent. */
    public Clinic(String slug, String name, String phone, String hours, String brandColor, Optional<String> offer,
                  Locale locale, Optional<String> privacyNoticeUrl, List<Location> locations, List<String> allowedOrigins,
                  Recipients recipients, Questions questions, Dashboard dashboard, BookingSettings booking) {
        this(slug, name, phone, hours, brandColor, offer, locale, privacyNoticeUrl, locations, allowedOrigins,
                recipients, questions, dashboard, booking, Optional.empty());
    }

    /** A clinic without online booking. */
    public Clinic(String slug, String name, String phone, String hours, String brandColor, Optional<String> offer,
                  Locale locale, Optional<String> privacyNoticeUrl, List<Location> locations, List<String> allowedOrigins,
                  Recipients recipients, Questions questions, Dashboard dashboard) {
        this(slug, name, phone, hours, brandColor, offer, locale, privacyNoticeUrl, locations, allowedOrigins,
                recipients, questions, dashboard, BookingSettings.OFF);
    }

    /** A clinic with the default dashboard settings. */
    public Clinic(String slug, String name, String phone, String hours, String brandColor, Optional<String> offer,
                  Locale locale, Optional<String> privacyNoticeUrl, List<Location> locations, List<String> allowedOrigins,
                  Recipients recipients, Questions questions) {
        this(slug, name, phone, hours, brandColor, offer, locale, privacyNoticeUrl, locations, allowedOrigins,
                recipients, questions, Dashboard.DEFAULT);
    }

    /**
     * How the staff dashboard treats this clinic's leads and users.
     *
     * @param idleLogoffMinutes staff who work for this clinic are signed out after this long without activity
     * @param acknowledgeMinutes an urgent request nobody acknowledged within this time is escalated, once
     */
    public record Dashboard(int idleLogoffMinutes, int acknowledgeMinutes) {
        public static final Dashboard DEFAULT = new Dashboard(15, 15);
        public static final int MIN_IDLE = 2;
        public static final int MAX_IDLE = 60;
        public static final int MIN_ACKNOWLEDGE = 1;
        public static final int MAX_ACKNOWLEDGE = 24 * 60;
    }

    /** Who is told about new requests, urgent ones, and urgent ones that nobody acknowledged in time. */
    public record Recipients(List<String> requests, List<String> urgent, List<String> escalation) {}

    /**
     * Which of the optional questions the form asks. Name, email, phone, contact method and consent are
     * always asked. The screening sections (a depression scale, GAD-7, the safety questions before TMS
     * and ketamine, antidepressant trials) are optional for the visitor even when the clinic asks them.
     *
     * @param depressionScale {@code phq9}, {@code phq8} (PHQ-9 without item 9, for a clinic that cannot
     *     respond quickly to a positive item 9) or {@code off}
     */
    public record Questions(
            boolean bestTime,
            boolean state,
            boolean location,
            boolean interest,
            boolean conditions,
            boolean tmsChecklist,
            boolean referralSource,
            boolean message,
            String depressionScale,
            boolean anxietyScale,
            boolean tmsSafety,
            boolean ketamineSafety,
            boolean antidepressantTrials) {

        public static final java.util.Set<String> DEPRESSION_SCALES = java.util.Set.of("phq9", "phq8", "off");

        public Questions {
            depressionScale = depressionScale == null || !DEPRESSION_SCALES.contains(depressionScale) ? "off" : depressionScale;
        }

        /** The contact and interest questions only, no screening. */
        public Questions(boolean bestTime, boolean state, boolean location, boolean interest, boolean conditions,
                         boolean tmsChecklist, boolean referralSource, boolean message) {
            this(bestTime, state, location, interest, conditions, tmsChecklist, referralSource, message,
                    "off", false, false, false, false);
        }

        public static Questions all() {
            return new Questions(true, true, true, true, true, true, true, true, "phq9", true, true, true, true);
        }

        public boolean asksDepressionScale() {
            return !"off".equals(depressionScale);
        }

        public boolean asksScreening() {
            return asksDepressionScale() || anxietyScale || tmsSafety || ketamineSafety || antidepressantTrials;
        }
    }

    /** The same clinic with other booking settings. */
    public Clinic withBooking(BookingSettings settings) {
        return new Clinic(slug, name, phone, hours, brandColor, offer, locale, privacyNoticeUrl, locations, allowedOrigins,
                recipients, questions, dashboard, settings, consentText);
    }

    /** The privacy consent the visitor agrees to: the clinic's own wording, or the standard one with its name. */
    public String consent(Messages m) {
        return consentText.orElseGet(() -> m.get("consent.privacy", name));
    }

    /**
     * The version of that consent, stored with each request beside its text: the bundle's version of the standard
     * wording, or, for the clinic's own wording, one derived from the text itself, so each change of the text is a
     * new version (and a restored older text is its older version again).
     */
    public String consentVersion(Messages m) {
        return consentText.map(t -> "clinic-" + sha256(t).substring(0, 16)).orElseGet(() -> m.get("consent.privacy.version"));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Location(String id, String name, Optional<String> address, String timeZone) {
        public ZoneId zone() {
            return ZoneId.of(timeZone);
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
