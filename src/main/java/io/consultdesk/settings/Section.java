package io.consultdesk.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pages of a clinic's settings, in the order of the clinic file. Each owns some top-level fields of the
 * file: a save replaces those in the clinic's current settings and leaves every other field as it is.
 */
public enum Section {
    PROFILE("name", "phone", "hours", "locale", "offer", "privacyNoticeUrl", "privacyConsent"),
    LOCATIONS("locations"),
    QUESTIONS("questions"),
    RECIPIENTS("recipients"),
    WEBSITES("allowedOrigins"),
    BRANDING("brandColor"),
    DASHBOARD("dashboard"),
    BOOKING("booking");

    private final List<String> fields;

    Section(String... fields) {
        this.fields = List.of(fields);
    }

    /** The section's name in URLs and in the settings' history, e.g. {@code profile}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The top-level fields of the clinic file this section edits. */
    public List<String> fields() {
        return fields;
    }

    public static Optional<Section> of(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }

    /** Whether this section changes what the visitor's form shows: only these pages have a Preview. */
    public boolean showsInForm() {
        return this == PROFILE || this == LOCATIONS || this == QUESTIONS || this == BRANDING;
    }
}
