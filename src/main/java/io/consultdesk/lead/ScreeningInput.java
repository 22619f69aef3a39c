package io.consultdesk.lead;

import java.util.List;
import java.util.Map;

/**
 * The screening answers as sent, before validation. Each list holds one raw answer per item, null
 * where the visitor skipped it (every screening question is optional).
 *
 * @param depressionScale which depression scale the answers are for: {@code phq9} or {@code phq8}
 * @param depression the PHQ-9 or PHQ-8 answers, "0" to "3" (or empty when not answered at all)
 * @param anxiety the GAD-7 answers
 * @param difficulty the unscored PHQ follow-up: notDifficult, somewhat, very, extremely
 * @param safety safety question code → yes, no or notSure
 * @param antidepressantTrials 0 to 4 (4 meaning four or more), in this episode, that did not help
 */
public record ScreeningInput(
        String depressionScale,
        List<String> depression,
        List<String> anxiety,
        String difficulty,
        Map<String, String> safety,
        String antidepressantTrials) {

    public static ScreeningInput empty() {
        return new ScreeningInput(null, List.of(), List.of(), null, Map.of(), null);
    }

    /** The raw answer to item {@code n} (1-based) of the depression scale, or null. */
    public String depressionItem(int n) {
        return item(depression, n);
    }

    public String anxietyItem(int n) {
        return item(anxiety, n);
    }

    public String safetyAnswer(String code) {
        return safety == null ? null : safety.get(code);
    }

    /** True when item 9 of the PHQ-9 was answered above "Not at all": the crisis panel opens at once. */
    public boolean item9Positive() {
        String v = depressionItem(9);
        return v != null && !v.isBlank() && !"0".equals(v.trim());
    }

    private static String item(List<String> items, int n) {
        return items == null || n < 1 || n > items.size() ? null : items.get(n - 1);
    }
}
