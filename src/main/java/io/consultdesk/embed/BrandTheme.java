package io.consultdesk.embed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import io.consultdesk.clinic.Contrast;
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
        return Contrast.ink(hex);
    }

    /** The brand colour, darkened until text in it on white reaches 4.5:1. */
    public static String textOnWhite(String hex) {
        return Contrast.textOnWhite(hex);
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
        return Contrast.ratio(hex(a), hex(b));
    }

    private static String hex(int[] rgb) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }
}
