package io.consultdesk.lead;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The campaign of the page a request came from ({@code utm_source}, {@code utm_medium}, {@code utm_campaign}),
 * as the embedding page's address carried it. Not an answer and nothing of the visitor: a marketing label.
 * Each part is null when absent.
 */
public record Utm(String source, String medium, String campaign) {
    public static final int MAX = 100;
    public static final Utm NONE = new Utm(null, null, null);

    public boolean isEmpty() {
        return source == null && medium == null && campaign == null;
    }

    /** The parts by their API names ({@code source}, {@code medium}, {@code campaign}), absent ones included. */
    public Map<String, String> parts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("medium", medium);
        m.put("campaign", campaign);
        return m;
    }

    /**
     * From the widget, where a bad value must never become an error for the visitor: control and invisible
     * formatting characters are dropped, spaces collapsed, and each part cut to {@link #MAX} characters.
     */
    public static Utm lenient(String source, String medium, String campaign) {
        return new Utm(clean(source), clean(medium), clean(campaign));
    }

    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        raw.codePoints().filter(c -> !isControl(c)).forEach(kept::appendCodePoint);
        String v = VisitorText.line(kept.toString());
        if (v == null) {
            return null;
        }
        if (v.length() > MAX) {
            // Never cut a character in half (a surrogate pair).
            int end = Character.isHighSurrogate(v.charAt(MAX - 1)) ? MAX - 1 : MAX;
            v = v.substring(0, end).strip();
        }
        return v.isEmpty() ? null : v;
    }

    /**
     * Control characters, and invisible ones (see {@link VisitorText}): bidirectional overrides, zero-width spaces and
     * joiners (a label needs none), lone surrogates, non-characters, fillers, ….
     */
    static boolean isControl(int codePoint) {
        return VisitorText.isControl(codePoint) || VisitorText.isInvisible(codePoint)
                || Character.getType(codePoint) == Character.FORMAT;
    }

    static boolean hasControl(String s) {
        return s.codePoints().anyMatch(Utm::isControl);
    }
}
