package io.consultdesk.mail;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address check used before anything is accepted, kept to what real mailboxes use and nothing a link or a
 * header could read as something else:
 * <ul>
 *   <li>a local part (before the {@code @}) of 1 to 64 ASCII letters, digits and {@code . _ % + - '}, no dot at
 *       its start or end and no two dots in a row (no quoted local parts, and none of {@code ? & = / # ! * …}, which
 *       a {@code mailto:} link would read as its own parameters);</li>
 *   <li>a domain of at least two labels of letters, digits and hyphens (no hyphen at a label's start or end), its
 *       last label letters only (or an {@code xn--} label): an internationalised domain is taken in its Unicode form
 *       ({@code bücher.example}) or its {@code xn--} form, but not when the Unicode form would change on the way to
 *       the {@code xn--} form (a {@code ß}, full-width letters); no IP literals;</li>
 *   <li>at most 254 characters in all, and never a space, control or invisible character.</li>
 * </ul>
 */
public final class EmailAddresses {
    private static final Pattern LOCAL = Pattern.compile("^[A-Za-z0-9_%+'-]+(\\.[A-Za-z0-9_%+'-]+)*$");
    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");
    private static final Pattern TOP_LABEL = Pattern.compile("^([A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})$");

    private EmailAddresses() {}

    /**
     * Whether an address is valid as it stands, its domain in the ASCII ({@code xn--}) form: what can be stored and
     * mailed as is (clinic recipients, staff accounts, the outbox). A visitor's address goes through {@link #normalise}.
     */
    public static boolean isValid(String address) {
        return address != null && normalise(address).map(address::equals).orElse(false);
    }

    /**
     * The address as it is stored and mailed: the same local part, the domain in its ASCII ({@code xn--}) form;
     * empty when it is not an address this server takes.
     */
    public static Optional<String> normalise(String address) {
        if (address == null || address.length() > 254) {
            return Optional.empty();
        }
        int at = address.indexOf('@');
        if (at < 1 || at != address.lastIndexOf('@') || at > 64) {
            return Optional.empty();
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!LOCAL.matcher(local).matches()) {
            return Optional.empty();
        }
        return asciiDomain(domain).map(ascii -> local + "@" + ascii);
    }

    private static Optional<String> asciiDomain(String domain) {
        if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return Optional.empty();
        }
        boolean ascii = true;
        for (int i = 0; i < domain.length(); ) {
            int cp = domain.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                if (!(cp == '.' || cp == '-' || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))) {
                    return Optional.empty();
                }
                continue;
            }
            ascii = false;
            int type = Character.getType(cp);
            boolean letterOrMark = Character.isLetter(cp) || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.DECIMAL_DIGIT_NUMBER;
            if (!letterOrMark || io.consultdesk.lead.VisitorText.isInvisible(cp)) {
                return Optional.empty();
            }
        }
        String converted;
        if (ascii) {
            converted = domain;
        } else {
            try {
                converted = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            // IDNA maps some characters to others (ß to ss, full-width letters to ASCII): that would be another
            // domain, or a look-alike of one. Only a domain that comes back as typed (but for case) is taken.
            String[] typed = domain.split("\\.", -1);
            String[] back = converted.split("\\.", -1);
            if (typed.length != back.length) {
                return Optional.empty();
            }
            for (int i = 0; i < typed.length; i++) {
                boolean asciiLabel = typed[i].chars().allMatch(c -> c < 0x80);
                String expected = asciiLabel ? typed[i] : Normalizer.normalize(typed[i], Normalizer.Form.NFC);
                String actual = asciiLabel ? back[i] : IDN.toUnicode(back[i], IDN.USE_STD3_ASCII_RULES);
                if (!expected.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT))) {
                    return Optional.empty();
                }
            }
        }
        if (converted.length() > 253) {
            return Optional.empty();
        }
        String[] labels = converted.split("\\.", -1);
        if (labels.length < 2 || !TOP_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
            if (label.regionMatches(true, 0, "xn--", 0, 4)) {
                // An xn-- label must decode to a Unicode label, of letters, marks and digits.
                String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
                if (unicode.equalsIgnoreCase(label) || !unicode.codePoints().allMatch(cp -> cp == '-'
                        || Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK
                        || Character.getType(cp) == Character.COMBINING_SPACING_MARK)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(converted);
    }
}
