package io.consultdesk.lead;

/**
 * What counts as text in what a visitor sends, one rule for every field. A character is one of:
 * <ul>
 *   <li><b>control</b>: C0 and C1 control characters (NUL, CR, LF, tab, ESC, NEL, …) and the Unicode line and
 *       paragraph separators;</li>
 *   <li><b>invisible</b>: what is not text or shows nothing: lone surrogates (a JSON {@code "\uD800"}), non-characters
 *       ({@code U+FFFE}, {@code U+FDD0}, …), private-use characters, formatting characters (direction marks and
 *       overrides, zero-width space, word joiner, byte order mark, soft hyphen, …) and the other default-ignorable
 *       characters that render as nothing (Hangul fillers, variation selectors out of place, tags, …), and the
 *       replacement character {@code U+FFFD} (a character lost by a broken decoder), except the
 *       zero-width joiner and non-joiner, which Persian, the Indic scripts and emoji need inside a word;</li>
 *   <li>text: everything else. Every kind of space counts as a space.</li>
 * </ul>
 */
public final class VisitorText {
    private VisitorText() {}

    public enum Problem {
        CONTROL("error.field.control"),
        INVISIBLE("error.field.invisible");

        public final String key;

        Problem(String key) {
            this.key = key;
        }
    }

    static final int ZWNJ = 0x200C;
    static final int ZWJ = 0x200D;

    public static boolean isControl(int cp) {
        return Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029;
    }

    public static boolean isInvisible(int cp) {
        if (cp == ZWNJ || cp == ZWJ) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.FORMAT
                || isNonCharacter(cp) || isDefaultIgnorable(cp) || cp == 0x2800 // Braille blank: a visible nothing
                || cp == 0xFFFD; // the replacement character: what a broken decoder left of a character it lost
    }

    /** U+FDD0..U+FDEF and the last two code points of every plane. */
    static boolean isNonCharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    /** Default-ignorable code points (Unicode DerivedCoreProperties) that are not of the format category. */
    static boolean isDefaultIgnorable(int cp) {
        return cp == 0x034F // combining grapheme joiner
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 // Hangul fillers
                || cp == 0x17B4 || cp == 0x17B5 // Khmer inherent vowels
                || (cp >= 0x180B && cp <= 0x180F) // Mongolian variation selectors and vowel separator
                || (cp >= 0x2060 && cp <= 0x206F)
                || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    /** Variation selectors: they only change how the character before them looks (an emoji, a CJK form). */
    static boolean isVariationSelector(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    /** The first problem of a one-line text (a name, an address, a number, a label), or null when it is text. */
    public static Problem problemInLine(String s) {
        if (s == null) {
            return null;
        }
        Problem found = null;
        int prev = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isControl(cp)) {
                return Problem.CONTROL;
            }
            if (found == null && (isInvisible(cp) || (isVariationSelector(cp) && (prev == -1 || Character.isWhitespace(prev))))) {
                found = Problem.INVISIBLE;
            }
            prev = cp;
            i += Character.charCount(cp);
        }
        return found;
    }

    /**
     * The first problem of a text of several lines (the message): line breaks (CR, LF, CRLF, vertical tab, form feed,
     * next line, the Unicode separators) and tabs are text there; other controls, lone surrogates and non-characters are not, as typing or pasting
     * never produces them. Null when it is text.
     */
    public static Problem problemInText(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean lineBreakOrTab = isLineBreak(cp) || cp == '\t';
            if (!lineBreakOrTab && isControl(cp)) {
                return Problem.CONTROL;
            }
            int type = Character.getType(cp);
            if (type == Character.SURROGATE || isNonCharacter(cp)) {
                return Problem.INVISIBLE;
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /**
     * A one-line text as stored: every kind of space (no-break, em, ideographic, …) as one ASCII space, trimmed;
     * null when nothing is left. Check it with {@link #problemInLine} first.
     */
    public static String line(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(raw.length());
        boolean space = false;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = true;
                continue;
            }
            if (space && b.length() > 0) {
                b.append(' ');
            }
            space = false;
            b.appendCodePoint(cp);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /**
     * The message as stored: line breaks as {@code \n}, spaces other than line breaks and tabs as ASCII spaces,
     * invisible formatting characters (zero-width spaces, direction marks, soft hyphens, byte order marks, which
     * a paste from a word processor or a PDF brings and the visitor cannot see to remove) dropped, trimmed; null
     * when nothing is left. Check it with {@link #problemInText} first.
     */
    public static String text(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.replace("\r\n", "\n");
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            i += Character.charCount(cp);
            if (isLineBreak(cp)) {
                b.append('\n');
            } else if (cp == '\t') {
                b.append('\t');
            } else if (Character.isSpaceChar(cp)) {
                b.append(' ');
            } else if (!isInvisible(cp)) {
                b.appendCodePoint(cp);
            }
        }
        String out = b.toString().strip();
        return out.isEmpty() ? null : out;
    }

    /** CR, LF, vertical tab, form feed, next line, and the Unicode line and paragraph separators. */
    static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    /** Whether a text has something a person can read: a letter that is not a filler. */
    public static boolean hasLetter(String s) {
        return s != null && s.codePoints().anyMatch(cp -> Character.isLetter(cp) && !isInvisible(cp));
    }
}
