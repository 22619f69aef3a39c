package io.consultdesk.staff;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.matching.match.RepeatMatch;
import me.gosimple.nbvcxz.matching.match.SequenceMatch;
import me.gosimple.nbvcxz.matching.match.SpacialMatch;
import me.gosimple.nbvcxz.resources.Configuration;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * Password rules and hashing: at least 12 characters, not the email address, and hard enough to guess as
 * nbvcxz (a zxcvbn-style estimator) measures it: at least {@link #MIN_ENTROPY} bits once common passwords
 * (its list of 100,000), words, names, keyboard patterns, repeats, sequences, dates and the person's own words
 * (the clinics' names, the email's words) are taken into account. bcrypt with cost 12; passwords longer than
 * bcrypt's 72 bytes are pre-hashed with SHA-512 rather than cut short.
 *
 * <p>The estimator's dictionaries (about 20 MB of heap, about a second to load) are loaded once, on the first
 * password checked, not at startup.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 200;
    /** nbvcxz's own default: about 3·10^10 guesses. */
    static final double MIN_ENTROPY = 35;
    /** Only the first this many characters are estimated: the estimate of a long password stays a few milliseconds. */
    private static final int ESTIMATED_LENGTH = 64;
    private static final int COST = 12;
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
    /** Compared against when the email is unknown, so a wrong email takes as long as a wrong password. */
    private static final String DECOY = hash("decoy password that nobody has");

    private Passwords() {}

    /** The message key of what is wrong with a new password, or empty when it may be used. */
    public static Optional<String> problem(String password, String email) {
        return problem(password, email, List.of());
    }

    /**
     * The message key of what is wrong with a new password, or empty when it may be used.
     *
     * @param clinicNames the names (and slugs) of the person's clinics: guessed first by whoever targets a clinic
     */
    public static Optional<String> problem(String password, String email, Collection<String> clinicNames) {
        Optional<String> basic = basicProblem(password, email);
        return basic.isPresent() ? basic : strengthProblem(password, email, clinicNames);
    }

    /** Length, too few different characters, the email's name inside it: checked before anything else. */
    public static Optional<String> basicProblem(String password, String email) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("staff.password.tooShort");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("staff.password.tooLong");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.codePoints().distinct().count() < 4) {
            return Optional.of("staff.password.common");
        }
        String local = email == null ? "" : email.toLowerCase(Locale.ROOT).replaceFirst("@.*", "");
        String core = lower.replaceAll("[^a-z]+$", "").replaceAll("^[^a-z]+", "");
        if (local.length() >= 4 && (lower.contains(local) || core.equals(local))) {
            return Optional.of("staff.password.email");
        }
        return Optional.empty();
    }

    /**
     * nbvcxz's estimate, with the clinics' names and the email's words (local part and domain, without the
     * top-level domain) as the person's own words. The message says what made it weak: the clinic's name, the
     * email, a pattern, or common passwords and words.
     */
    public static Optional<String> strengthProblem(String password, String email, Collection<String> clinicNames) {
        Result result = Strength.estimate(password, words(clinicNames), emailWords(email));
        if (result.getEntropy() >= MIN_ENTROPY) {
            return Optional.empty();
        }
        int patterned = 0;
        for (Match m : result.getMatches()) {
            if (m instanceof DictionaryMatch d && Strength.CLINIC.equals(d.getDictionaryName())) {
                return Optional.of("team.password.clinic");
            }
            if (m instanceof DictionaryMatch d && Strength.EMAIL.equals(d.getDictionaryName())) {
                return Optional.of("staff.password.email");
            }
            if (m instanceof RepeatMatch || m instanceof SequenceMatch || m instanceof SpacialMatch) {
                patterned += m.getLength();
            }
        }
        return Optional.of(patterned * 2 >= result.getPassword().length() ? "staff.password.pattern" : "staff.password.common");
    }

    /** The words of names: each word of three letters or more, and each name run together ("brightharbor"). */
    static List<String> words(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            List<String> parts = new ArrayList<>();
            for (String w : lower.split("[^\\p{L}\\p{N}]+")) {
                if (w.length() >= 3) {
                    out.add(w);
                }
                if (!w.isEmpty()) {
                    parts.add(w);
                }
            }
            // Every run of two or more consecutive words, run together: "brightharbor", "harborketamine", ...
            for (int i = 0; i < parts.size(); i++) {
                StringBuilder run = new StringBuilder(parts.get(i));
                for (int j = i + 1; j < parts.size(); j++) {
                    run.append(parts.get(j));
                    out.add(run.toString());
                }
            }
        }
        return out;
    }

    /** The email's words: its local part and its parts, and the domain's labels but the last ("clinic", "example"). */
    static List<String> emailWords(String email) {
        if (email == null || email.isBlank()) {
            return List.of();
        }
        String lower = email.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        String local = at < 0 ? lower : lower.substring(0, at);
        String domain = at < 0 ? "" : lower.substring(at + 1);
        List<String> names = new ArrayList<>(List.of(local));
        String[] labels = domain.split("\\.");
        names.addAll(Arrays.asList(labels).subList(0, Math.max(0, labels.length - 1)));
        return words(names);
    }

    /** The estimator, built once on first use (the dictionaries are loaded then, not at startup). */
    static final class Strength {
        static final String CLINIC = "clinic";
        static final String EMAIL = "email";
        private static final List<me.gosimple.nbvcxz.resources.Dictionary> DICTIONARIES =
                List.copyOf(ConfigurationBuilder.getDefaultDictionaries());

        private Strength() {}

        static Result estimate(String password, List<String> clinicWords, List<String> emailWords) {
            List<me.gosimple.nbvcxz.resources.Dictionary> dictionaries = new ArrayList<>(DICTIONARIES);
            dictionaries.add(own(CLINIC, clinicWords));
            dictionaries.add(own(EMAIL, emailWords));
            Configuration configuration = new ConfigurationBuilder().setDictionaries(dictionaries)
                    .setMinimumEntropy(MIN_ENTROPY).setMaxLength(ESTIMATED_LENGTH).setLocale(Locale.ENGLISH)
                    .createConfiguration();
            return new Nbvcxz(configuration).estimate(password);
        }

        /** The person's own words, as nbvcxz's exclusion dictionary: a password built on them is worth next to nothing. */
        private static me.gosimple.nbvcxz.resources.Dictionary own(String name, List<String> words) {
            DictionaryBuilder b = new DictionaryBuilder().setDictionaryName(name).setExclusion(true);
            words.stream().distinct().forEach(w -> b.addWord(w, 0));
            return b.createDictionary();
        }
    }

    public static String hash(String password) {
        return BCrypt.with(VERSION, LongPasswordStrategies.hashSha512(VERSION))
                .hashToString(COST, password.toCharArray());
    }

    /** Checks a password against a stored hash, or against a decoy when there is no account (same cost). */
    public static boolean verify(String password, String storedHash) {
        String hash = storedHash == null ? DECOY : storedHash;
        boolean ok = BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION))
                .verify(password.toCharArray(), hash.getBytes(StandardCharsets.US_ASCII)).verified;
        return ok && storedHash != null;
    }
}
