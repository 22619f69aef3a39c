package io.consultdesk.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.lead.Choices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per rule of screening.md §3–§4; expected outcomes come from these tables, not from the code. */
class TriageTest {

    /** A mutable builder for test inputs; starts with nothing answered. */
    static final class In {
        Set<String> conditions = new LinkedHashSet<>();
        Optional<Integer> trials = Optional.empty();
        boolean threeOrMore;
        Optional<Score> phq = Optional.empty();
        Optional<Score> gad = Optional.empty();
        Map<SafetyQuestion, SafetyAnswer> safety = new EnumMap<>(SafetyQuestion.class);
        boolean helpNow;

        In conditions(String... keys) {
            conditions.addAll(Arrays.asList(keys));
            return this;
        }

        In trials(int n) {
            trials = Optional.of(n);
            return this;
        }

        In threeOrMore() {
            threeOrMore = true;
            return this;
        }

        In phq(Instrument instrument, Integer... answers) {
            phq = Optional.of(Scoring.score(instrument, Arrays.asList(answers)));
            return this;
        }

        In gad(Integer... answers) {
            gad = Optional.of(Scoring.score(Instrument.GAD7, Arrays.asList(answers)));
            return this;
        }

        In safety(SafetyQuestion q, SafetyAnswer a) {
            safety.put(q, a);
            return this;
        }

        In helpNow() {
            helpNow = true;
            return this;
        }

        TriageInput build() {
            return new TriageInput(conditions, trials, threeOrMore, phq, gad, safety, helpNow);
        }

        Assessment assess() {
            return Triage.assess(build());
        }
    }

    static In in() {
        return new In();
    }

    static Set<String> keys(String semicolonSeparated) {
        if (semicolonSeparated == null || semicolonSeparated.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(semicolonSeparated.split(";")));
    }

    // ---- nothing at all ------------------------------------------------------------------------------------

    @Test
    void nothingAnsweredIsRoutine() {
        Assessment a = in().assess();
        assertFalse(a.urgent());
        assertEquals(Set.of(), a.flags());
        assertEquals(Priority.ROUTINE, a.priority());
        assertEquals(List.of(), a.reasons());
    }

    // ---- urgent ---------------------------------------------------------------------------------------------

    static Stream<Arguments> urgentTriggers() {
        return Stream.of(
                Arguments.of("item 9 = 1", in().phq(Instrument.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 1), "phq9.item9"),
                Arguments.of("item 9 = 2", in().phq(Instrument.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 2), "phq9.item9"),
                Arguments.of("item 9 = 3", in().phq(Instrument.PHQ9, 3, 3, 3, 3, 3, 3, 3, 3, 3), "phq9.item9"),
                Arguments.of("partial PHQ-9, only item 9 answered",
                        in().phq(Instrument.PHQ9, null, null, null, null, null, null, null, null, 1), "phq9.item9"),
                Arguments.of("partial PHQ-9, item 1 missing",
                        in().phq(Instrument.PHQ9, null, 0, 0, 0, 0, 0, 0, 0, 2), "phq9.item9"),
                Arguments.of("thoughts of suicide ticked", in().conditions("suicidalThoughts"),
                        "condition.suicidalThoughts"),
                Arguments.of("I need help now", in().helpNow(), "helpNow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("urgentTriggers")
    void urgentTrigger(String name, In input, String reason) {
        Assessment a = input.assess();
        assertTrue(a.urgent());
        assertEquals(Priority.URGENT, a.priority());
        assertEquals(List.of(reason), a.reasons());
        assertEquals(Set.of(), a.flags());
    }

    @Test
    void allUrgentTriggersAreAllListed() {
        Assessment a = in().helpNow().conditions("suicidalThoughts")
                .phq(Instrument.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 1).assess();
        assertTrue(a.urgent());
        assertEquals(List.of("helpNow", "phq9.item9", "condition.suicidalThoughts"), a.reasons());
    }

    @ParameterizedTest(name = "item 9 = 0 with items 1–8 = {0}")
    @CsvSource({"0", "1", "3"})
    void negativeItem9ProducesNothing(int others) {
        Integer o = others;
        Assessment a = in().phq(Instrument.PHQ9, o, o, o, o, o, o, o, o, 0).assess();
        assertFalse(a.urgent());
        assertEquals(Priority.ROUTINE, a.priority(), "a PHQ-9 score alone does not change priority");
        assertEquals(Set.of(), a.flags());
        assertEquals(List.of(), a.reasons(), "no reassurance, no \"low risk\": nothing at all");
    }

    @Test
    void phq8HasNoItem9ButOtherTriggersStillWork() {
        Assessment quiet = in().phq(Instrument.PHQ8, 3, 3, 3, 3, 3, 3, 3, 3).assess();
        assertFalse(quiet.urgent());
        assertEquals(Priority.ROUTINE, quiet.priority());

        Assessment help = in().phq(Instrument.PHQ8, 3, 3, 3, 3, 3, 3, 3, 3).helpNow().assess();
        assertTrue(help.urgent());
        assertEquals(List.of("helpNow"), help.reasons());
    }

    @Test
    void gadAloneIsNeverUrgent() {
        Assessment a = in().gad(3, 3, 3, 3, 3, 3, 3).assess();
        assertFalse(a.urgent());
        assertEquals(Priority.ROUTINE, a.priority());
    }

    @Test
    void noOutputAnywhereSpeaksOfLowRisk() {
        List<String> words = new ArrayList<>();
        for (Priority p : Priority.values()) {
            words.add(p.name());
            words.add(p.code());
        }
        for (Flag f : Flag.values()) {
            words.add(f.name());
            words.add(f.code());
        }
        for (Band b : Band.values()) {
            words.add(b.name());
            words.add(b.code());
        }
        List<Assessment> many = List.of(
                in().assess(),
                in().phq(Instrument.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 0).assess(),
                in().phq(Instrument.PHQ9, 3, 3, 3, 3, 3, 3, 3, 3, 0).conditions("depression").trials(4).assess(),
                everythingAtOnce().assess());
        for (Assessment a : many) {
            words.addAll(a.reasons());
        }
        for (String w : words) {
            String lower = w.toLowerCase(Locale.ROOT);
            // "safety.<question>..." reasons are fine; a verdict of low risk or reassurance is not
            assertFalse(lower.contains("risk") || lower.contains("reassur") || lower.contains("cleared")
                    || lower.contains("negative") || lower.equals("safe") || lower.equals("low"), w);
        }
    }

    // ---- TMS likely fit -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}] trials={1} 3+meds={2} -> likely fit {3}")
    @CsvSource(nullValues = "none", value = {
        // via trials
        "depression, 1, false, true",
        "depression, 2, false, true",
        "depression, 4, false, true",
        "ocd, 1, false, true",
        "smokingCessation, 3, false, true",
        "depression;anxiety, 1, false, true",
        // via the "3 or more antidepressants" checklist item
        "depression, none, true, true",
        "depression, 0, true, true",
        "ocd, none, true, true",
        // via treatment-resistant depression
        "treatmentResistantDepression, none, false, true",
        "treatmentResistantDepression, 0, false, true",
        // depression without a failed trial
        "depression, 0, false, false",
        "depression, none, false, false",
        "depression;anxiety, 0, false, false",
        "ocd, 0, false, false",
        // no TMS condition, however many trials
        "anxiety, 4, true, false",
        "ptsd, 4, true, false",
        "phobias, 2, false, false",
        "bipolarDepression, 4, true, false",
        "chronicPain, 3, false, false",
        "other, 1, true, false",
        "none, 4, true, false",
    })
    void tmsLikelyFit(String conditions, Integer trials, boolean threeOrMore, boolean expected) {
        In input = in();
        input.conditions.addAll(keys(conditions));
        input.trials = Optional.ofNullable(trials);
        input.threeOrMore = threeOrMore;
        Assessment a = input.assess();
        assertFalse(a.urgent());
        assertEquals(expected ? Set.of(Flag.TMS_LIKELY_FIT) : Set.of(), a.flags());
        assertEquals(expected ? Priority.LIKELY_FIT : Priority.ROUTINE, a.priority());
        assertEquals(expected, !a.reasons().isEmpty(), a.reasons().toString());
    }

    @Test
    void likelyFitReasons() {
        assertEquals(List.of("likelyFit.condition.depression", "likelyFit.antidepressantTrials"),
                in().conditions("anxiety", "depression").trials(2).assess().reasons());
        assertEquals(List.of("likelyFit.condition.depression", "likelyFit.threeOrMoreMeds"),
                in().conditions("depression").threeOrMore().assess().reasons());
        assertEquals(List.of("likelyFit.condition.treatmentResistantDepression"),
                in().conditions("treatmentResistantDepression").assess().reasons());
        assertEquals(List.of("likelyFit.condition.depression", "likelyFit.condition.ocd",
                        "likelyFit.condition.smokingCessation", "likelyFit.antidepressantTrials",
                        "likelyFit.threeOrMoreMeds"),
                in().conditions("smokingCessation", "ocd", "depression").trials(1).threeOrMore().assess().reasons());
    }

    // ---- safety questions -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} = {1} -> review TMS {2}, review ketamine {3}")
    @CsvSource({
        "metalInHead, yes, true, false",
        "metalInHead, notSure, true, false",
        "pacemaker, yes, true, false",
        "pacemaker, notSure, true, false",
        "seizures, yes, true, false",
        "seizures, notSure, true, false",
        "pregnancy, yes, true, true",
        "pregnancy, notSure, true, true",
        "heartBloodPressure, yes, false, true",
        "heartBloodPressure, notSure, false, true",
        "strokeAneurysm, yes, false, true",
        "strokeAneurysm, notSure, false, true",
        "psychosis, yes, false, true",
        "psychosis, notSure, false, true",
        "substanceUse, yes, false, true",
        "substanceUse, notSure, false, true",
        "ketamineReaction, yes, false, true",
        "ketamineReaction, notSure, false, true",
        "eyeBrainPressure, yes, false, true",
        "eyeBrainPressure, notSure, false, true",
    })
    void safetyQuestionFlagsReview(String question, String answer, boolean tms, boolean ketamine) {
        SafetyQuestion q = SafetyQuestion.fromCode(question).orElseThrow();
        SafetyAnswer a = SafetyAnswer.fromCode(answer).orElseThrow();
        Assessment result = in().safety(q, a).assess();
        Set<Flag> expected = EnumSet.noneOf(Flag.class);
        if (tms) {
            expected.add(Flag.REVIEW_BEFORE_TMS);
        }
        if (ketamine) {
            expected.add(Flag.REVIEW_BEFORE_KETAMINE);
        }
        assertEquals(expected, result.flags());
        assertFalse(result.urgent());
        assertEquals(Priority.REVIEW, result.priority());
        assertEquals(List.of("safety." + question + "." + answer), result.reasons());
    }

    @ParameterizedTest
    @EnumSource(SafetyQuestion.class)
    void noToOneQuestionFlagsNothing(SafetyQuestion q) {
        Assessment a = in().safety(q, SafetyAnswer.NO).assess();
        assertEquals(Set.of(), a.flags());
        assertEquals(Priority.ROUTINE, a.priority());
        assertEquals(List.of(), a.reasons());
    }

    @Test
    void noEverywhereFlagsNothing() {
        In input = in().conditions("anxiety").trials(0).gad(1, 1, 0, 0, 0, 0, 0)
                .phq(Instrument.PHQ9, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        for (SafetyQuestion q : SafetyQuestion.values()) {
            input.safety(q, SafetyAnswer.NO);
        }
        Assessment a = input.assess();
        assertFalse(a.urgent());
        assertEquals(Set.of(), a.flags());
        assertEquals(Priority.ROUTINE, a.priority());
        assertEquals(List.of(), a.reasons());
    }

    @Test
    void safetyReasonsFollowQuestionOrder() {
        Assessment a = in().safety(SafetyQuestion.EYE_BRAIN_PRESSURE, SafetyAnswer.YES)
                .safety(SafetyQuestion.PACEMAKER, SafetyAnswer.NOT_SURE)
                .safety(SafetyQuestion.SEIZURES, SafetyAnswer.NO)
                .assess();
        assertEquals(List.of("safety.pacemaker.notSure", "safety.eyeBrainPressure.yes"), a.reasons());
        assertEquals(EnumSet.of(Flag.REVIEW_BEFORE_TMS, Flag.REVIEW_BEFORE_KETAMINE), a.flags());
    }

    @ParameterizedTest(name = "{0} = {1}, concerns {2}")
    @CsvSource({
        "METAL_IN_HEAD, metalInHead, TMS",
        "PACEMAKER, pacemaker, TMS",
        "SEIZURES, seizures, TMS",
        "PREGNANCY, pregnancy, BOTH",
        "HEART_BLOOD_PRESSURE, heartBloodPressure, KETAMINE",
        "STROKE_ANEURYSM, strokeAneurysm, KETAMINE",
        "PSYCHOSIS, psychosis, KETAMINE",
        "SUBSTANCE_USE, substanceUse, KETAMINE",
        "KETAMINE_REACTION, ketamineReaction, KETAMINE",
        "EYE_BRAIN_PRESSURE, eyeBrainPressure, KETAMINE",
    })
    void safetyQuestionCodes(SafetyQuestion q, String code, TreatmentConcern concerns) {
        assertEquals(code, q.code());
        assertEquals(concerns, q.concerns());
        assertEquals(Optional.of(q), SafetyQuestion.fromCode(code));
    }

    @Test
    void tenSafetyQuestionsWithUniqueCodes() {
        assertEquals(10, SafetyQuestion.values().length);
        assertEquals(10, Stream.of(SafetyQuestion.values()).map(SafetyQuestion::code).collect(Collectors.toSet()).size());
        assertEquals(Optional.empty(), SafetyQuestion.fromCode("METAL_IN_HEAD"));
    }

    @ParameterizedTest(name = "{0} = {1}, review {2}")
    @CsvSource({"YES, yes, true", "NO, no, false", "NOT_SURE, notSure, true"})
    void safetyAnswerCodes(SafetyAnswer a, String code, boolean review) {
        assertEquals(code, a.code());
        assertEquals(review, a.needsReview());
        assertEquals(Optional.of(a), SafetyAnswer.fromCode(code));
    }

    @ParameterizedTest(name = "{0}: tms {1}, ketamine {2}")
    @CsvSource({"TMS, true, false", "KETAMINE, false, true", "BOTH, true, true"})
    void treatmentConcern(TreatmentConcern c, boolean tms, boolean ketamine) {
        assertEquals(tms, c.tms());
        assertEquals(ketamine, c.ketamine());
    }

    // ---- priority -------------------------------------------------------------------------------------------

    static In everythingAtOnce() {
        return in().helpNow().conditions("depression", "suicidalThoughts").trials(3)
                .safety(SafetyQuestion.SEIZURES, SafetyAnswer.YES)
                .safety(SafetyQuestion.PSYCHOSIS, SafetyAnswer.NOT_SURE);
    }

    static Stream<Arguments> priorities() {
        return Stream.of(
                Arguments.of("urgent + review + fit", everythingAtOnce(), Priority.URGENT,
                        EnumSet.of(Flag.TMS_LIKELY_FIT, Flag.REVIEW_BEFORE_TMS, Flag.REVIEW_BEFORE_KETAMINE)),
                Arguments.of("urgent + fit", in().conditions("depression").trials(1)
                        .phq(Instrument.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 1), Priority.URGENT,
                        EnumSet.of(Flag.TMS_LIKELY_FIT)),
                Arguments.of("review + fit", in().conditions("depression").trials(1)
                        .safety(SafetyQuestion.METAL_IN_HEAD, SafetyAnswer.YES), Priority.REVIEW,
                        EnumSet.of(Flag.TMS_LIKELY_FIT, Flag.REVIEW_BEFORE_TMS)),
                Arguments.of("ketamine review + fit", in().conditions("ocd").threeOrMore()
                        .safety(SafetyQuestion.SUBSTANCE_USE, SafetyAnswer.NOT_SURE), Priority.REVIEW,
                        EnumSet.of(Flag.TMS_LIKELY_FIT, Flag.REVIEW_BEFORE_KETAMINE)),
                Arguments.of("fit only", in().conditions("treatmentResistantDepression"), Priority.LIKELY_FIT,
                        EnumSet.of(Flag.TMS_LIKELY_FIT)),
                Arguments.of("nothing", in().conditions("anxiety").trials(4), Priority.ROUTINE,
                        EnumSet.noneOf(Flag.class)));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("priorities")
    void priorityOrdering(String name, In input, Priority expected, Set<Flag> flags) {
        Assessment a = input.assess();
        assertEquals(expected, a.priority());
        assertEquals(expected == Priority.URGENT, a.urgent());
        assertEquals(flags, a.flags(), "flags are kept even when a higher priority wins");
    }

    @Test
    void everythingAtOnceListsEveryReasonInOrder() {
        assertEquals(List.of("helpNow", "condition.suicidalThoughts", "safety.seizures.yes", "safety.psychosis.notSure",
                        "likelyFit.condition.depression", "likelyFit.antidepressantTrials"),
                everythingAtOnce().assess().reasons());
    }

    @ParameterizedTest(name = "{0} rank {1} code {2}")
    @CsvSource({"URGENT, 0, urgent", "REVIEW, 1, review", "LIKELY_FIT, 2, likelyFit", "ROUTINE, 3, routine"})
    void priorityRanks(Priority p, int rank, String code) {
        assertEquals(rank, p.rank());
        assertEquals(rank, p.ordinal(), "declaration order is sort order");
        assertEquals(code, p.code());
        assertEquals(Optional.of(p), Priority.fromRank(rank));
        assertEquals(Optional.of(p), Priority.fromCode(code));
    }

    @Test
    void sortingByRankPutsUrgentFirst() {
        List<Assessment> leads = new ArrayList<>(List.of(
                in().assess(),
                in().conditions("depression").trials(2).assess(),
                in().safety(SafetyQuestion.PREGNANCY, SafetyAnswer.YES).assess(),
                in().helpNow().assess()));
        Collections.shuffle(leads, new java.util.Random(7));
        leads.sort(Comparator.comparingInt(a -> a.priority().rank()));
        assertEquals(List.of(Priority.URGENT, Priority.REVIEW, Priority.LIKELY_FIT, Priority.ROUTINE),
                leads.stream().map(Assessment::priority).collect(Collectors.toList()));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "TMS_LIKELY_FIT, tmsLikelyFit", "REVIEW_BEFORE_TMS, reviewBeforeTms",
        "REVIEW_BEFORE_KETAMINE, reviewBeforeKetamine",
    })
    void flagCodes(Flag f, String code) {
        assertEquals(code, f.code());
        assertEquals(Optional.of(f), Flag.fromCode(code));
    }

    // ---- input guards and wiring ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} trials")
    @CsvSource({"-1", "5"})
    void impossibleTrialCountIsRejected(int trials) {
        assertThrows(IllegalArgumentException.class, () -> in().trials(trials).build());
    }

    @Test
    void wrongInstrumentInSlotIsRejected() {
        Score gad = Scoring.score(Instrument.GAD7, Collections.nCopies(7, 0));
        Score phq = Scoring.score(Instrument.PHQ9, Collections.nCopies(9, 0));
        In gadAsPhq = in();
        gadAsPhq.phq = Optional.of(gad);
        assertThrows(IllegalArgumentException.class, gadAsPhq::build);
        In phqAsGad = in();
        phqAsGad.gad = Optional.of(phq);
        assertThrows(IllegalArgumentException.class, phqAsGad::build);
    }

    @Test
    void inputIsCopied() {
        In input = in().conditions("depression").trials(1);
        TriageInput built = input.build();
        input.conditions.add("suicidalThoughts");
        input.safety.put(SafetyQuestion.PACEMAKER, SafetyAnswer.YES);
        Assessment a = Triage.assess(built);
        assertFalse(a.urgent());
        assertEquals(Priority.LIKELY_FIT, a.priority());
    }

    @Test
    void conditionKeysMatchTheForm() {
        assertTrue(Choices.CONDITIONS.contains(Triage.SUICIDAL_THOUGHTS));
        assertEquals(Choices.SUICIDAL_THOUGHTS, Triage.SUICIDAL_THOUGHTS);
        for (String c : Triage.TMS_CONDITIONS) {
            assertTrue(Choices.CONDITIONS.contains(c), c);
        }
    }
}
