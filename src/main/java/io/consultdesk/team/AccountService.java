package io.consultdesk.team;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.staff.Passwords;
import io.consultdesk.staff.StaffService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A signed-in person's own account: changing their password. The current password is required (checked with
 * sign-in's throttling, so a session left open is not a way to guess it), the new one follows the password
 * rules (not the email, not a clinic's name of theirs), and every other session of theirs ends.
 */
public final class AccountService {
    private final StaffService staff;
    private final ClinicService clinics;

    public AccountService(StaffService staff, ClinicService clinics) {
        this.staff = staff;
        this.clinics = clinics;
    }

    public sealed interface Change {
        /** Changed; {@code otherSessionsEnded} sessions elsewhere were signed out. */
        record Changed(int otherSessionsEnded) implements Change {}

        /** Nothing changed: each field (current, password, confirm) with its message key. */
        record Problems(Map<String, String> fields) implements Change {}

        record Blocked(Duration retryAfter) implements Change {}
    }

    public Change changePassword(StaffService.Session session, String current, String password, String confirm,
                                 String clientIp) {
        String email = session.user().email();
        String now = current == null ? "" : current;
        String next = password == null ? "" : password;
        Map<String, String> problems = new LinkedHashMap<>();
        if (now.isEmpty()) {
            problems.put("current", "team.account.error.currentMissing");
        }
        List<TeamPasswords.ClinicName> names = session.user().roles().keySet().stream()
                .flatMap(slug -> clinics.find(slug).stream())
                .map(c -> new TeamPasswords.ClinicName(c.name(), c.slug())).toList();
        Optional<String> rule = TeamPasswords.problem(next, email, names);
        if (rule.isPresent()) {
            problems.put("password", rule.get());
        } else if (next.equals(now)) {
            problems.put("password", "team.account.error.same");
        } else if (!next.equals(confirm)) {
            problems.put("confirm", "team.password.mismatch");
        }
        if (!problems.isEmpty()) {
            // The current password is only checked once the rest is right: a typo costs no attempt.
            return new Change.Problems(problems);
        }
        if (now.length() > Passwords.MAX_LENGTH) {
            return new Change.Problems(Map.of("current", "team.account.error.currentWrong"));
        }
        StaffService.PasswordCheck check = staff.checkPassword(email, now, clientIp, "password change");
        if (check instanceof StaffService.PasswordCheck.Blocked blocked) {
            return new Change.Blocked(blocked.retryAfter());
        }
        if (!(check instanceof StaffService.PasswordCheck.Right right) || !right.userId().equals(session.user().id())) {
            return new Change.Problems(Map.of("current", "team.account.error.currentWrong"));
        }
        return new Change.Changed(staff.replacePassword(session, next, clientIp));
    }
}
