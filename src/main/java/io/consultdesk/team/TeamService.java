package io.consultdesk.team;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.db.Database;
import io.consultdesk.db.RandomIds;
import io.consultdesk.mail.EmailAddresses;
import io.consultdesk.mail.Outbox;
import io.consultdesk.staff.Role;
import io.consultdesk.staff.StaffDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A clinic's team, as its owners (and admins) manage it: invitations by email, roles, disabling and enabling
 * a membership. Every change is one write transaction with its audit row; the rules that protect the clinic
 * (the last active owner stays, at most {@value #INVITES_PER_HOUR} invitations an hour) are checked inside it,
 * so two owners acting at once cannot both get past them. Admins of the server have no membership and cannot
 * be changed here. Who may call these is the route's business (Access.CLINIC_MANAGE), not this class's.
 */
public final class TeamService {
    public static final Duration INVITATION_LIFETIME = Duration.ofHours(72);
    public static final int INVITES_PER_HOUR = 20;
    /** The roles an invitation or a change can give, in the order pages offer them. */
    public static final List<Role> ROLES = List.of(Role.OWNER, Role.STAFF, Role.MARKETING);

    private final Database db;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;

    public TeamService(Database db, AuditLog audit, Outbox outbox, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Everyone on a clinic's team (active first, owners first), the server's admins, and open invitations. */
    public record Team(List<TeamDao.Member> members, List<String> admins, List<TeamDao.PendingInvite> invitations) {}

    public Team team(String clinicSlug) {
        return db.jdbi().withExtension(TeamDao.class, d -> new Team(d.members(clinicSlug), d.admins(),
                d.pendingInvites(clinicSlug)));
    }

    /** Why a change was refused. */
    public enum Problem {
        EMAIL_MISSING, EMAIL_CONTROL, EMAIL_INVALID, ROLE_UNKNOWN, ALREADY_MEMBER, ALREADY_DISABLED, ADMIN,
        TOO_MANY, LAST_OWNER, SELF
    }

    public sealed interface Result {
        /** Done; {@code email} names the person concerned. */
        record Done(String email) implements Result {}

        /** No such member or open invitation on this clinic's team (or an admin, who is nobody's member). */
        record NotFound() implements Result {}

        /** @param detail what the message needs: the address concerned, or the minutes to wait */
        record Refused(Problem problem, String detail) implements Result {}
    }

    /**
     * Invites a person by email with a role: an email with a one-time link, valid 72 hours. An older open
     * invitation of the same address to this clinic is revoked (its link stops working). Whether the address
     * already has an account (on another clinic's team) changes nothing here: the inviter's side is the same.
     */
    public Result invite(Actor actor, String clinicSlug, String rawEmail, String roleCode) {
        String typed = rawEmail == null ? "" : rawEmail.strip();
        Optional<Role> role = Role.member(roleCode == null ? "" : roleCode);
        if (typed.isEmpty()) {
            return new Result.Refused(Problem.EMAIL_MISSING, null);
        }
        if (typed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return new Result.Refused(Problem.EMAIL_CONTROL, null);
        }
        String email = typed.toLowerCase(Locale.ROOT);
        if (!EmailAddresses.isValid(email)) {
            return new Result.Refused(Problem.EMAIL_INVALID, null);
        }
        if (role.isEmpty()) {
            return new Result.Refused(Problem.ROLE_UNKNOWN, null);
        }
        Instant now = clock.instant();
        Result result = db.write(h -> {
            TeamDao dao = h.attach(TeamDao.class);
            if (dao.isAdmin(email) > 0) {
                return new Result.Refused(Problem.ADMIN, email);
            }
            Optional<TeamDao.Member> member = dao.memberByEmail(clinicSlug, email);
            if (member.isPresent()) {
                return new Result.Refused(member.get().active() ? Problem.ALREADY_MEMBER : Problem.ALREADY_DISABLED, email);
            }
            Optional<Result> limited = overLimit(dao, clinicSlug, now);
            if (limited.isPresent()) {
                return limited.get();
            }
            int replaced = revokeOpen(h, dao, clinicSlug, email, now, "replaced by a newer invitation");
            create(h, dao, actor, clinicSlug, email, role.get(), now);
            audit.record(h, actor, "team.invited", clinicSlug, null, email + " · " + role.get().code()
                    + (replaced > 0 ? " · replaces the earlier invitation" : ""));
            return new Result.Done(email);
        });
        outbox.signal();
        return result;
    }

    /** Sends an open (or expired) invitation again with a new link; the old link stops working. */
    public Result resend(Actor actor, String clinicSlug, String inviteId) {
        Instant now = clock.instant();
        Result result = db.write(h -> {
            TeamDao dao = h.attach(TeamDao.class);
            Optional<TeamDao.Invite> invite = open(dao, clinicSlug, inviteId);
            if (invite.isEmpty()) {
                return new Result.NotFound();
            }
            String email = invite.get().email();
            Optional<TeamDao.Member> member = dao.memberByEmail(clinicSlug, email);
            if (member.isPresent()) {
                return new Result.Refused(member.get().active() ? Problem.ALREADY_MEMBER : Problem.ALREADY_DISABLED, email);
            }
            Optional<Result> limited = overLimit(dao, clinicSlug, now);
            if (limited.isPresent()) {
                return limited.get();
            }
            Role role = Role.member(invite.get().role()).orElseThrow();
            revokeOpen(h, dao, clinicSlug, email, now, "sent again with a new link");
            create(h, dao, actor, clinicSlug, email, role, now);
            audit.record(h, actor, "team.invitationResent", clinicSlug, null, email + " · " + role.code());
            return new Result.Done(email);
        });
        outbox.signal();
        return result;
    }

    /** Withdraws an open invitation: its link stops working, and its email is not sent if it has not gone yet. */
    public Result revoke(Actor actor, String clinicSlug, String inviteId) {
        Instant now = clock.instant();
        return db.write(h -> {
            TeamDao dao = h.attach(TeamDao.class);
            Optional<TeamDao.Invite> invite = open(dao, clinicSlug, inviteId);
            if (invite.isEmpty()) {
                return new Result.NotFound();
            }
            dao.revoke(inviteId, now);
            outbox.withdrawInvitation(h, inviteId, "invitation revoked");
            audit.record(h, actor, "team.invitationRevoked", clinicSlug, null, invite.get().email() + " · " + invite.get().role());
            return new Result.Done(invite.get().email());
        });
    }

    /** Gives a member another role, from their next request on. The last active owner stays an owner. */
    public Result changeRole(Actor actor, String clinicSlug, String userId, String roleCode) {
        Optional<Role> role = Role.member(roleCode == null ? "" : roleCode);
        if (role.isEmpty()) {
            return new Result.Refused(Problem.ROLE_UNKNOWN, null);
        }
        return onOtherMember(actor, clinicSlug, userId, (h, dao, member) -> {
            if (member.role().equals(role.get().code())) {
                return new Result.Done(member.email());
            }
            if (lastActiveOwner(dao, clinicSlug, member)) {
                return new Result.Refused(Problem.LAST_OWNER, member.email());
            }
            dao.setRole(clinicSlug, userId, role.get().code());
            audit.record(h, actor, "team.roleChanged", clinicSlug, null,
                    member.email() + " · " + member.role() + " → " + role.get().code());
            return new Result.Done(member.email());
        });
    }

    /**
     * Takes a member off this clinic's team: every session of theirs ends at once (they sign in again to reach
     * their other clinics, if any), their open invitations to this clinic are revoked, and their history (audit
     * rows, notes, assignments) stays. With no other team they can no longer sign in.
     */
    public Result disable(Actor actor, String clinicSlug, String userId) {
        Instant now = clock.instant();
        return onOtherMember(actor, clinicSlug, userId, (h, dao, member) -> {
            if (!member.active()) {
                return new Result.Done(member.email());
            }
            if (lastActiveOwner(dao, clinicSlug, member)) {
                return new Result.Refused(Problem.LAST_OWNER, member.email());
            }
            dao.setDisabled(clinicSlug, userId, now);
            int sessions = h.attach(StaffDao.class).deleteSessionsOf(userId);
            revokeOpen(h, dao, clinicSlug, member.email(), now, "member disabled");
            audit.record(h, actor, "team.memberDisabled", clinicSlug, null, member.email() + " · " + member.role()
                    + " · " + sessions + (sessions == 1 ? " session ended" : " sessions ended"));
            return new Result.Done(member.email());
        });
    }

    /** Puts a disabled member back on the team with the role they had. */
    public Result enable(Actor actor, String clinicSlug, String userId) {
        return db.write(h -> {
            TeamDao dao = h.attach(TeamDao.class);
            Optional<TeamDao.Member> found = dao.member(clinicSlug, userId);
            if (found.isEmpty()) {
                return new Result.NotFound();
            }
            TeamDao.Member member = found.get();
            if (member.active()) {
                return new Result.Done(member.email());
            }
            dao.setDisabled(clinicSlug, userId, null);
            audit.record(h, actor, "team.memberEnabled", clinicSlug, null, member.email() + " · " + member.role());
            return new Result.Done(member.email());
        });
    }

    /** A change to one member of the team by someone else, in one write transaction. */
    private interface MemberChange {
        Result apply(Handle h, TeamDao dao, TeamDao.Member member);
    }

    /** Runs a change on a member of this clinic's team: not found when there is none, refused on one's own row. */
    private Result onOtherMember(Actor actor, String clinicSlug, String userId, MemberChange change) {
        return db.write(h -> {
            TeamDao dao = h.attach(TeamDao.class);
            Optional<TeamDao.Member> found = dao.member(clinicSlug, userId);
            if (found.isEmpty()) {
                return new Result.NotFound();
            }
            if (found.get().userId().equals(actor.userId())) {
                return new Result.Refused(Problem.SELF, found.get().email());
            }
            return change.apply(h, dao, found.get());
        });
    }

    /** Whether this member is the clinic's only active owner: they may be neither demoted nor disabled. */
    private static boolean lastActiveOwner(TeamDao dao, String clinicSlug, TeamDao.Member member) {
        return member.active() && member.role().equals(Role.OWNER.code()) && dao.activeOwners(clinicSlug) <= 1;
    }

    private static Optional<TeamDao.Invite> open(TeamDao dao, String clinicSlug, String inviteId) {
        return dao.invite(clinicSlug, inviteId == null ? "" : inviteId)
                .filter(i -> i.acceptedAt() == null && i.revokedAt() == null);
    }

    /** Refused when the clinic already had {@value #INVITES_PER_HOUR} invitations in the last hour; says how long to wait. */
    private static Optional<Result> overLimit(TeamDao dao, String clinicSlug, Instant now) {
        Instant since = now.minus(Duration.ofHours(1));
        if (dao.invitesSince(clinicSlug, since) < INVITES_PER_HOUR) {
            return Optional.empty();
        }
        Instant oldest = dao.oldestInviteSince(clinicSlug, since).orElse(now);
        long minutes = Math.max(1, (Duration.between(now, oldest.plus(Duration.ofHours(1))).toSeconds() + 59) / 60);
        return Optional.of(new Result.Refused(Problem.TOO_MANY, Long.toString(minutes)));
    }

    private int revokeOpen(Handle h, TeamDao dao, String clinicSlug, String email, Instant now, String why) {
        List<String> open = dao.openInvites(clinicSlug, email);
        for (String id : open) {
            dao.revoke(id, now);
            outbox.withdrawInvitation(h, id, why);
        }
        return open.size();
    }

    /** A new invitation and its email, in the caller's transaction. Only the token's hash is stored. */
    private void create(Handle h, TeamDao dao, Actor actor, String clinicSlug, String email, Role role, Instant now) {
        String token = InviteTokens.next();
        String id = RandomIds.next();
        dao.insertInvite(new TeamDao.Invite(id, InviteTokens.hash(token), email, clinicSlug, role.code(), actor.userId(),
                now, now.plus(INVITATION_LIFETIME), null, null));
        outbox.enqueueInvitation(h, clinicSlug, id, email, token);
    }
}
