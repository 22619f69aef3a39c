package io.consultdesk.screening;

import java.util.Optional;

/**
 * A severity band of a complete PHQ-9, PHQ-8 or GAD-7 total (see {@link Instrument#band(int)}). A screening
 * result, not a diagnosis: show it as such. {@link #MODERATELY_SEVERE} exists only for PHQ-9 and PHQ-8.
 *
 * <p>The {@link #code()} is stored and used in message keys; it never changes once shipped.
 */
public enum Band implements Coded {
    MINIMAL("minimal"),
    MILD("mild"),
    MODERATE("moderate"),
    MODERATELY_SEVERE("moderatelySevere"),
    SEVERE("severe");

    private final String code;

    Band(String code) {
        this.code = code;
    }

    /** "minimal", "mild", "moderate", "moderatelySevere" or "severe". */
    @Override
    public String code() {
        return code;
    }

    public static Optional<Band> fromCode(String code) {
        return Coded.find(Band.class, code);
    }
}
