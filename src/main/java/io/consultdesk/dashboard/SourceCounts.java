package io.consultdesk.dashboard;

import java.util.List;

/**
 * Requests counted by the campaign of the page they came from (utm_source, utm_medium, utm_campaign; null:
 * none), most frequent first, test requests left out. Rendered by {@code tag/sources.jte}.
 *
 * @param rows    at most {@link #LIMIT} combinations
 * @param total   every request counted, the combinations not shown included
 * @param more    whether there were more combinations than shown (other than those summed in {@code other})
 * @param other   requests of the combinations summed into one row because each has fewer than {@code minimum}
 * @param minimum the fewest requests a combination needs to be listed on its own; 0: every one is (exact counts)
 */
public record SourceCounts(List<Row> rows, long total, boolean more, long other, int minimum) {
    /** The most combinations shown; a campaign with many values must not make the page endless. */
    public static final int LIMIT = 50;

    public record Row(String source, String medium, String campaign, long count) {
        /** Source, medium and campaign in that order, each null when the request had none. */
        public List<String> parts() {
            return java.util.Arrays.asList(source, medium, campaign);
        }
    }

    /** Exact counts: every combination of {@code rowsPlusOne} (most first, one more than {@link #LIMIT} when there are more) listed. */
    public static SourceCounts of(List<Row> rowsPlusOne, long total) {
        boolean more = rowsPlusOne.size() > LIMIT;
        return new SourceCounts(more ? List.copyOf(rowsPlusOne.subList(0, LIMIT)) : List.copyOf(rowsPlusOne), total, more, 0, 0);
    }

    /**
     * The same counts with every combination of fewer than {@code minimum} requests summed into {@link #other}: a
     * campaign's parts come from the page's address, where anyone can type anything (a person's name or email), so
     * a small count can point to one person. Combinations beyond the {@link #LIMIT} are summed in too when the last
     * one listed was already under the minimum (they have no more requests than it); otherwise they stay counted
     * in the total only, as {@link #more} says. Pure: the total stays every request.
     */
    public SourceCounts withAtLeast(int minimum) {
        List<Row> kept = rows.stream().filter(r -> r.count() >= minimum).toList();
        long small = rows.stream().filter(r -> r.count() < minimum).mapToLong(Row::count).sum();
        boolean lastSmall = !rows.isEmpty() && rows.get(rows.size() - 1).count() < minimum;
        long unlisted = total - rows.stream().mapToLong(Row::count).sum() - other;
        boolean stillMore = more && !lastSmall;
        return new SourceCounts(kept, total, stillMore, other + small + (stillMore ? 0 : unlisted), Math.max(minimum, this.minimum));
    }

    public boolean isEmpty() {
        return total == 0;
    }
}
