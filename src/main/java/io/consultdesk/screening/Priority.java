package io.consultdesk.screening;

import java.util.Optional;

/**
 * How a lead sorts for staff, most pressing first (declaration order = {@link #rank()} order). Store the rank to
 * sort in SQL ({@code ORDER BY priority_rank, created_at}). Codes and ranks never change once shipped.
 */
public enum Priority implements Coded {
    /** The crisis path was triggered. */
    URGENT("urgent", 0),
    /** Not urgent, but a review-before-treatment flag is set. */
    REVIEW("review", 1),
    /** Not urgent, no review flag, likely a fit to discuss TMS. */
    LIKELY_FIT("likelyFit", 2),
    /** Everything else. Not "low risk": there is no such thing here. */
    ROUTINE("routine", 3);

    private final String code;
    private final int rank;

    Priority(String code, int rank) {
        this.code = code;
        this.rank = rank;
    }

    @Override
    public String code() {
        return code;
    }

    /** 0 (URGENT) .. 3 (ROUTINE); lower sorts first. */
    public int rank() {
        return rank;
    }

    public static Optional<Priority> fromCode(String code) {
        return Coded.find(Priority.class, code);
    }

    public static Optional<Priority> fromRank(int rank) {
        for (Priority p : values()) {
            if (p.rank == rank) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
