package io.consultdesk.team;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.dashboard.Formats;
import io.consultdesk.staff.Role;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code team/team.jte}: a clinic's team, its open invitations and the invitation form.
 *
 * @param form   the invitation form as typed (kept when it is refused) with a message per field
 * @param notice what was just done (after a redirect), or empty
 * @param error  why an action on a member or an invitation was refused, or empty
 * @param twoFactorRequired whether the clinic requires two-step sign-in of its members
 * @param withTwoFactor the user ids of members who have it on
 */
public record TeamPage(StaffFrame frame, ClinicTabs tabs, Clinic clinic, List<MemberRow> members, List<String> admins,
                       List<InviteRow> invitations, InviteForm form, Optional<String> notice, Optional<String> error,
                       Formats formats, boolean twoFactorRequired, java.util.Set<String> withTwoFactor) {

    /** Whether a member has two-step sign-in on. */
    public boolean hasTwoFactor(TeamDao.Member m) {
        return withTwoFactor.contains(m.userId());
    }

    /** Active members without two-step sign-in. */
    public long withoutTwoFactor() {
        return members.stream().filter(m -> m.member().active() && !hasTwoFactor(m.member())).count();
    }


    /**
     * @param self      the person looking at the page: their own row is read-only (another owner changes it)
     * @param lastOwner the clinic's only active owner: neither demoted nor disabled
     */
    public record MemberRow(TeamDao.Member member, boolean self, boolean lastOwner) {
        public boolean changeable() {
            return !self && !lastOwner;
        }
    }

    /** @param expiresIn "in 71 hours", or empty once expired */
    public record InviteRow(TeamDao.PendingInvite invite, Optional<String> expiresIn) {
        public boolean expired() {
            return expiresIn.isEmpty();
        }
    }

    public record InviteForm(String email, String role, Map<String, String> errors) {
        public static InviteForm blank() {
            return new InviteForm("", Role.STAFF.code(), Map.of());
        }

        public Optional<String> error(String field) {
            return Optional.ofNullable(errors.get(field));
        }

        /** The id of a field's message, for aria-describedby, or null when it has none. */
        public String describedBy(String field) {
            return errors.containsKey(field) ? "invite-" + field + "-error" : null;
        }
    }

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    /** Where this page's forms post: {@code /staff/clinics/{clinic}/team} and below. */
    public String action(String path) {
        return "/staff/clinics/" + clinic.slug() + "/team" + path;
    }

    public List<Role> roles() {
        return TeamService.ROLES;
    }

    public String roleName(String code) {
        return t("team.role." + code);
    }

    public String roleSummary(String code) {
        return t("team.role." + code + ".summary");
    }

    /** "Dec 3, 2026", in the clinic's time zone. */
    public String date(java.time.Instant at) {
        return at == null ? "" : DATE.format(at.atZone(formats.zone()));
    }

    private static final java.time.format.DateTimeFormatter DATE =
            java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.ENGLISH);

    public long activeCount() {
        return members.stream().filter(m -> m.member().active()).count();
    }
}
