package io.consultdesk.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import io.consultdesk.db.Database;

/**
 * Fixed one-hour windows counted in the database, so that every instance sharing it counts the
 * same hits: a visitor's address ({@code lead:…}, the configured limit), a clinic's test requests ({@code test-request:…},
 * a limit of their own). A hit is recorded inside the caller's transaction: a submission that is rejected or
 * rolled back for any reason does not use up the visitor's allowance.
 */
public final class RateLimiter {
    private static final Duration WINDOW = Duration.ofHours(1);
    private final Database db;
    private final Clock clock;
    private final int perWindow;

    public RateLimiter(Database db, Clock clock, int perWindow) {
        this.db = db;
        this.clock = clock;
        this.perWindow = perWindow;
    }

    /** Thrown when a bucket is over its limit; says when the window ends. */
    public static final class Limited extends RuntimeException {
        private final Duration retryAfter;

        public Limited(Duration retryAfter) {
            super("rate limited", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Counts one hit for the bucket in the given transaction, or throws {@link Limited} if it is already full. */
    public void hit(Handle h, String bucket) {
        hit(h, bucket, perWindow);
    }

    /** The same with a limit of its own for this bucket (not the visitors' per-address one). */
    public void hit(Handle h, String bucket, int limit) {
        Instant now = clock.instant();
        Instant windowStart = now.truncatedTo(ChronoUnit.HOURS);
        int hits = h.createQuery("INSERT INTO rate_limit (bucket, window_start, hits) VALUES (:bucket, :start, 1)"
                        + " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit.hits + 1 RETURNING hits")
                .bind("bucket", bucket)
                .bind("start", windowStart.toEpochMilli())
                .mapTo(Integer.class)
                .one();
        if (hits > limit) {
            Duration left = Duration.between(now, windowStart.plus(WINDOW));
            throw new Limited(left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left);
        }
    }

    /**
     * Counts one hit for the bucket in the given transaction and says whether it is still within the limit, without
     * throwing: for what is done anyway but done differently over the limit (an urgent alert held, not the request).
     */
    public boolean tryHit(Handle h, String bucket, int limit) {
        try {
            hit(h, bucket, limit);
            return true;
        } catch (Limited over) {
            return false;
        }
    }

    /** The limit per address of stored requests, from which {@link PublicLimits} are derived. */
    public int perWindow() {
        return perWindow;
    }

    /** Deletes windows that ended; run from time to time. */
    public int purgeOld() {
        long cutoff = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(WINDOW).toEpochMilli();
        return db.write(h -> h.createUpdate("DELETE FROM rate_limit WHERE window_start < :cutoff")
                .bind("cutoff", cutoff).execute());
    }
}
