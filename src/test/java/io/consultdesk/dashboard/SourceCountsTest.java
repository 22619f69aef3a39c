package io.consultdesk.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SourceCounts#withAtLeast}: campaign groups under the minimum are not listed one by one but summed into one
 * "other campaigns" count; the total stays every request.
 */
class SourceCountsTest {

    /** A row "source/medium/campaign=count" (an empty part is none). */
    static SourceCounts.Row row(String spec) {
        String[] kv = spec.split("=");
        String[] parts = kv[0].split("/", -1);
        return new SourceCounts.Row(none(parts[0]), none(parts[1]), none(parts[2]), Long.parseLong(kv[1]));
    }

    static String none(String s) {
        return s.isEmpty() ? null : s;
    }

    static List<SourceCounts.Row> rows(String... specs) {
        List<SourceCounts.Row> out = new ArrayList<>();
        for (String s : specs) {
            out.add(row(s));
        }
        return out;
    }

    static List<SourceCounts.Row> many(int n, long count) {
        List<SourceCounts.Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new SourceCounts.Row("site-" + i, null, null, count));
        }
        return out;
    }

    /**
     * @param rows     what the query gave (most first; one more than {@link SourceCounts#LIMIT} when there are more)
     * @param total    every request counted
     * @param listed   the rows still listed one by one
     * @param other    the sum of the groups not listed, each under the minimum
     * @param more     whether some groups of at least the minimum are still not listed (beyond the limit)
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no requests", rows(), 0L, rows(), 0L, false),
                Arguments.of("every group large enough", rows("google/cpc/spring=9", "newsletter/email/=5"), 14L,
                        rows("google/cpc/spring=9", "newsletter/email/=5"), 0L, false),
                Arguments.of("the reviewer's example: one request with a person's email as the medium",
                        rows("google/cpc/spring=7", "newsletter/jane.doe@patient.example/=1"), 8L,
                        rows("google/cpc/spring=7"), 1L, false),
                Arguments.of("every group small", rows("a//=4", "b//=2", "//=1"), 7L, rows(), 7L, false),
                Arguments.of("exactly the minimum stays", rows("a//=5", "b//=4"), 9L, rows("a//=5"), 4L, false),
                Arguments.of("no campaign at all is a group like any other", rows("x//=6", "//=3"), 9L, rows("x//=6"), 3L, false),
                Arguments.of("beyond the limit, all small: the unlisted ones are in the other count too",
                        concat(many(10, 6), many(SourceCounts.LIMIT - 10 + 1, 1)), 60L + (SourceCounts.LIMIT - 10) + 3,
                        many(10, 6), (long) (SourceCounts.LIMIT - 10) + 3, false),
                Arguments.of("beyond the limit, still large: the unlisted ones stay out of the other count",
                        many(SourceCounts.LIMIT + 1, 5), 5L * (SourceCounts.LIMIT + 4),
                        many(SourceCounts.LIMIT, 5), 0L, true));
    }

    static List<SourceCounts.Row> concat(List<SourceCounts.Row> a, List<SourceCounts.Row> b) {
        List<SourceCounts.Row> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void smallGroupsAreSummedIntoOneRow(String name, List<SourceCounts.Row> query, long total, List<SourceCounts.Row> listed,
                                        long other, boolean more) {
        SourceCounts exact = SourceCounts.of(query, total);
        SourceCounts merged = exact.withAtLeast(5);
        assertEquals(listed, merged.rows(), "listed");
        assertEquals(other, merged.other(), "other campaigns");
        assertEquals(more, merged.more(), "more");
        assertEquals(total, merged.total(), "the total is every request");
        assertEquals(5, merged.minimum());
        if (!merged.more()) {
            assertEquals(total, merged.rows().stream().mapToLong(SourceCounts.Row::count).sum() + merged.other(),
                    "every request is in a listed row or in the other row");
        }
        assertEquals(merged, merged.withAtLeast(5), "merging twice changes nothing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theExactCountsListEveryGroupUpToTheLimit(String name, List<SourceCounts.Row> query, long total, List<SourceCounts.Row> listed,
                                                  long other, boolean more) {
        SourceCounts exact = SourceCounts.of(query, total);
        assertEquals(query.subList(0, Math.min(query.size(), SourceCounts.LIMIT)), exact.rows());
        assertEquals(0L, exact.other());
        assertEquals(0, exact.minimum(), "exact: nothing merged");
    }
}
