package io.consultdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private static final Instant T0 = Instant.parse("2025-03-10T08:00:00Z");
    private static final double ALMOST_ONE = Math.nextDown(1.0);

    /** The documented ceiling after n failed attempts: 30 s doubled n−1 times, at most two hours. */
    private static Duration ceiling(int attempts) {
        Duration d = Duration.ofSeconds(30);
        for (int i = 1; i < attempts && d.compareTo(Duration.ofHours(2)) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(Duration.ofHours(2)) > 0 ? Duration.ofHours(2) : d;
    }

    @ParameterizedTest(name = "attempts={0}, random={1} -> between {2} s and {3} s")
    @CsvSource({
        // attempts, random, at least (s), at most (s)
        "1,  0.0,           15,   15",
        "1,  0.999999999,   29.99, 30",
        "1,  0.5,           22.5, 22.5",
        "2,  0.0,           30,   30",
        "2,  0.999999999,   59.99, 60",
        "3,  0.0,           60,   60",
        "4,  0.0,           120,  120",
        "8,  0.0,           1920, 1920",
        "8,  0.999999999,   3839.99, 3840",
        // 30 s × 2^8 is more than two hours: capped, so between one and two hours
        "9,  0.0,           3600, 3600",
        "9,  0.999999999,   7199.99, 7200",
        "10, 0.5,           5400, 5400",
        "30, 0.0,           3600, 3600",
        "30, 0.999999999,   7199.99, 7200",
        "2147483647, 0.999999999, 7199.99, 7200",
    })
    void delayFollowsTheDocumentedBackoff(int attempts, double random, double atLeastSeconds, double atMostSeconds) {
        Duration d = RetryPolicy.delay(attempts, random);
        double seconds = d.toMillis() / 1000.0;
        assertTrue(seconds >= atLeastSeconds && seconds <= atMostSeconds,
                "delay(" + attempts + ", " + random + ") = " + d);
    }

    @Test
    void theFirstRetryComesWithinAMinute() {
        for (double r : new double[] {0.0, 0.25, 0.5, 0.75, ALMOST_ONE}) {
            Duration d = RetryPolicy.delay(1, r);
            assertTrue(d.compareTo(Duration.ofSeconds(15)) >= 0 && d.compareTo(Duration.ofSeconds(30)) <= 0,
                    "first retry after " + d + " for random " + r);
            assertTrue(d.compareTo(Duration.ofMinutes(1)) < 0);
        }
    }

    @ParameterizedTest(name = "random={0}")
    @ValueSource(doubles = {0.0, 0.3, 0.5, 0.9, 0.999999})
    void eachDelayDoublesUntilTheCap(double random) {
        for (int attempts = 1; attempts < 40; attempts++) {
            Duration d = RetryPolicy.delay(attempts, random);
            Duration ceiling = ceiling(attempts);
            // jitter keeps every delay between half the ceiling and the ceiling
            assertTrue(d.compareTo(ceiling.dividedBy(2)) >= 0 && d.compareTo(ceiling) <= 0,
                    "attempt " + attempts + ": " + d + " outside [" + ceiling.dividedBy(2) + ", " + ceiling + "]");
            Duration nextDelay = RetryPolicy.delay(attempts + 1, random);
            if (ceiling(attempts + 1).equals(ceiling.multipliedBy(2))) {
                // same random draw, twice the ceiling: twice the delay (to the millisecond)
                long expected = d.toMillis() * 2;
                assertTrue(Math.abs(nextDelay.toMillis() - expected) <= 1,
                        "attempt " + (attempts + 1) + ": " + nextDelay + ", expected about twice " + d);
            } else {
                assertTrue(nextDelay.compareTo(Duration.ofHours(2)) <= 0, "capped at two hours: " + nextDelay);
                assertTrue(nextDelay.compareTo(d) >= 0, "never shorter than the previous delay");
            }
        }
    }

    @ParameterizedTest(name = "attempts={0}")
    @ValueSource(ints = {9, 10, 11, 20, 21, 30, 64, 1000})
    void theCapIsTwoHours(int attempts) {
        assertEquals(Duration.ofHours(1), RetryPolicy.delay(attempts, 0.0));
        Duration top = RetryPolicy.delay(attempts, ALMOST_ONE);
        assertTrue(top.compareTo(Duration.ofHours(2)) <= 0
                && top.compareTo(Duration.ofHours(2).minusSeconds(1)) > 0, top.toString());
        Duration mid = RetryPolicy.delay(attempts, 0.5);
        assertTrue(mid.compareTo(Duration.ofHours(1)) > 0 && mid.compareTo(Duration.ofHours(2)) < 0, mid.toString());
    }

    @ParameterizedTest(name = "random={1} behaves as {2}")
    @CsvSource({
        "1,  -1.0,  0.0",
        "1,  -0.0001, 0.0",
        "1,  1.0,   1.0",
        "1,  2.5,   1.0",
        "1,  1e300, 1.0",
        "5,  -7,    0.0",
        "5,  42,    1.0",
        "12, -1,    0.0",
        "12, 3,     1.0",
    })
    void randomIsClampedToZeroOne(int attempts, double random, double clamped) {
        Duration d = RetryPolicy.delay(attempts, random);
        assertEquals(RetryPolicy.delay(attempts, clamped), d);
        Duration ceiling = ceiling(attempts);
        assertEquals(clamped == 0.0 ? ceiling.dividedBy(2) : ceiling, d);
    }

    @ParameterizedTest(name = "now = giveUpAt {0}")
    @CsvSource({"0", "1", "3600", "259200"})
    void noRetryOnceTheHorizonIsReached(long secondsPastHorizon) {
        Instant giveUpAt = T0.plus(Duration.ofDays(3));
        Instant now = giveUpAt.plusSeconds(secondsPastHorizon);
        assertEquals(Optional.empty(), RetryPolicy.next(1, now, giveUpAt, 0.5));
        assertEquals(Optional.empty(), RetryPolicy.next(20, now, giveUpAt, 0.0));
    }

    @ParameterizedTest(name = "attempts={0}, {1} ms before the horizon, random={2}")
    @CsvSource({
        // the computed time would pass the horizon: the last try is made at the horizon exactly
        "1,  1,        0.0",
        "1,  14999,    0.0",
        "1,  29000,    0.999",
        "9,  1800000,  0.0",
        "9,  3599999,  0.0",
        "30, 7000000,  0.999",
    })
    void aRetryPastTheHorizonIsMovedToTheHorizon(int attempts, long msBefore, double random) {
        Instant giveUpAt = T0.plus(Duration.ofDays(3));
        Instant now = giveUpAt.minusMillis(msBefore);
        assertEquals(Optional.of(giveUpAt), RetryPolicy.next(attempts, now, giveUpAt, random));
    }

    @ParameterizedTest(name = "attempts={0}, random={1}")
    @CsvSource({
        "1,  0.0,  15000",
        "1,  0.5,  22500",
        "2,  0.0,  30000",
        "9,  0.0,  3600000",
        "30, 0.5,  5400000",
    })
    void otherwiseTheRetryIsNowPlusTheDelay(int attempts, double random, long expectedMs) {
        Instant giveUpAt = T0.plus(Duration.ofDays(3));
        Optional<Instant> next = RetryPolicy.next(attempts, T0, giveUpAt, random);
        assertEquals(Optional.of(T0.plusMillis(expectedMs)), next);
        assertEquals(Optional.of(T0.plus(RetryPolicy.delay(attempts, random))), next);
    }

    @Test
    void landingExactlyOnTheHorizonIsAllowed() {
        Duration d = RetryPolicy.delay(3, 0.0);
        Instant giveUpAt = T0.plus(d);
        assertEquals(Optional.of(giveUpAt), RetryPolicy.next(3, T0, giveUpAt, 0.0));
    }

    @Test
    void overThreeDaysTheNumberOfTriesIsBoundedAndTheLastIsAtTheHorizon() {
        Instant giveUpAt = T0.plus(Duration.ofDays(3));
        Instant now = T0; // the first attempt failed here
        int attempts = 1;
        int retries = 0;
        Instant last = null;
        while (true) {
            Optional<Instant> next = RetryPolicy.next(attempts, now, giveUpAt, 0.5);
            if (next.isEmpty()) {
                break;
            }
            assertTrue(next.get().isAfter(now), "time moves forward: " + next.get() + " after " + now);
            assertTrue(!next.get().isAfter(giveUpAt), "never past the horizon: " + next.get());
            now = next.get();
            last = now;
            attempts++;
            retries++;
            assertTrue(retries < 1000, "retries never stop");
        }
        assertEquals(giveUpAt, last);
        assertTrue(retries >= 30 && retries <= 60, "retries over three days: " + retries);
        // and once the try at the horizon has failed, there is no further one
        assertEquals(Optional.empty(), RetryPolicy.next(attempts, giveUpAt, giveUpAt, 0.5));
    }
}
