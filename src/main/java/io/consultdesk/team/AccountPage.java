package io.consultdesk.team;

import io.consultdesk.staff.StaffFrame;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code team/account.jte}: the signed-in person's own account: who they are, their teams, and the form to
 * change their password.
 *
 * @param teams  each clinic of theirs with their role there ("Bright Harbor · Owner"); empty for an admin
 * @param errors a message per field of the password form (current, password, confirm), or "form"
 */
public record AccountPage(StaffFrame frame, String email, boolean admin, List<Team> teams, Optional<String> notice,
                          Map<String, String> errors) {

    public record Team(String clinicName, String role) {}

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public Optional<String> error(String field) {
        return Optional.ofNullable(errors.get(field));
    }

    public String describedBy(String field, String hint) {
        String error = errors.containsKey(field) ? field + "-error" : null;
        if (hint == null) {
            return error;
        }
        return error == null ? hint : hint + " " + error;
    }
}
