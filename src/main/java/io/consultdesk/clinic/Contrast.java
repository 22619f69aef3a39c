package io.consultdesk.clinic;

import java.util.Locale;

/**
 * WCAG 2 contrast of the clinic's brand colour, a pure function: the form writes its buttons' and offer
 * line's text on the brand colour, in white or near-black (whichever reads better), so a brand colour is
 * usable when one of the two reaches {@link #AA} on it. For a colour that does not, {@link #nearestPassing}
 * finds the closest one that does, darker or lighter.
 */
public final class Contrast {
    /** WCAG AA for normal text. */
    public static final double AA = 4.5;
    public static final String WHITE = "#ffffff";
    public static final String NEAR_BLACK = "#111827";

    private Contrast() {}

    /** White or near-black, whichever reads better on the colour. */
    public static String ink(String hex) {
        return ratio(hex, WHITE) >= ratio(hex, NEAR_BLACK) ? WHITE : NEAR_BLACK;
    }

    /** The contrast of the form's text (in {@link #ink}) on the colour. */
    public static double ofText(String hex) {
        return ratio(hex, ink(hex));
    }

    public static boolean passes(String hex) {
        return ofText(hex) >= AA;
    }

    /** The colour itself when it passes; otherwise the closest colour (darkened or lightened) that does. */
    public static String nearestPassing(String hex) {
        if (passes(hex)) {
            return hex.toLowerCase(Locale.ROOT);
        }
        int[] rgb = rgb(hex);
        String darker = null;
        String lighter = null;
        for (int step = 1; step <= 100 && (darker == null || lighter == null); step++) {
            double f = step / 100.0;
            if (darker == null) {
                String d = toHex(mix(rgb, new int[] {0, 0, 0}, f));
                if (passes(d)) {
                    darker = d;
                }
            }
            if (lighter == null) {
                String l = toHex(mix(rgb, new int[] {255, 255, 255}, f));
                if (passes(l)) {
                    lighter = l;
                }
            }
        }
        if (darker == null) {
            return lighter;
        }
        if (lighter == null) {
            return darker;
        }
        return distance(rgb, rgb(darker)) <= distance(rgb, rgb(lighter)) ? darker : lighter;
    }

    /** The brand colour darkened until text in it on white reaches AA (links, headings, focus rings). */
    public static String textOnWhite(String hex) {
        int[] text = rgb(hex);
        while (ratio(toHex(text), WHITE) < AA) {
            for (int i = 0; i < 3; i++) {
                text[i] = (int) Math.floor(text[i] * 0.9);
            }
        }
        return toHex(text);
    }

    public static double ratio(String a, String b) {
        double la = luminance(rgb(a));
        double lb = luminance(rgb(b));
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** The ratio as people read it: rounded down to one decimal, so 4.49 is never shown as 4.5. */
    public static String format(double ratio) {
        return String.format(Locale.ROOT, "%.1f", Math.floor(ratio * 10) / 10);
    }

    private static double luminance(int[] rgb) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = rgb[i] / 255.0;
            c[i] = s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    private static int[] mix(int[] from, int[] to, double f) {
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (int) Math.round(from[i] + (to[i] - from[i]) * f);
        }
        return out;
    }

    private static double distance(int[] a, int[] b) {
        double d = 0;
        for (int i = 0; i < 3; i++) {
            d += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return d;
    }

    static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
    }

    private static String toHex(int[] rgb) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }
}
