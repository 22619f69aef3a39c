package io.consultdesk.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrandThemeTest {

    @ParameterizedTest(name = "{0}: ink {1}")
    @CsvSource({
        "#2f6f73, #ffffff",
        "#ffd700, #111827",
        "#000000, #ffffff",
        "#ffffff, #111827",
        "#e11d48, #ffffff",
    })
    void textOnTheBrandColourAndBrandTextOnWhiteAreReadable(String brand, String ink) {
        String css = BrandTheme.css(brand);
        assertTrue(css.contains("--brand:" + brand + ";"), css);
        assertTrue(css.contains("--brand-ink:" + ink + ";"), css);
        Matcher text = Pattern.compile("--brand-text:#([0-9a-f]{6})").matcher(css);
        assertTrue(text.find());
        int v = Integer.parseInt(text.group(1), 16);
        double contrast = BrandTheme.contrast(new int[] {(v >> 16) & 255, (v >> 8) & 255, v & 255}, new int[] {255, 255, 255});
        assertTrue(contrast >= 4.5, brand + " gives brand text contrast " + contrast);
    }

    @ParameterizedTest
    @CsvSource({"':root{}', 'sha256-h3GYPBFE6Av6zUWOZYeC83lN95g5tnhsj1pyM3woz/c='"})
    /** Expected values computed with: echo -n ':root{}' | openssl dgst -sha256 -binary | base64 */
    void theCspHashIsTheBase64Sha256OfTheBlock(String css, String expected) {
        assertEquals("'" + expected + "'", BrandTheme.cspHash(css));
    }
}
