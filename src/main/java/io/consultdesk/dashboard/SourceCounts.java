package io.consultdesk.dashboard;

import java.util.List;

/**
 * Requests counted by the campaign of the page they came from (utm_source, utm_medium, utm_campaign; null:
 * none), most frequent first, test requests left out. Rendered by {@code tag/sources.jte}.
 *
 * @param rows  at most {@link #LIMIT} combinations
 * @param total every request counted, the combinations not shown included
 * @param more  whether there were more combinations than shown
 */
public record SourceCounts(List<Row> rows, long total, boolean more) {
    /** The most combinations shown; a campaign with many values must not make the page endless. */
    public static final int LIMIT = 50;

    public record Row(String source, String medium, String campaign, long count) {
        /** Source, medium and campaign in that order, each null when the request had none. */
        public List<String> parts() {
            return java.util.Arrays.asList(source, medium, campaign);
        }
    }

    public static SourceCounts of(List<Row> rowsPlusOne, long total) {
        boolean more = rowsPlusOne.size() > LIMIT;
        return new SourceCounts(more ? List.copyOf(rowsPlusOne.subList(0, LIMIT)) : List.copyOf(rowsPlusOne), total, more);
    }

    public boolean isEmpty() {
        return total == 0;
    }
}
