package io.consultdesk.screening;

/**
 * The two-item short form inside a longer instrument: PHQ-2 (PHQ-9/PHQ-8 items 1–2) or GAD-2 (GAD-7 items 1–2),
 * total 0–6, positive at 3 or more.
 *
 * <p>Never use it as a gate in front of PHQ-9 item 9: a PHQ-2 gate of ≥3 hides about half of the people who
 * would answer item 9 positively. It is informational only.
 *
 * @param code "phq2" or "gad2"
 * @param total the sum of items 1 and 2, 0..6
 */
public record ShortForm(String code, int total) {
    /** The lowest positive total. */
    public static final int POSITIVE_AT = 3;

    public ShortForm {
        if (!"phq2".equals(code) && !"gad2".equals(code)) {
            throw new IllegalArgumentException("unknown short form: " + code);
        }
        if (total < 0 || total > 2 * Instrument.MAX_ANSWER) {
            throw new IllegalArgumentException("short form total out of range 0..6: " + total);
        }
    }

    /** Total ≥ 3. */
    public boolean positive() {
        return total >= POSITIVE_AT;
    }
}
