package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cleaning a campaign from the widget: dropped or cut, never an error. */
class UtmTest {
    @Test
    void dropsControlAndInvisibleCharactersAndCollapsesSpaces() {
        Utm u = Utm.lenient(" news\u0000let\tter ", "e\u200bmail\u202e", "spring   sale");
        assertEquals(new Utm("newsletter", "email", "spring sale"), u);
        assertTrue(Utm.lenient("\u0007", " ", null).isEmpty());
    }

    @Test
    void cutsAtOneHundredCharactersWithoutSplittingOne() {
        assertEquals("a".repeat(100), Utm.lenient("a".repeat(101), null, null).source());
        // An emoji (two UTF-16 units) across the 100th unit is left out whole rather than cut in half.
        String cut = Utm.lenient("a".repeat(99) + "\uD83D\uDE00" + "b", null, null).source();
        assertEquals("a".repeat(99), cut);
        assertNull(Utm.lenient(null, null, null).campaign());
    }
}
