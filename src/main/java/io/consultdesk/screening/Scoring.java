package io.consultdesk.screening;

import java.util.List;

/** Scores PHQ-9, PHQ-8 and GAD-7 answers. Pure. */
public final class Scoring {
    private Scoring() {}

    /**
     * Scores one instrument.
     *
     * @param answers one entry per item in item order, each 0..3 or {@code null} for unanswered
     * @throws IllegalArgumentException on a null instrument or list, the wrong number of answers, or an answer
     *     outside 0..3 (a programming error: user input is validated before this)
     */
    public static Score score(Instrument instrument, List<Integer> answers) {
        return new Score(instrument, answers);
    }
}
