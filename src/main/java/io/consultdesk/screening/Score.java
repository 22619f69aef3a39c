package io.consultdesk.screening;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answers to one instrument and what follows from them. Build it with {@link Scoring#score} (or this
 * constructor, which is the same); rebuild it from stored answers the same way.
 *
 * <p>A partly answered instrument stays partial: {@link #total()} and {@link #band()} are empty unless every item is
 * answered — the gaps are never scored as 0. The short form and item 9 only need their own items.
 *
 * @param instrument which questionnaire
 * @param answers one entry per item, in item order: 0..3, or {@code null} for unanswered. Unmodifiable copy.
 */
public record Score(Instrument instrument, List<Integer> answers) {

    /**
     * @throws IllegalArgumentException if the instrument or list is null, the list has not exactly
     *     {@link Instrument#items()} entries, or an entry is outside 0..3 — a programming error, not user input
     *     (validate user input before calling this)
     */
    public Score {
        if (instrument == null) {
            throw new IllegalArgumentException("instrument is required");
        }
        if (answers == null) {
            throw new IllegalArgumentException("answers are required (use null entries for unanswered items)");
        }
        if (answers.size() != instrument.items()) {
            throw new IllegalArgumentException(instrument.code() + " needs " + instrument.items() + " answers, got "
                    + answers.size());
        }
        for (int i = 0; i < answers.size(); i++) {
            Integer a = answers.get(i);
            if (a != null && (a < Instrument.MIN_ANSWER || a > Instrument.MAX_ANSWER)) {
                throw new IllegalArgumentException(instrument.code() + " item " + (i + 1) + " out of range 0..3: " + a);
            }
        }
        answers = Collections.unmodifiableList(new ArrayList<>(answers));
    }

    /** How many items are answered, 0..items. */
    public int answered() {
        return (int) answers.stream().filter(Objects::nonNull).count();
    }

    /** Whether every item is answered. */
    public boolean complete() {
        return answered() == instrument.items();
    }

    /** The total, only when {@link #complete()}. */
    public Optional<Integer> total() {
        if (!complete()) {
            return Optional.empty();
        }
        return Optional.of(answers.stream().mapToInt(Integer::intValue).sum());
    }

    /** The severity band, only when {@link #complete()}. A screening result, not a diagnosis. */
    public Optional<Band> band() {
        return total().map(instrument::band);
    }

    /** PHQ-2 or GAD-2 (items 1–2), only when both items are answered, even if the rest is partial. */
    public Optional<ShortForm> shortForm() {
        Integer first = answers.get(0);
        Integer second = answers.get(1);
        if (first == null || second == null) {
            return Optional.empty();
        }
        return Optional.of(new ShortForm(instrument.shortFormCode(), first + second));
    }

    /**
     * The answer to PHQ-9 item 9, when this is a PHQ-9 and item 9 is answered (even if other items are not).
     * Always empty for PHQ-8 and GAD-7. Above 0 is the crisis trigger; 0 is no reassurance.
     */
    public Optional<Integer> item9() {
        if (!instrument.hasItem9()) {
            return Optional.empty();
        }
        return Optional.ofNullable(answers.get(8));
    }
}
