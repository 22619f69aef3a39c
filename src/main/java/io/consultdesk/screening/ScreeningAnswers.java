package io.consultdesk.screening;

import java.util.Map;
import java.util.Optional;

/**
 * Validated screening answers, stored with the lead. Scores of partly answered instruments are kept
 * partial (no total), never filled in with zeros.
 */
public record ScreeningAnswers(
        Optional<Score> depression,
        Optional<Score> anxiety,
        Optional<String> difficulty,
        Map<SafetyQuestion, SafetyAnswer> safety,
        Optional<Integer> antidepressantTrials) {

    public static final java.util.List<String> DIFFICULTY = java.util.List.of("notDifficult", "somewhat", "very", "extremely");

    public static ScreeningAnswers none() {
        return new ScreeningAnswers(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
    }

    public boolean isEmpty() {
        return depression.isEmpty() && anxiety.isEmpty() && difficulty.isEmpty() && safety.isEmpty()
                && antidepressantTrials.isEmpty();
    }
}
