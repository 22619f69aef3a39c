package io.consultdesk.screening;

import java.util.Optional;

/**
 * A note for clinic staff, never shown to the visitor as a verdict. Flags inform a human; they never reject or
 * discourage anybody. Codes are stored and never change once shipped.
 */
public enum Flag implements Coded {
    /** Worth discussing TMS: a TMS condition with at least one antidepressant that did not help. */
    TMS_LIKELY_FIT("tmsLikelyFit"),
    /** A TMS (or both-treatment) safety question answered yes or not sure: review before TMS. */
    REVIEW_BEFORE_TMS("reviewBeforeTms"),
    /** A ketamine (or both-treatment) safety question answered yes or not sure: review before ketamine. */
    REVIEW_BEFORE_KETAMINE("reviewBeforeKetamine");

    private final String code;

    Flag(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public static Optional<Flag> fromCode(String code) {
        return Coded.find(Flag.class, code);
    }
}
