package io.consultdesk.staff;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Password rules and hashing: at least 12 characters, not a common password (nor one with a few
 * digits or symbols added), not the email address; bcrypt with cost 12. Passwords longer than bcrypt's
 * 72 bytes are pre-hashed with SHA-512 rather than cut short.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 200;
    private static final int COST = 12;
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
    private static final Set<String> COMMON = load();
    /** Compared against when the email is unknown, so a wrong email takes as long as a wrong password. */
    private static final String DECOY = hash("decoy password that nobody has");

    private Passwords() {}

    /** The message key of what is wrong with a new password, or empty when it may be used. */
    public static Optional<String> problem(String password, String email) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("staff.password.tooShort");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("staff.password.tooLong");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String core = lower.replaceAll("[^a-z]+$", "").replaceAll("^[^a-z]+", "");
        if (COMMON.contains(lower) || COMMON.contains(core) || lower.codePoints().distinct().count() < 4) {
            return Optional.of("staff.password.common");
        }
        String local = email == null ? "" : email.toLowerCase(Locale.ROOT).replaceFirst("@.*", "");
        if (local.length() >= 4 && (lower.contains(local) || core.equals(local))) {
            return Optional.of("staff.password.email");
        }
        return Optional.empty();
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

    private static Set<String> load() {
        try (var in = Passwords.class.getResourceAsStream("/staff/common-passwords.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
