package io.consultdesk.team;

import io.consultdesk.staff.StaffFrame;
import java.util.Map;
import java.util.Optional;

/**
 * {@code team/invitation.jte}: joining a clinic's team from an invitation's link, with a new password, or with
 * the current one of an existing account.
 *
 * @param action  where the form posts (the link itself)
 * @param expires when the link stops working, as people read it
 * @param errors  a message per field (password, confirm), or for the whole form ("form")
 * @param csrf    the form's token, bound to this browser by a cookie of the invitation path
 */
public record InvitationPage(StaffFrame frame, Invitations.Open invitation, String action, String expires,
                             Map<String, String> errors, String csrf) {

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public String clinicName() {
        return invitation.clinic().name();
    }

    public String role() {
        return t("team.role." + invitation.role().code());
    }

    public String roleSummary() {
        return t("team.role." + invitation.role().code() + ".summary");
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
