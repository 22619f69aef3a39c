package io.consultdesk.screening;

import java.util.Optional;

/** The answer to a {@link SafetyQuestion}. Codes are stored and never change once shipped. */
public enum SafetyAnswer implements Coded {
    YES("yes"),
    NO("no"),
    NOT_SURE("notSure");

    private final String code;

    SafetyAnswer(String code) {
        this.code = code;
    }

    /** "yes", "no" or "notSure". */
    @Override
    public String code() {
        return code;
    }

    /** YES and NOT_SURE ask staff to review; NO does not. */
    public boolean needsReview() {
        return this != NO;
    }

    public static Optional<SafetyAnswer> fromCode(String code) {
        return Coded.find(SafetyAnswer.class, code);
    }
}
