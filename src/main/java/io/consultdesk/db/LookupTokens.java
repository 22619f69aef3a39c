package io.consultdesk.db;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How staff find a request by name, email or phone although these are sealed: a keyed hash (HMAC-SHA256
 * under a key derived from the data key, 96 bits kept) of each normalised word, stored in
 * {@code lead_lookup}. The same word gives the same token, so a search is an exact match of tokens; without
 * the key a token tells nothing. Matching rules:
 * <ul>
 *   <li>a word of the name or of the email's local part, from its first three letters up to twelve (accents and
 *       case ignored: "Jordán" is found by "jor", "jordan", "JORDAN");</li>
 *   <li>the whole email address;</li>
 *   <li>the phone's digits: all of them, without the country code 1, the last seven, the last four.</li>
 * </ul>
 * Every word of a search must match.
 */
public final class LookupTokens {
    static final int MIN_PREFIX = 3;
    static final int MAX_PREFIX = 12;
    private static final int TOKEN_BYTES = 12;
    private final Sealer sealer;

    public LookupTokens(Sealer sealer) {
        this.sealer = sealer;
    }

    /** The tokens of one request. */
    public Set<String> of(String name, String email, String phone) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(name)) {
            prefixes(w).forEach(p -> out.add(token("w", p)));
        }
        if (email != null) {
            String e = email.strip().toLowerCase(Locale.ROOT);
            out.add(token("e", e));
            int at = e.lastIndexOf('@');
            String local = at > 0 ? e.substring(0, at) : e;
            for (String w : words(local)) {
                prefixes(w).forEach(p -> out.add(token("w", p)));
            }
            String whole = fold(local).replaceAll("[^\\p{L}\\p{N}]", "");
            prefixes(whole).forEach(p -> out.add(token("w", p)));
        }
        if (phone != null) {
            String digits = phone.replaceAll("\\D", "");
            if (digits.length() >= 4) {
                out.add(token("p", digits));
                if (digits.length() == 11 && digits.startsWith("1")) {
                    out.add(token("p", digits.substring(1)));
                }
                if (digits.length() > 7) {
                    out.add(token("p", digits.substring(digits.length() - 7)));
                }
                out.add(token("p", digits.substring(digits.length() - 4)));
            }
        }
        return out;
    }

    /**
     * The tokens a search must all match, one per term; empty when no term is usable (fewer than three letters, or
     * fewer than four digits for a phone number).
     */
    public List<String> query(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String trimmed = text.strip();
        String asPhone = trimmed.replaceAll("[\\s().+-]", "");
        if (asPhone.matches("\\d{4,}")) {
            out.add(token("p", asPhone));
            return out;
        }
        for (String term : trimmed.split("\\s+")) {
            if (term.contains("@")) {
                out.add(token("e", term.toLowerCase(Locale.ROOT)));
                continue;
            }
            String digits = term.replaceAll("[().+-]", "");
            if (digits.matches("\\d{4,}")) {
                out.add(token("p", digits));
                continue;
            }
            for (String w : words(term)) {
                if (w.length() >= MIN_PREFIX || out.isEmpty() && words(trimmed).size() == 1 && w.length() > 0) {
                    out.add(token("w", w.length() > MAX_PREFIX ? w.substring(0, MAX_PREFIX) : w));
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    /** Lower case, accents removed, split on anything that is not a letter or digit. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String w : fold(text).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    /** The word itself (whatever its length, up to twelve letters) and its prefixes from three letters. */
    private static List<String> prefixes(String word) {
        List<String> out = new ArrayList<>();
        if (word.isEmpty()) {
            return out;
        }
        int longest = Math.min(word.length(), MAX_PREFIX);
        for (int n = Math.min(MIN_PREFIX, longest); n <= longest; n++) {
            out.add(word.substring(0, n));
        }
        return out;
    }

    String token(String kind, String value) {
        return sealer.keyedName("lookup", kind + ":" + value, TOKEN_BYTES);
    }
}
