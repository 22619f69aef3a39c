package io.consultdesk.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a transiently failed email again: exponential backoff with jitter, so that a mail server
 * coming back is not hit by the whole queue at the same instant. The first retry comes 15 to 30
 * seconds after the first failure, each later delay doubles up to a cap of two hours, and a message
 * older than the give-up horizon is not retried again. A pure function: the random draw is a parameter.
 */
public final class RetryPolicy {
    public static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    public static final Duration MAX_DELAY = Duration.ofHours(2);

    private RetryPolicy() {}

    /**
     * @param attempts how many attempts were made, including the one that just failed (1 or more)
     * @param random a number in [0, 1) that picks the jitter
     * @return when to try next, or empty to give up; never later than {@code giveUpAt}, so the last try
     *     is made at the horizon
     */
    public static Optional<Instant> next(int attempts, Instant now, Instant giveUpAt, double random) {
        if (!now.isBefore(giveUpAt)) {
            return Optional.empty();
        }
        Duration delay = delay(attempts, random);
        Instant next = now.plus(delay);
        return Optional.of(next.isAfter(giveUpAt) ? giveUpAt : next);
    }

    /** The delay after the given number of failed attempts: between half and all of min(30 s × 2^(n−1), 2 h). */
    public static Duration delay(int attempts, double random) {
        int doublings = Math.max(0, Math.min(attempts - 1, 20));
        long ceilingMs = Math.min(FIRST_DELAY.toMillis() << doublings, MAX_DELAY.toMillis());
        long jittered = ceilingMs / 2 + (long) (ceilingMs / 2 * Math.max(0, Math.min(random, 1)));
        return Duration.ofMillis(jittered);
    }
}
