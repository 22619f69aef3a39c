package io.consultdesk.team;

import io.consultdesk.staff.Passwords;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The password rules of {@link Passwords} (with the clinics' names among the person's own words for the
 * strength estimate), plus one for people of a clinic: the clinic's name is the first
 * thing someone guessing a clinic's passwords tries, so a password may not contain it (nor its slug), and what
 * is left once the words of the name are taken out must still be long enough on its own.
 */
final class TeamPasswords {
    private TeamPasswords() {}

    /** A clinic's name and slug, e.g. "Bright Harbor Ketamine & TMS" and "demo". */
    record ClinicName(String name, String slug) {}

    /** The message key of what is wrong with a new password, or empty when it may be used. */
    static Optional<String> problem(String password, String email, Collection<ClinicName> clinics) {
        Optional<String> basic = Passwords.basicProblem(password, email);
        if (basic.isPresent()) {
            return basic;
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String compact = compact(lower);
        for (ClinicName clinic : clinics) {
            String name = compact(clinic.name().toLowerCase(Locale.ROOT));
            String slug = compact(clinic.slug().toLowerCase(Locale.ROOT));
            if ((name.length() >= 4 && compact.contains(name)) || (slug.length() >= 4 && compact.contains(slug))) {
                return Optional.of("team.password.clinic");
            }
            String rest = lower;
            for (String word : clinic.name().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (word.length() >= 4) {
                    rest = rest.replace(word, "");
                }
            }
            if (rest.codePointCount(0, rest.length()) < Passwords.MIN_LENGTH) {
                return Optional.of("team.password.clinic");
            }
        }
        List<String> names = new ArrayList<>();
        clinics.forEach(c -> {
            names.add(c.name());
            names.add(c.slug());
        });
        return Passwords.strengthProblem(password, email, names);
    }

    private static String compact(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }
}
