package io.consultdesk.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import io.consultdesk.staff.Role;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The overview's chart geometry (pure), and the overview page drawing it as inline SVG. */
class ChartsTest {
    private static final List<String> SERIES = List.of("tms", "ketamine", "spravato", "unsure", "none");
    private static final int BASELINE = Charts.HEIGHT - Charts.BOTTOM;
    private static final int PLOT = Charts.HEIGHT - Charts.BOTTOM - Charts.TOP;

    @ParameterizedTest(name = "niceCeiling({0}) = {1}")
    @CsvSource({"-3, 0", "0, 0", "1, 4", "3, 4", "4, 4", "5, 5", "6, 10", "9, 10", "10, 10", "11, 20", "20, 20",
            "21, 40", "40, 40", "41, 50", "50, 50", "51, 100", "100, 100", "101, 200", "399, 400", "401, 500",
            "999, 1000", "1001, 2000", "123456, 200000"})
    void niceCeiling(long max, long expected) {
        assertEquals(expected, Charts.niceCeiling(max));
    }

    @Test
    void niceCeilingIsTheLeastRoundNumberAtOrAboveTheMax() {
        List<Long> round = new ArrayList<>(List.of(4L));
        for (long magnitude = 1; magnitude <= 10_000_000L; magnitude *= 10) {
            for (long step : new long[] {1, 2, 4, 5}) {
                if (step * magnitude > 4) {
                    round.add(step * magnitude);
                }
            }
        }
        Collections.sort(round);
        for (long max = 1; max <= 100_000; max++) {
            final long m = max;
            long expected = round.stream().filter(r -> r >= m).findFirst().orElseThrow();
            assertEquals(expected, Charts.niceCeiling(max), "max " + max);
        }
    }

    static Stream<Arguments> weeks() {
        return Stream.of(
                Arguments.of("one week, two series", List.of(Map.of("tms", 2L, "ketamine", 2L))),
                Arguments.of("three weeks", List.of(Map.of("tms", 1L), Map.of("tms", 3L, "none", 2L), Map.of())),
                Arguments.of("twelve weeks, uneven", twelveWeeks()),
                Arguments.of("odd counts", List.of(Map.of("tms", 7L, "ketamine", 3L, "unsure", 1L), Map.of("spravato", 6L))),
                Arguments.of("large counts", List.of(Map.of("tms", 377L, "ketamine", 211L, "spravato", 5L, "unsure", 97L, "none", 13L),
                        Map.of("tms", 52L))));
    }

    private static List<Map<String, Long>> twelveWeeks() {
        List<Map<String, Long>> weeks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Map<String, Long> w = new LinkedHashMap<>();
            w.put("tms", (long) (i * 3 % 7));
            w.put("ketamine", (long) (i % 4));
            if (i % 5 == 0) {
                w.put("none", 1L);
            }
            weeks.add(w);
        }
        return weeks;
    }

    private static List<String> labels(int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add("W" + i);
        }
        return labels;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weeks")
    void segmentsAreStackedFromTheBaselineWithoutGapsAndProportionalToTheirCounts(String name, List<Map<String, Long>> columns) {
        Charts.StackedBars chart = Charts.stackedBars(labels(columns.size()), columns, SERIES);
        long max = columns.stream().mapToLong(c -> c.values().stream().mapToLong(Long::longValue).sum()).max().orElse(0);
        long top = Charts.niceCeiling(max);
        assertEquals(max, chart.max());
        assertEquals(columns.size(), chart.bars().size());
        int previousX = Integer.MIN_VALUE;
        for (int i = 0; i < columns.size(); i++) {
            Charts.Bar bar = chart.bars().get(i);
            Map<String, Long> column = columns.get(i);
            assertEquals("W" + i, bar.label());
            assertEquals(column.values().stream().mapToLong(Long::longValue).sum(), bar.total());
            List<String> expectedSeries = SERIES.stream().filter(s -> column.getOrDefault(s, 0L) > 0).toList();
            assertEquals(expectedSeries, bar.segments().stream().map(Charts.Segment::series).toList(),
                    "one segment per non-zero series, bottom-up in series order");
            int bottom = BASELINE;
            for (Charts.Segment s : bar.segments()) {
                assertEquals(column.get(s.series()), s.count());
                assertEquals(bottom, s.y() + s.height(), s.series() + " starts where the one below ends");
                double exact = (double) s.count() * PLOT / top;
                assertTrue(Math.abs(s.height() - exact) <= 1.0, s.series() + ": height " + s.height() + " for " + exact);
                assertTrue(s.y() >= Charts.TOP, "inside the plot");
                assertEquals(bar.segments().get(0).x(), s.x(), "one column");
                bottom = s.y();
            }
            if (!bar.segments().isEmpty()) {
                assertEquals(Math.round((double) bar.total() * PLOT / top), BASELINE - bottom, "the bar's height is its total");
                assertTrue(bar.segments().get(0).x() > previousX, "bars left to right");
                previousX = bar.segments().get(0).x() + bar.segments().get(0).width();
                int x = bar.segments().get(0).x();
                assertTrue(x >= Charts.LEFT && x + bar.segments().get(0).width() <= Charts.WIDTH, "inside the chart");
            }
        }
        if (max > 0) {
            Charts.Tick last = chart.ticks().get(chart.ticks().size() - 1);
            assertEquals(top, last.value());
            assertEquals(Charts.TOP, last.y(), "the top tick is at the top of the plot");
        }
    }

    @Test
    void exactGeometryOfOneBar() {
        Charts.StackedBars chart = Charts.stackedBars(List.of("Nov 23"), List.of(Map.of("tms", 2L, "ketamine", 2L)), SERIES);
        // slot 604, bar 423 wide, centred; max 4 → top 4 → 50 units per request over a 200-unit plot
        assertEquals(List.of(new Charts.Segment("tms", 126, 112, 423, 100, 2), new Charts.Segment("ketamine", 126, 12, 423, 100, 2)),
                chart.bars().get(0).segments());
        assertEquals(337, chart.bars().get(0).labelX());
        assertEquals(List.of(new Charts.Tick(212, 0), new Charts.Tick(162, 1), new Charts.Tick(112, 2), new Charts.Tick(62, 3),
                new Charts.Tick(12, 4)), chart.ticks());
    }

    @Test
    void twelveWeeksShareTheWidthEqually() {
        Charts.StackedBars chart = Charts.stackedBars(labels(12), Collections.nCopies(12, Map.of("tms", 1L)), SERIES);
        for (int i = 0; i < 12; i++) {
            Charts.Segment s = chart.bars().get(i).segments().get(0);
            assertEquals(35, s.width());
            assertEquals(Charts.LEFT + 50 * i + 7, s.x());
        }
    }

    @Test
    void noDataDrawsNoBarsAndNoTicks() {
        Charts.StackedBars zeros = Charts.stackedBars(labels(12), Collections.nCopies(12, Map.of()), SERIES);
        assertTrue(zeros.empty());
        assertEquals(0, zeros.max());
        assertEquals(List.of(), zeros.ticks());
        assertEquals(12, zeros.bars().size(), "the weeks are still labelled");
        assertTrue(zeros.bars().stream().allMatch(b -> b.segments().isEmpty() && b.total() == 0));

        Charts.StackedBars explicitZeros = Charts.stackedBars(labels(2), List.of(Map.of("tms", 0L), Map.of("none", 0L)), SERIES);
        assertTrue(explicitZeros.empty());
        assertTrue(explicitZeros.bars().stream().allMatch(b -> b.segments().isEmpty()), "a zero count draws nothing");

        Charts.StackedBars none = Charts.stackedBars(List.of(), List.of(), SERIES);
        assertEquals(List.of(), none.bars());
        assertTrue(none.empty());
    }

    @Test
    void ticksRunFromZeroAtTheBaselineToTheTopAtTheirOwnHeight() {
        for (long max = 1; max <= 2000; max++) {
            Charts.StackedBars chart = Charts.stackedBars(List.of("W"), List.of(Map.of("tms", max)), SERIES);
            List<Charts.Tick> ticks = chart.ticks();
            long top = Charts.niceCeiling(max);
            assertEquals(new Charts.Tick(BASELINE, 0), ticks.get(0), "max " + max);
            assertEquals(new Charts.Tick(Charts.TOP, top), ticks.get(ticks.size() - 1), "max " + max);
            for (int k = 1; k < ticks.size(); k++) {
                assertTrue(ticks.get(k).value() > ticks.get(k - 1).value(), "ascending, no repeats: " + ticks);
                assertEquals(BASELINE - Math.round((double) ticks.get(k).value() * PLOT / top), ticks.get(k).y(),
                        "a tick's line is at its value: " + ticks);
            }
        }
    }

    /**
     * Bug: the ticks are always four quarters of the top, truncated by integer division, so with a top of
     * 10 or 5 × 10^k the axis reads 0, 2, 5, 7, 10 (or 0, 1, 2, 3, 5; 0, 12, 25, 37, 50; 0, 125, 250, 375, 500):
     * uneven grid lines and odd labels for a week of 5 to 10 requests, a common case. Proposed fix in
     * Charts.stackedBars: five parts when the top's leading digit is 1 or 5, four when it is 2 or 4
     * ({@code parts = lead == 2 || lead == 4 ? 4 : 5; value = top * k / parts}). Enable once fixed.
     */
    @Test
    void ticksAreEvenlySpacedRoundNumbers() {
        java.util.Set<List<Long>> problems = new java.util.LinkedHashSet<>();
        for (long max = 1; max <= 2000; max++) {
            List<Charts.Tick> ticks = Charts.stackedBars(List.of("W"), List.of(Map.of("tms", max)), SERIES).ticks();
            long step = ticks.get(1).value() - ticks.get(0).value();
            boolean even = true;
            for (int k = 1; k < ticks.size(); k++) {
                even &= ticks.get(k).value() - ticks.get(k - 1).value() == step;
            }
            long magnitude = 1;
            while (magnitude * 10 <= step) {
                magnitude *= 10;
            }
            boolean round = step % magnitude == 0 && List.of(1L, 2L, 5L).contains(step / magnitude)
                    || step * 10 / magnitude == 25 && magnitude >= 10; // 25, 250, ...
            if (!even || !round) {
                problems.add(ticks.stream().map(Charts.Tick::value).toList());
            }
        }
        assertEquals(List.of(), List.copyOf(problems), "tick values that are uneven or not round");
    }

    /**
     * Minor bug: a segment smaller than half a unit (under 1/400 of the top) gets the minimum height of 1 but
     * keeps the y of its top edge, so it is drawn 1 unit below where it belongs: below the baseline when it is
     * the first segment, over the segment beneath otherwise. Proposed fix in Charts.stackedBars: track the
     * running top edge in units and place each segment above it ({@code y1 = min(y1, previousTop - 1)}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tinySegments")
    void aSegmentTooSmallToSeeIsStillStackedInItsPlace(String name, Map<String, Long> column) {
        Charts.Bar bar = Charts.stackedBars(List.of("W"), List.of(column), SERIES).bars().get(0);
        int bottom = BASELINE;
        for (Charts.Segment s : bar.segments()) {
            assertTrue(s.height() >= 1, "visible");
            assertEquals(bottom, s.y() + s.height(), s.series() + " starts where the one below ends: " + bar.segments());
            bottom = s.y();
        }
    }

    static Stream<Arguments> tinySegments() {
        return Stream.of(Arguments.of("tiny first", Map.of("tms", 1L, "ketamine", 1000L)),
                Arguments.of("tiny last", Map.of("tms", 1000L, "ketamine", 1L)),
                Arguments.of("tiny between", Map.of("tms", 600L, "ketamine", 1L, "spravato", 399L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("funnels")
    void funnel(String name, List<Long> counts, List<Integer> widths, List<Integer> ofFirst, List<Integer> ofPrevious) {
        List<String> codes = List.of("new", "contacted", "scheduled", "patient");
        List<Charts.Step> steps = Charts.funnel(codes, counts, 400);
        assertEquals(codes, steps.stream().map(Charts.Step::code).toList());
        assertEquals(counts, steps.stream().map(Charts.Step::count).toList());
        assertEquals(widths, steps.stream().map(Charts.Step::width).toList(), "widths");
        assertEquals(ofFirst, steps.stream().map(Charts.Step::percentOfFirst).toList(), "% of the first step");
        assertEquals(ofPrevious, steps.stream().map(Charts.Step::percentOfPrevious).toList(), "% of the step before");
    }

    static Stream<Arguments> funnels() {
        return Stream.of(
                Arguments.of("halving", List.of(40L, 20L, 10L, 5L), List.of(400, 200, 100, 50), List.of(100, 50, 25, 13),
                        List.of(100, 50, 50, 50)),
                Arguments.of("thirds", List.of(3L, 1L, 1L, 0L), List.of(400, 133, 133, 0), List.of(100, 33, 33, 0),
                        List.of(100, 33, 100, 0)),
                Arguments.of("a tiny step is still visible", List.of(1000L, 1L, 0L, 0L), List.of(400, 2, 0, 0),
                        List.of(100, 0, 0, 0), List.of(100, 0, 0, 0)),
                Arguments.of("no requests", List.of(0L, 0L, 0L, 0L), List.of(0, 0, 0, 0), List.of(0, 0, 0, 0),
                        List.of(0, 0, 0, 0)),
                Arguments.of("everyone got through", List.of(7L, 7L, 7L, 7L), List.of(400, 400, 400, 400),
                        List.of(100, 100, 100, 100), List.of(100, 100, 100, 100)));
    }

    private static final Pattern RECT = Pattern.compile(
            "<rect class=\"(s\\d)\" x=\"(\\d+)\" y=\"(\\d+)\" width=\"(\\d+)\" height=\"(\\d+)\"><title>([^<]*)</title>");
    private static final Pattern STAGE = Pattern.compile("<rect class=\"stage stage(\\d)\" x=\"190\" y=\"\\d+\" width=\"(\\d+)\"");

    @Test
    void theOverviewDrawsTheWeekAsInlineSvgWithNothingFetchedFromElsewhere() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z")); // a Wednesday
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock))) {
            ObjectMapper json = new ObjectMapper();
            List<String> ids = new ArrayList<>();
            for (String interest : List.of("tms", "tms", "ketamine")) {
                ObjectNode body = (ObjectNode) json.readTree(Leads.validJson());
                body.put("interest", interest);
                HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", body.toString());
                assertEquals(201, r.statusCode(), r.body());
                ids.add(json.readTree(r.body()).get("id").asText());
            }
            StaffClient staff = StaffClient.signedIn(server, "charts@demo-clinic.example", Role.STAFF, "demo");
            assertEquals(303, staff.post("/staff/leads/" + ids.get(0) + "/status", Map.of("status", "contacted")).statusCode());

            HttpResponse<String> r = staff.get("/staff/overview");
            assertEquals(200, r.statusCode());
            String html = r.body();
            assertTrue(html.contains("<svg class=\"bars\" viewBox=\"0 0 640 240\""), "an inline SVG chart");
            assertTrue(html.contains("3 requests in the last 12 weeks"));

            List<String> segments = new ArrayList<>();
            Matcher m = RECT.matcher(html);
            while (m.find()) {
                segments.add(m.group(1) + " x=" + m.group(2) + " y=" + m.group(3) + " w=" + m.group(4) + " h=" + m.group(5)
                        + " " + m.group(6));
            }
            // the last of 12 weekly slots (50 wide, bar 35); max 3 → top 4 → 50 units per request
            assertEquals(List.of("s0 x=593 y=112 w=35 h=100 Nov 23: TMS (transcranial magnetic stimulation) 2",
                    "s1 x=593 y=62 w=35 h=50 Nov 23: IV ketamine infusions 1"), segments);

            Map<String, Integer> stages = new LinkedHashMap<>();
            Matcher s = STAGE.matcher(html);
            while (s.find()) {
                stages.put(s.group(1), Integer.parseInt(s.group(2)));
            }
            int full = OverviewPage.FUNNEL_WIDTH;
            assertEquals(Map.of("0", full, "1", (int) Math.round(full / 3.0), "2", 0, "3", 0), stages,
                    "funnel: 3 requests, 1 contacted");

            assertFalse(Pattern.compile("(?i)(src|href)\\s*=\\s*\"(https?:)?//").matcher(html).find(), "no external URL");
            assertFalse(Pattern.compile("(?i)<(script|img|image|use|iframe|object)\\b|url\\(").matcher(html).find(),
                    "no script, image or referenced resource");
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            long views = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM audit_log WHERE action = 'overview.viewed'").mapTo(Long.class).one());
            assertEquals(1, views, "the view is audited");
        }
    }
}
