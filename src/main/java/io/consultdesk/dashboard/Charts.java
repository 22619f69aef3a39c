package io.consultdesk.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The geometry of the overview's pictures, computed here so the templates only draw rectangles. Pure.
 * Coordinates are in the SVG's own units (its viewBox); the page scales it to the screen.
 */
public final class Charts {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 240;
    static final int LEFT = 36;
    static final int BOTTOM = 28;
    static final int TOP = 12;

    private Charts() {}

    /** One rectangle of a stacked bar: one series in one week. */
    public record Segment(String series, int x, int y, int width, int height, long count) {}

    /** A week's bar: its label (e.g. "Nov 16"), total, and segments bottom-up. */
    public record Bar(String label, int labelX, long total, List<Segment> segments) {}

    public record Tick(int y, long value) {}

    public record StackedBars(List<Bar> bars, List<Tick> ticks, List<String> series, long max) {
        public int width() {
            return WIDTH;
        }

        public int height() {
            return HEIGHT;
        }

        public int baseline() {
            return HEIGHT - BOTTOM;
        }

        public int left() {
            return LEFT;
        }

        public boolean empty() {
            return max == 0;
        }
    }

    /**
     * Stacked bars, one per column, segments in {@code series} order.
     *
     * @param columns labels and counts per series; missing series count 0
     */
    public static StackedBars stackedBars(List<String> labels, List<Map<String, Long>> columns, List<String> series) {
        long max = 0;
        for (Map<String, Long> c : columns) {
            max = Math.max(max, c.values().stream().mapToLong(Long::longValue).sum());
        }
        long topValue = niceCeiling(max);
        int plotHeight = HEIGHT - BOTTOM - TOP;
        int slot = columns.isEmpty() ? 0 : (WIDTH - LEFT) / columns.size();
        int barWidth = Math.max(4, (int) Math.round(slot * 0.7));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int x = LEFT + i * slot + (slot - barWidth) / 2;
            int base = HEIGHT - BOTTOM;
            long cumulative = 0;
            int previousTop = base; // each segment starts where the one below it ended: no gap, no overlap
            List<Segment> segments = new ArrayList<>();
            for (String s : series) {
                long n = columns.get(i).getOrDefault(s, 0L);
                if (n == 0) {
                    continue;
                }
                cumulative += n;
                int top = Math.min(base - scale(cumulative, topValue, plotHeight), previousTop - 1); // at least 1 unit
                segments.add(new Segment(s, x, top, barWidth, previousTop - top, n));
                previousTop = top;
            }
            bars.add(new Bar(labels.get(i), x + barWidth / 2, cumulative, segments));
        }
        List<Tick> ticks = new ArrayList<>();
        if (topValue > 0) {
            // 1 and 5 × 10^k split into fifths (0, 2, 4, 6, 8, 10), 2 and 4 × 10^k into quarters: always round.
            long leading = topValue / magnitude(topValue);
            int parts = leading == 2 || leading == 4 ? 4 : 5;
            for (int k = 0; k <= parts; k++) {
                long value = topValue * k / parts;
                if (k == 0 || value != topValue * (k - 1) / parts) {
                    ticks.add(new Tick(HEIGHT - BOTTOM - scale(value, topValue, plotHeight), value));
                }
            }
        }
        return new StackedBars(bars, ticks, series, max);
    }

    /** One step of the funnel: how many reached it, the share of the first step, and the bar's width. */
    public record Step(String code, long count, int percentOfFirst, int percentOfPrevious, int width) {}

    public static List<Step> funnel(List<String> codes, List<Long> counts, int fullWidth) {
        List<Step> steps = new ArrayList<>();
        long first = counts.isEmpty() ? 0 : counts.get(0);
        for (int i = 0; i < codes.size(); i++) {
            long n = counts.get(i);
            long previous = i == 0 ? n : counts.get(i - 1);
            int ofFirst = first == 0 ? 0 : (int) Math.round(100.0 * n / first);
            int ofPrevious = previous == 0 ? 0 : (int) Math.round(100.0 * n / previous);
            int width = first == 0 ? 0 : (int) Math.round((double) fullWidth * n / first);
            steps.add(new Step(codes.get(i), n, ofFirst, ofPrevious, n > 0 ? Math.max(2, width) : 0));
        }
        return steps;
    }

    /** The largest power of ten at or below {@code n} (n ≥ 1). */
    private static long magnitude(long n) {
        long magnitude = 1;
        while (magnitude * 10 <= n) {
            magnitude *= 10;
        }
        return magnitude;
    }

    private static int scale(long value, long top, int plotHeight) {
        return top == 0 ? 0 : (int) Math.round((double) value * plotHeight / top);
    }

    /** The smallest of 1, 2, 5 × 10^k (or 4, for small counts) at or above {@code max}, so ticks are round numbers. */
    static long niceCeiling(long max) {
        if (max <= 0) {
            return 0;
        }
        if (max <= 4) {
            return 4;
        }
        long magnitude = magnitude(max);
        for (long step : new long[] {1, 2, 4, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
