package io.consultdesk.team;

import io.consultdesk.staff.StaffFrame;
import io.consultdesk.staff.TwoFactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code team/account.jte}: the signed-in person's own account: who they are, their teams, and the form to
 * change their password.
 *
 * @param teams  each clinic of theirs with their role there ("Bright Harbor · Owner"); empty for an admin
 * @param errors a message per field of the password form (current, password, confirm), or "form"; of the
 *               two-step forms: "code" (confirming the setup), "off" (turning it off)
 * @param requiredBy the names of the person's clinics that require two-step sign-in
 * @param setup  the secret being set up, when the person just started (or mistyped the code)
 */
public record AccountPage(StaffFrame frame, String email, boolean admin, List<Team> teams, Optional<String> notice,
                          Map<String, String> errors, TwoFactor.Status twoFactor, List<String> requiredBy,
                          Optional<TwoFactor.Setup> setup) {

    public record Team(String clinicName, String role) {}

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    /** The setup as the shared QR template takes it, with the confirm form posting to the account page. */
    public io.consultdesk.staff.SignInController.SetupPage setupPage() {
        return new io.consultdesk.staff.SignInController.SetupPage(frame, setup.orElseThrow(), error("code"), frame.csrf(),
                "/staff/account/two-factor/confirm", requiredBy);
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
