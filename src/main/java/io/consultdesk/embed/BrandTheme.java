package io.consultdesk.embed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The clinic's colour as CSS custom properties, made readable whatever colour was chosen: text on the
 * brand colour is white or near-black (whichever contrasts more), and the colour used for text and
 * focus rings on white is darkened until it reaches WCAG AA contrast (4.5:1).
 */
public final class BrandTheme {
    private BrandTheme() {}

    public static String css(String hex) {
        return ":root{--brand:" + hex.toLowerCase(Locale.ROOT) + ";--brand-ink:" + ink(hex) + ";--brand-text:" + textOnWhite(hex) + "}";
    }

    /** White or near-black, whichever reads better on the brand colour. */
    public static String ink(String hex) {
        int[] rgb = rgb(hex);
        return contrast(rgb, new int[] {255, 255, 255}) >= contrast(rgb, new int[] {17, 24, 39}) ? "#ffffff" : "#111827";
    }

    /** The brand colour, darkened until text in it on white reaches 4.5:1. */
    public static String textOnWhite(String hex) {
        int[] text = rgb(hex);
        while (contrast(text, new int[] {255, 255, 255}) < 4.5) {
            for (int i = 0; i < 3; i++) {
                text[i] = (int) Math.floor(text[i] * 0.9);
            }
        }
        return toHex(text);
    }

    /** The CSP source that allows exactly this inline style block, e.g. {@code 'sha256-...'}. */
    public static String cspHash(String css) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double contrast(int[] a, int[] b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int[] rgb) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = rgb[i] / 255.0;
            c[i] = s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    private static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
    }

    private static String toHex(int[] rgb) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }
}
