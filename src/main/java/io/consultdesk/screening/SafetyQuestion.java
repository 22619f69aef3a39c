package io.consultdesk.screening;

import java.util.Optional;

/**
 * The yes / no / not sure questions behind the "to review before TMS" and "to review before ketamine" flags
 * (screening.md §4), one per review item. A YES or NOT_SURE only asks staff to look before treatment; it never
 * rejects or discourages the visitor. Codes are stored and used in message keys; they never change once shipped.
 */
public enum SafetyQuestion implements Coded {
    /**
     * Metal or implants in or near the head: aneurysm clips or coils, stents, cochlear implant, deep brain or vagus
     * nerve stimulator, electrodes, fragments.
     */
    METAL_IN_HEAD("metalInHead", TreatmentConcern.TMS),
    /** A pacemaker or implanted defibrillator. */
    PACEMAKER("pacemaker", TreatmentConcern.TMS),
    /** A history of seizures or epilepsy. */
    SEIZURES("seizures", TreatmentConcern.TMS),
    /**
     * Pregnant or breastfeeding — one combined question. Pregnancy is a review item for both treatments and
     * breastfeeding for ketamine only; because the answer does not say which, a YES or NOT_SURE flags review before
     * TMS as well as before ketamine, and staff clarify.
     */
    PREGNANCY("pregnancy", TreatmentConcern.BOTH),
    /** Uncontrolled high blood pressure or heart disease. */
    HEART_BLOOD_PRESSURE("heartBloodPressure", TreatmentConcern.KETAMINE),
    /** A history of stroke, aneurysm or brain bleed. */
    STROKE_ANEURYSM("strokeAneurysm", TreatmentConcern.KETAMINE),
    /** Psychosis or schizophrenia, oneself or a first-degree relative. */
    PSYCHOSIS("psychosis", TreatmentConcern.KETAMINE),
    /** An active substance use disorder. */
    SUBSTANCE_USE("substanceUse", TreatmentConcern.KETAMINE),
    /** A prior bad reaction to ketamine. */
    KETAMINE_REACTION("ketamineReaction", TreatmentConcern.KETAMINE),
    /** Raised pressure in the eye or brain. */
    EYE_BRAIN_PRESSURE("eyeBrainPressure", TreatmentConcern.KETAMINE);

    private final String code;
    private final TreatmentConcern concerns;

    SafetyQuestion(String code, TreatmentConcern concerns) {
        this.code = code;
        this.concerns = concerns;
    }

    /** e.g. "metalInHead"; see the constants. */
    @Override
    public String code() {
        return code;
    }

    /** Which treatment's review a YES or NOT_SURE flags. */
    public TreatmentConcern concerns() {
        return concerns;
    }

    public static Optional<SafetyQuestion> fromCode(String code) {
        return Coded.find(SafetyQuestion.class, code);
    }
}
