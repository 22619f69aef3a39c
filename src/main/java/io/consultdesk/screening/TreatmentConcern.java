package io.consultdesk.screening;

/** Which treatment a {@link SafetyQuestion} is about. */
public enum TreatmentConcern {
    TMS,
    KETAMINE,
    BOTH;

    /** TMS or BOTH. */
    public boolean tms() {
        return this != KETAMINE;
    }

    /** KETAMINE or BOTH. */
    public boolean ketamine() {
        return this != TMS;
    }
}
