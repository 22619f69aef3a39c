package io.consultdesk.screening;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What triage looks at, taken from an already validated submission.
 *
 * @param conditions the condition keys ticked on the form ({@code depression}, {@code treatmentResistantDepression},
 *     {@code anxiety}, {@code ptsd}, {@code ocd}, {@code phobias}, {@code bipolarDepression}, {@code chronicPain},
 *     {@code suicidalThoughts}, {@code smokingCessation}, {@code other}); keys triage does not use are ignored
 * @param antidepressantTrials antidepressants tried in this episode that did not help: 0, 1, 2, 3, or 4 meaning
 *     4 or more; empty when not asked or not answered
 * @param triedThreeOrMoreMeds the TMS checklist item "I have tried, or am currently on, 3 or more antidepressant
 *     medications" was ticked
 * @param phq a PHQ-9 or PHQ-8 score, complete or partial
 * @param gad a GAD-7 score, complete or partial
 * @param safety the safety questions answered; an unanswered question is absent
 * @param helpNow the visitor pressed "I need help now"
 */
public record TriageInput(
        Set<String> conditions,
        Optional<Integer> antidepressantTrials,
        boolean triedThreeOrMoreMeds,
        Optional<Score> phq,
        Optional<Score> gad,
        Map<SafetyQuestion, SafetyAnswer> safety,
        boolean helpNow) {

    /** The highest {@link #antidepressantTrials()} value; it means "4 or more". */
    public static final int FOUR_OR_MORE_TRIALS = 4;

    /**
     * @throws NullPointerException on a null component (use empty sets, maps and optionals)
     * @throws IllegalArgumentException on trials outside 0..4, a null condition or answer, {@code phq} not a PHQ-9
     *     or PHQ-8, or {@code gad} not a GAD-7
     */
    public TriageInput {
        Objects.requireNonNull(conditions, "conditions");
        Objects.requireNonNull(antidepressantTrials, "antidepressantTrials");
        Objects.requireNonNull(phq, "phq");
        Objects.requireNonNull(gad, "gad");
        Objects.requireNonNull(safety, "safety");
        if (conditions.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("null condition");
        }
        antidepressantTrials.ifPresent(n -> {
            if (n < 0 || n > FOUR_OR_MORE_TRIALS) {
                throw new IllegalArgumentException("antidepressantTrials out of range 0..4: " + n);
            }
        });
        phq.ifPresent(s -> {
            if (s.instrument() != Instrument.PHQ9 && s.instrument() != Instrument.PHQ8) {
                throw new IllegalArgumentException("phq must be a PHQ-9 or PHQ-8, got " + s.instrument().code());
            }
        });
        gad.ifPresent(s -> {
            if (s.instrument() != Instrument.GAD7) {
                throw new IllegalArgumentException("gad must be a GAD-7, got " + s.instrument().code());
            }
        });
        EnumMap<SafetyQuestion, SafetyAnswer> answers = new EnumMap<>(SafetyQuestion.class);
        for (Map.Entry<SafetyQuestion, SafetyAnswer> e : safety.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("null safety question or answer: " + e);
            }
            answers.put(e.getKey(), e.getValue());
        }
        conditions = Collections.unmodifiableSet(new LinkedHashSet<>(conditions));
        safety = Collections.unmodifiableMap(answers);
    }
}
