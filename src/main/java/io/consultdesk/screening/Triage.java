package io.consultdesk.screening;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Staff triage of a consultation request (screening.md §3–§4). Pure.
 *
 * <p><b>Flags never reject anybody.</b> They tell a human at the clinic what to look at first; the software never
 * rejects, discourages or answers a visitor differently because of them, and never shows them to the visitor as a
 * verdict. There is no "low risk" output: a PHQ-9 item 9 of 0 produces nothing at all.
 *
 * <p>Rules:
 * <ul>
 *   <li>Urgent when PHQ-9 item 9 is above 0 (also in a partial PHQ-9, as long as item 9 is answered; a PHQ-8 has no
 *       item 9), the condition {@code suicidalThoughts} is ticked, or the visitor pressed "I need help now".
 *   <li>{@link Flag#TMS_LIKELY_FIT}: a condition among {@code depression}, {@code treatmentResistantDepression},
 *       {@code ocd}, {@code smokingCessation} (anxious depression is depression + anxiety, covered by depression),
 *       and at least one antidepressant that did not help: trials ≥ 1, or the "3 or more antidepressants"
 *       checklist item, or the condition {@code treatmentResistantDepression}.
 *   <li>{@link Flag#REVIEW_BEFORE_TMS}: a TMS or both-treatment {@link SafetyQuestion} answered yes or not sure.
 *   <li>{@link Flag#REVIEW_BEFORE_KETAMINE}: a ketamine or both-treatment question answered yes or not sure.
 * </ul>
 *
 * <p>Reason codes, in this order:
 * <ol>
 *   <li>{@value #REASON_HELP_NOW}, {@value #REASON_ITEM9}, {@value #REASON_SUICIDAL_THOUGHTS} — the urgent triggers;
 *   <li>{@code safety.<question code>.<answer code>} for each yes / not sure answer, in {@link SafetyQuestion}
 *       order, e.g. {@code safety.metalInHead.yes}, {@code safety.pregnancy.notSure};
 *   <li>when {@link Flag#TMS_LIKELY_FIT}: {@code likelyFit.condition.<key>} for each TMS condition ticked (in the
 *       order above), then {@value #REASON_TRIALS} if trials ≥ 1 and {@value #REASON_THREE_OR_MORE_MEDS} if that
 *       checklist item was ticked.
 * </ol>
 */
public final class Triage {
    public static final String SUICIDAL_THOUGHTS = "suicidalThoughts";
    public static final String TREATMENT_RESISTANT_DEPRESSION = "treatmentResistantDepression";
    /** The conditions that make TMS worth discussing, in reason order. */
    public static final List<String> TMS_CONDITIONS =
            List.of("depression", TREATMENT_RESISTANT_DEPRESSION, "ocd", "smokingCessation");

    public static final String REASON_HELP_NOW = "helpNow";
    public static final String REASON_ITEM9 = "phq9.item9";
    public static final String REASON_SUICIDAL_THOUGHTS = "condition.suicidalThoughts";
    public static final String REASON_SAFETY_PREFIX = "safety.";
    public static final String REASON_TMS_CONDITION_PREFIX = "likelyFit.condition.";
    public static final String REASON_TRIALS = "likelyFit.antidepressantTrials";
    public static final String REASON_THREE_OR_MORE_MEDS = "likelyFit.threeOrMoreMeds";

    private Triage() {}

    public static Assessment assess(TriageInput in) {
        List<String> reasons = new ArrayList<>();
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);

        boolean urgent = false;
        if (in.helpNow()) {
            urgent = true;
            reasons.add(REASON_HELP_NOW);
        }
        if (in.phq().flatMap(Score::item9).filter(a -> a > 0).isPresent()) {
            urgent = true;
            reasons.add(REASON_ITEM9);
        }
        if (in.conditions().contains(SUICIDAL_THOUGHTS)) {
            urgent = true;
            reasons.add(REASON_SUICIDAL_THOUGHTS);
        }

        for (Map.Entry<SafetyQuestion, SafetyAnswer> e : in.safety().entrySet()) { // EnumMap: question order
            SafetyQuestion q = e.getKey();
            SafetyAnswer a = e.getValue();
            if (!a.needsReview()) {
                continue;
            }
            if (q.concerns().tms()) {
                flags.add(Flag.REVIEW_BEFORE_TMS);
            }
            if (q.concerns().ketamine()) {
                flags.add(Flag.REVIEW_BEFORE_KETAMINE);
            }
            reasons.add(REASON_SAFETY_PREFIX + q.code() + "." + a.code());
        }

        List<String> tmsConditions = new ArrayList<>();
        for (String c : TMS_CONDITIONS) {
            if (in.conditions().contains(c)) {
                tmsConditions.add(c);
            }
        }
        boolean trials = in.antidepressantTrials().filter(n -> n >= 1).isPresent();
        boolean failedTreatment = trials || in.triedThreeOrMoreMeds()
                || in.conditions().contains(TREATMENT_RESISTANT_DEPRESSION);
        if (!tmsConditions.isEmpty() && failedTreatment) {
            flags.add(Flag.TMS_LIKELY_FIT);
            for (String c : tmsConditions) {
                reasons.add(REASON_TMS_CONDITION_PREFIX + c);
            }
            if (trials) {
                reasons.add(REASON_TRIALS);
            }
            if (in.triedThreeOrMoreMeds()) {
                reasons.add(REASON_THREE_OR_MORE_MEDS);
            }
        }

        Priority priority;
        if (urgent) {
            priority = Priority.URGENT;
        } else if (flags.contains(Flag.REVIEW_BEFORE_TMS) || flags.contains(Flag.REVIEW_BEFORE_KETAMINE)) {
            priority = Priority.REVIEW;
        } else if (flags.contains(Flag.TMS_LIKELY_FIT)) {
            priority = Priority.LIKELY_FIT;
        } else {
            priority = Priority.ROUTINE;
        }
        return new Assessment(urgent, flags, priority, reasons);
    }
}
