package io.consultdesk.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The brand colour rule: text on the colour (white or near-black) must reach WCAG AA, 4.5:1. */
class ContrastTest {

    @ParameterizedTest(name = "{0}: {1}:1, passes {2}")
    @CsvSource({
        // colour, contrast of its text (rounded down), passes; computed by hand from the WCAG 2 formula
        "#2f6f73, 5.7, true",   // the demo clinic: white text (5.77)
        "#ffffff, 17.7, true",  // near-black text on white
        "#000000, 21.0, true",
        "#777777, 4.4, false",  // mid grey: white gives 4.48, near-black 3.96
        "#808080, 4.4, false",  // white 3.95, near-black 4.49: rounding must not let it pass
        "#3b82f6, 4.8, true",   // a bright blue takes near-black text (4.82)
        "#e11d48, 4.6, true",   // white 4.70
        "#767676, 4.5, true",   // white 4.54, the lightest grey that passes
    })
    void theContrastOfTheFormsTextOnTheColour(String colour, String shown, boolean passes) {
        assertEquals(shown, Contrast.format(Contrast.ofText(colour)));
        assertEquals(passes, Contrast.passes(colour));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "#777777, #767676",     // one step darker; lighter would need #818181
        "#2f6f73, #2f6f73",     // passes already
        "#7a7a7a, #767676",
    })
    void aFailingColourGetsTheNearestOneThatPasses(String colour, String nearest) {
        assertEquals(nearest, Contrast.nearestPassing(colour));
        assertTrue(Contrast.passes(Contrast.nearestPassing(colour)));
    }

    @ParameterizedTest
    @CsvSource({"#777777", "#767676", "#797979", "#7b7b7b", "#6f8fa0", "#c05a5a", "#4a9a4a"})
    void theSuggestionAlwaysPassesAndStaysClose(String colour) {
        String nearest = Contrast.nearestPassing(colour);
        assertTrue(Contrast.passes(nearest), nearest);
        int[] a = Contrast.rgb(colour);
        int[] b = Contrast.rgb(nearest);
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= 40, colour + " → " + nearest + " moved too far");
        }
    }
}
