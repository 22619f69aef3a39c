package io.consultdesk.lead;

import io.consultdesk.screening.Instrument;
import io.consultdesk.screening.SafetyAnswer;
import io.consultdesk.screening.SafetyQuestion;
import io.consultdesk.screening.ScreeningAnswers;
import io.consultdesk.screening.Score;
import io.consultdesk.screening.Scoring;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules for screening answers, as a pure function. Every item is optional; what is given must be
 * in range. Errors are keyed by the API's paths, e.g. {@code screening.phq9[8]}.
 */
public final class ScreeningValidator {
    private ScreeningValidator() {}

    public static ScreeningAnswers validate(ScreeningInput in, Map<String, FieldError> errors) {
        if (in == null) {
            return ScreeningAnswers.none();
        }
        Optional<Score> depression = Optional.empty();
        if (in.depression() != null && in.depression().stream().anyMatch(ScreeningValidator::given)) {
            Instrument scale = Instrument.fromCode(in.depressionScale() == null ? "phq9" : in.depressionScale())
                    .filter(i -> i != Instrument.GAD7).orElse(null);
            if (scale == null) {
                errors.put("screening.depressionScale", FieldError.of("error.field.invalid"));
            } else {
                depression = score(scale, in.depression(), "screening." + scale.code(), errors);
            }
        }
        Optional<Score> anxiety = Optional.empty();
        if (in.anxiety() != null && in.anxiety().stream().anyMatch(ScreeningValidator::given)) {
            anxiety = score(Instrument.GAD7, in.anxiety(), "screening.gad7", errors);
        }
        Optional<String> difficulty = Optional.empty();
        if (given(in.difficulty())) {
            if (ScreeningAnswers.DIFFICULTY.contains(in.difficulty().trim())) {
                difficulty = Optional.of(in.difficulty().trim());
            } else {
                errors.put("screening.phqDifficulty", FieldError.of("error.field.invalid"));
            }
        }
        Map<SafetyQuestion, SafetyAnswer> safety = new EnumMap<>(SafetyQuestion.class);
        if (in.safety() != null) {
            in.safety().forEach((code, answer) -> {
                Optional<SafetyQuestion> q = SafetyQuestion.fromCode(code);
                if (q.isEmpty()) {
                    errors.put("screening.safety." + clip(code), FieldError.of("error.field.unknown"));
                } else if (given(answer)) {
                    SafetyAnswer.fromCode(answer.trim()).ifPresentOrElse(a -> safety.put(q.get(), a),
                            () -> errors.put("screening.safety." + code, FieldError.of("error.screening.safetyAnswer")));
                }
            });
        }
        Optional<Integer> trials = Optional.empty();
        if (given(in.antidepressantTrials())) {
            Integer n = small(in.antidepressantTrials(), 4);
            if (n == null) {
                errors.put("screening.antidepressantTrials", FieldError.of("error.screening.trials"));
            } else {
                trials = Optional.of(n);
            }
        }
        return new ScreeningAnswers(depression, anxiety, difficulty, Map.copyOf(safety), trials);
    }

    private static Optional<Score> score(Instrument instrument, List<String> raw, String path, Map<String, FieldError> errors) {
        if (raw.size() != instrument.items()) {
            errors.put(path, FieldError.of("error.screening.length", instrument.items()));
            return Optional.empty();
        }
        List<Integer> answers = new ArrayList<>(raw.size());
        boolean ok = true;
        for (int i = 0; i < raw.size(); i++) {
            if (!given(raw.get(i))) {
                answers.add(null);
                continue;
            }
            Integer v = small(raw.get(i), Instrument.MAX_ANSWER);
            if (v == null) {
                errors.put(path + "[" + i + "]", FieldError.of("error.screening.answer"));
                ok = false;
            }
            answers.add(v);
        }
        return ok ? Optional.of(Scoring.score(instrument, answers)) : Optional.empty();
    }

    /** A whole number from 0 to max, or null. */
    private static Integer small(String raw, int max) {
        String v = raw.trim();
        if (!v.matches("[0-9]{1,2}")) {
            return null;
        }
        int n = Integer.parseInt(v);
        return n <= max ? n : null;
    }

    private static boolean given(String v) {
        return v != null && !v.isBlank();
    }

    /** A name the caller sent, as an error names it: cut, control and invisible characters shown as {@code ?}. */
    private static String clip(String s) {
        return LeadJson.fieldName(s, 40);
    }
}
