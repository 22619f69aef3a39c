package io.consultdesk.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Scoring against the published cut-offs (screening.md §2); expected values come from these tables only. */
class ScoringTest {

    /** {@code items} answers summing to {@code total}, filling 3s from the first item. */
    static List<Integer> frontLoaded(int items, int total) {
        List<Integer> answers = new ArrayList<>();
        int left = total;
        for (int i = 0; i < items; i++) {
            int a = Math.min(3, left);
            answers.add(a);
            left -= a;
        }
        assertEquals(0, left, "test helper: total too high for " + items + " items");
        return answers;
    }

    /** The same total, filled from the last item instead. */
    static List<Integer> backLoaded(int items, int total) {
        List<Integer> answers = frontLoaded(items, total);
        Collections.reverse(answers);
        return answers;
    }

    /** The same total, spread as evenly as possible. */
    static List<Integer> spread(int items, int total) {
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            answers.add(total / items + (i < total % items ? 1 : 0));
        }
        return answers;
    }

    static List<Integer> of(Integer... answers) {
        return Arrays.asList(answers); // allows nulls
    }

    @ParameterizedTest(name = "{0} total {1} -> {2}")
    @CsvSource({
        // PHQ-9: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe
        "PHQ9, 0, MINIMAL",
        "PHQ9, 4, MINIMAL",
        "PHQ9, 5, MILD",
        "PHQ9, 9, MILD",
        "PHQ9, 10, MODERATE",
        "PHQ9, 14, MODERATE",
        "PHQ9, 15, MODERATELY_SEVERE",
        "PHQ9, 19, MODERATELY_SEVERE",
        "PHQ9, 20, SEVERE",
        "PHQ9, 27, SEVERE",
        // PHQ-8: same bands, 0–24
        "PHQ8, 0, MINIMAL",
        "PHQ8, 4, MINIMAL",
        "PHQ8, 5, MILD",
        "PHQ8, 9, MILD",
        "PHQ8, 10, MODERATE",
        "PHQ8, 14, MODERATE",
        "PHQ8, 15, MODERATELY_SEVERE",
        "PHQ8, 19, MODERATELY_SEVERE",
        "PHQ8, 20, SEVERE",
        "PHQ8, 24, SEVERE",
        // GAD-7: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe
        "GAD7, 0, MINIMAL",
        "GAD7, 4, MINIMAL",
        "GAD7, 5, MILD",
        "GAD7, 9, MILD",
        "GAD7, 10, MODERATE",
        "GAD7, 14, MODERATE",
        "GAD7, 15, SEVERE",
        "GAD7, 19, SEVERE",
        "GAD7, 21, SEVERE",
    })
    void bandBoundaries(Instrument instrument, int total, Band expected) {
        for (List<Integer> answers : List.of(frontLoaded(instrument.items(), total),
                backLoaded(instrument.items(), total), spread(instrument.items(), total))) {
            Score s = Scoring.score(instrument, answers);
            assertTrue(s.complete(), answers.toString());
            assertEquals(instrument.items(), s.answered(), answers.toString());
            assertEquals(Optional.of(total), s.total(), answers.toString());
            assertEquals(Optional.of(expected), s.band(), answers.toString());
        }
    }

    @Test
    void gad7HasNoModeratelySevereBandAtAnyTotal() {
        for (int total = 0; total <= 21; total++) {
            assertNotEquals(Band.MODERATELY_SEVERE, Instrument.GAD7.band(total), "total " + total);
        }
    }

    @ParameterizedTest(name = "{0} total {1} is out of range")
    @CsvSource({"PHQ9, -1", "PHQ9, 28", "PHQ8, 25", "GAD7, 22", "GAD7, -1"})
    void bandOfImpossibleTotalIsRejected(Instrument instrument, int total) {
        assertThrows(IllegalArgumentException.class, () -> instrument.band(total));
    }

    @ParameterizedTest(name = "{0}: all 0 -> 0, all 3 -> {1}")
    @CsvSource({"PHQ9, 27", "PHQ8, 24", "GAD7, 21"})
    void allZeroAndAllThree(Instrument instrument, int max) {
        Score zero = Scoring.score(instrument, Collections.nCopies(instrument.items(), 0));
        assertEquals(Optional.of(0), zero.total());
        assertEquals(Optional.of(Band.MINIMAL), zero.band());
        assertEquals(0, zero.shortForm().orElseThrow().total());
        assertFalse(zero.shortForm().orElseThrow().positive());

        Score three = Scoring.score(instrument, Collections.nCopies(instrument.items(), 3));
        assertEquals(Optional.of(max), three.total());
        assertEquals(max, instrument.maxTotal());
        assertEquals(Optional.of(Band.SEVERE), three.band());
        assertEquals(6, three.shortForm().orElseThrow().total());
        assertTrue(three.shortForm().orElseThrow().positive());
    }

    static Stream<Arguments> oneUnanswered() {
        return Stream.of(Instrument.values())
                .flatMap(i -> IntStream.range(0, i.items()).mapToObj(gap -> Arguments.of(i, gap)));
    }

    @ParameterizedTest(name = "{0} with item {1} (0-based) unanswered")
    @MethodSource("oneUnanswered")
    void partialIsKeptPartial(Instrument instrument, int gap) {
        List<Integer> answers = new ArrayList<>(Collections.nCopies(instrument.items(), 3));
        answers.set(gap, null);
        Score s = Scoring.score(instrument, answers);
        assertFalse(s.complete());
        assertEquals(instrument.items() - 1, s.answered());
        assertEquals(Optional.empty(), s.total(), "a gap is never scored as 0");
        assertEquals(Optional.empty(), s.band());
        boolean shortFormAnswered = gap >= 2;
        assertEquals(shortFormAnswered, s.shortForm().isPresent());
        if (shortFormAnswered) {
            assertEquals(6, s.shortForm().orElseThrow().total());
        }
    }

    @Test
    void partialPhq9StillCountsAnsweredAndShortForm() {
        Score s = Scoring.score(Instrument.PHQ9, of(2, 1, null, null, 0, null, null, null, null));
        assertEquals(3, s.answered());
        assertFalse(s.complete());
        assertEquals(Optional.empty(), s.total());
        assertEquals(Optional.empty(), s.band());
        assertEquals(new ShortForm("phq2", 3), s.shortForm().orElseThrow());
        assertEquals(Optional.empty(), s.item9());
    }

    @ParameterizedTest
    @EnumSource(Instrument.class)
    void nothingAnswered(Instrument instrument) {
        Score s = Scoring.score(instrument, Collections.nCopies(instrument.items(), null));
        assertEquals(0, s.answered());
        assertFalse(s.complete());
        assertEquals(Optional.empty(), s.total());
        assertEquals(Optional.empty(), s.band());
        assertEquals(Optional.empty(), s.shortForm());
        assertEquals(Optional.empty(), s.item9());
    }

    @ParameterizedTest(name = "{0} items 1–2 = {1},{2} -> {4} {3} positive={5}")
    @CsvSource({
        "PHQ9, 0, 0, 0, phq2, false",
        "PHQ9, 1, 1, 2, phq2, false",
        "PHQ9, 2, 0, 2, phq2, false",
        "PHQ9, 0, 2, 2, phq2, false",
        "PHQ9, 1, 2, 3, phq2, true",
        "PHQ9, 3, 0, 3, phq2, true",
        "PHQ9, 0, 3, 3, phq2, true",
        "PHQ9, 3, 3, 6, phq2, true",
        "PHQ8, 1, 1, 2, phq2, false",
        "PHQ8, 2, 1, 3, phq2, true",
        "GAD7, 0, 0, 0, gad2, false",
        "GAD7, 2, 0, 2, gad2, false",
        "GAD7, 1, 1, 2, gad2, false",
        "GAD7, 2, 1, 3, gad2, true",
        "GAD7, 0, 3, 3, gad2, true",
        "GAD7, 3, 3, 6, gad2, true",
    })
    void shortForms(Instrument instrument, int first, int second, int total, String code, boolean positive) {
        // the rest unanswered: the short form needs only items 1–2
        List<Integer> answers = new ArrayList<>(Collections.nCopies(instrument.items(), null));
        answers.set(0, first);
        answers.set(1, second);
        ShortForm sf = Scoring.score(instrument, answers).shortForm().orElseThrow();
        assertEquals(code, sf.code());
        assertEquals(total, sf.total());
        assertEquals(positive, sf.positive());
    }

    @ParameterizedTest
    @EnumSource(Instrument.class)
    void shortFormNeedsBothItems(Instrument instrument) {
        List<Integer> onlyFirst = new ArrayList<>(Collections.nCopies(instrument.items(), 3));
        onlyFirst.set(1, null);
        assertEquals(Optional.empty(), Scoring.score(instrument, onlyFirst).shortForm());
        List<Integer> onlySecond = new ArrayList<>(Collections.nCopies(instrument.items(), 3));
        onlySecond.set(0, null);
        assertEquals(Optional.empty(), Scoring.score(instrument, onlySecond).shortForm());
    }

    @ParameterizedTest(name = "PHQ-9 item 9 = {0}")
    @CsvSource({"0", "1", "2", "3"})
    void item9IsReportedEvenWhenPartial(int item9) {
        assertEquals(Optional.of(item9),
                Scoring.score(Instrument.PHQ9, of(0, 0, 0, 0, 0, 0, 0, 0, item9)).item9());
        assertEquals(Optional.of(item9),
                Scoring.score(Instrument.PHQ9, of(null, null, null, null, null, null, null, null, item9)).item9());
    }

    @Test
    void onlyPhq9HasItem9() {
        assertEquals(Optional.empty(), Scoring.score(Instrument.PHQ8, Collections.nCopies(8, 3)).item9());
        assertEquals(Optional.empty(), Scoring.score(Instrument.GAD7, Collections.nCopies(7, 3)).item9());
        assertTrue(Instrument.PHQ9.hasItem9());
        assertFalse(Instrument.PHQ8.hasItem9());
        assertFalse(Instrument.GAD7.hasItem9());
    }

    @ParameterizedTest(name = "{0} item {1} (0-based) = {2} is rejected")
    @CsvSource({
        "PHQ9, 0, -1", "PHQ9, 0, 4", "PHQ9, 8, -1", "PHQ9, 8, 4", "PHQ9, 4, 99",
        "PHQ8, 0, 4", "PHQ8, 7, -1",
        "GAD7, 0, -1", "GAD7, 6, 4",
    })
    void outOfRangeAnswerIsRejected(Instrument instrument, int index, int value) {
        List<Integer> answers = new ArrayList<>(Collections.nCopies(instrument.items(), 1));
        answers.set(index, value);
        assertThrows(IllegalArgumentException.class, () -> Scoring.score(instrument, answers));
    }

    @ParameterizedTest(name = "{0} with {1} answers is rejected")
    @CsvSource({"PHQ9, 0", "PHQ9, 8", "PHQ9, 10", "PHQ8, 7", "PHQ8, 9", "GAD7, 6", "GAD7, 8", "GAD7, 9"})
    void wrongLengthIsRejected(Instrument instrument, int length) {
        assertThrows(IllegalArgumentException.class,
                () -> Scoring.score(instrument, Collections.nCopies(length, 1)));
    }

    @Test
    void nullInstrumentOrListIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Scoring.score(null, Collections.nCopies(9, 1)));
        assertThrows(IllegalArgumentException.class, () -> Scoring.score(Instrument.PHQ9, null));
    }

    @Test
    void answersAreCopied() {
        List<Integer> answers = new ArrayList<>(Collections.nCopies(9, 1));
        Score s = Scoring.score(Instrument.PHQ9, answers);
        answers.set(0, 3);
        answers.set(1, null);
        assertEquals(Optional.of(9), s.total());
        assertEquals(Collections.nCopies(9, 1), s.answers());
        assertThrows(UnsupportedOperationException.class, () -> s.answers().set(0, 0));
    }

    @ParameterizedTest(name = "{0} = {1}, {2} items, max {3}")
    @CsvSource({"PHQ9, phq9, 9, 27, phq2", "PHQ8, phq8, 8, 24, phq2", "GAD7, gad7, 7, 21, gad2"})
    void instrumentCodes(Instrument instrument, String code, int items, int max, String shortForm) {
        assertEquals(code, instrument.code());
        assertEquals(items, instrument.items());
        assertEquals(max, instrument.maxTotal());
        assertEquals(shortForm, instrument.shortFormCode());
        assertEquals(Optional.of(instrument), Instrument.fromCode(code));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "MINIMAL, minimal", "MILD, mild", "MODERATE, moderate", "MODERATELY_SEVERE, moderatelySevere",
        "SEVERE, severe",
    })
    void bandCodes(Band band, String code) {
        assertEquals(code, band.code());
        assertEquals(Optional.of(band), Band.fromCode(code));
    }

    @Test
    void unknownCodes() {
        assertEquals(Optional.empty(), Instrument.fromCode("PHQ9"));
        assertEquals(Optional.empty(), Instrument.fromCode("phq2"));
        assertEquals(Optional.empty(), Band.fromCode("moderately_severe"));
        assertEquals(5, Band.values().length);
        assertEquals(3, Instrument.values().length);
    }
}
