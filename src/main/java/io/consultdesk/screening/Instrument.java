package io.consultdesk.screening;

import java.util.Optional;

/**
 * A self-report screening questionnaire. Every item is answered 0 (Not at all), 1 (Several days), 2 (More than
 * half the days) or 3 (Nearly every day) for "the last 2 weeks".
 *
 * <p>The {@link #code()} is what is stored and what message keys are built from; it never changes once shipped.
 */
public enum Instrument implements Coded {
    /** PHQ-9, depression, 9 items, total 0–27. Item 9 asks about thoughts of being better off dead or self-harm. */
    PHQ9("phq9", 9, "phq2"),
    /**
     * PHQ-8: the PHQ-9 without item 9, total 0–24, same bands as the PHQ-9. A per-clinic setting for a clinic that
     * cannot respond to a positive item 9 quickly.
     */
    PHQ8("phq8", 8, "phq2"),
    /** GAD-7, anxiety, 7 items, total 0–21. */
    GAD7("gad7", 7, "gad2");

    /** The lowest and highest answer to one item. */
    public static final int MIN_ANSWER = 0;
    public static final int MAX_ANSWER = 3;

    private final String code;
    private final int items;
    private final String shortFormCode;

    Instrument(String code, int items, String shortFormCode) {
        this.code = code;
        this.items = items;
        this.shortFormCode = shortFormCode;
    }

    /** "phq9", "phq8" or "gad7". */
    @Override
    public String code() {
        return code;
    }

    /** How many items the instrument has: 9, 8 or 7. */
    public int items() {
        return items;
    }

    /** The highest possible total: 27, 24 or 21. */
    public int maxTotal() {
        return items * MAX_ANSWER;
    }

    /** The short form made of items 1–2: "phq2" for PHQ-9 and PHQ-8, "gad2" for GAD-7. */
    public String shortFormCode() {
        return shortFormCode;
    }

    /** Whether the instrument asks PHQ-9 item 9 (only the PHQ-9 does). */
    public boolean hasItem9() {
        return this == PHQ9;
    }

    /**
     * The severity band of a complete total.
     * PHQ-9 and PHQ-8: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20+ severe.
     * GAD-7: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe (GAD-7 has no moderately severe band).
     *
     * @throws IllegalArgumentException if the total is outside 0..{@link #maxTotal()}
     */
    public Band band(int total) {
        if (total < 0 || total > maxTotal()) {
            throw new IllegalArgumentException(code + " total out of range 0.." + maxTotal() + ": " + total);
        }
        if (total <= 4) {
            return Band.MINIMAL;
        }
        if (total <= 9) {
            return Band.MILD;
        }
        if (total <= 14) {
            return Band.MODERATE;
        }
        if (this == GAD7) {
            return Band.SEVERE;
        }
        return total <= 19 ? Band.MODERATELY_SEVERE : Band.SEVERE;
    }

    /** The instrument with this code, if any. */
    public static Optional<Instrument> fromCode(String code) {
        return Coded.find(Instrument.class, code);
    }
}
