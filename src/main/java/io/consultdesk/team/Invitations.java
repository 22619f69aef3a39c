package io.consultdesk.team;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.db.Database;
import io.consultdesk.db.RandomIds;
import io.consultdesk.mail.Outbox;
import io.consultdesk.staff.Passwords;
import io.consultdesk.staff.Role;
import io.consultdesk.staff.StaffDao;
import io.consultdesk.staff.StaffService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Accepting an invitation from its link. Looking at one changes nothing (mail scanners open links); accepting
 * checks the token again inside the write transaction that uses it, so a link works once whatever happens in
 * parallel. A person without an account chooses a password; one with an account (on another clinic's team)
 * proves it is them with their current password, throttled as sign-in is.
 */
public final class Invitations {
    private final Database db;
    private final ClinicService clinics;
    private final StaffService staff;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;

    public Invitations(Database db, ClinicService clinics, StaffService staff, AuditLog audit, Outbox outbox, Clock clock) {
        this.db = db;
        this.clinics = clinics;
        this.staff = staff;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * An invitation that still works, as its page shows it.
     *
     * @param hasAccount whether the invited address already has an account (then it signs in to join)
     */
    public record Open(String email, Role role, Clinic clinic, String inviterEmail, Instant expiresAt, boolean hasAccount) {}

    /** The invitation of a link, if it still works: not used, not revoked or replaced, not expired. */
    public Optional<Open> find(String token) {
        if (!InviteTokens.wellFormed(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.jdbi().withHandle(h -> {
            TeamDao dao = h.attach(TeamDao.class);
            Optional<TeamDao.Invite> invite = dao.inviteByTokenHash(InviteTokens.hash(token)).filter(i -> i.usableAt(now));
            if (invite.isEmpty()) {
                return Optional.empty();
            }
            TeamDao.Invite i = invite.get();
            Optional<Clinic> clinic = clinics.find(i.clinicSlug());
            Optional<Role> role = Role.member(i.role());
            if (clinic.isEmpty() || role.isEmpty()) {
                return Optional.empty();
            }
            boolean hasAccount = h.attach(StaffDao.class).findByEmail(i.email()).isPresent();
            String inviter = i.invitedBy() == null ? null : dao.emailOf(i.invitedBy()).orElse(null);
            return Optional.of(new Open(i.email(), role.get(), clinic.get(), inviter, i.expiresAt(), hasAccount));
        });
    }

    public sealed interface Acceptance {
        /** On the team now; {@code userId} is to be signed in. */
        record Joined(String userId) implements Acceptance {}

        /** The link does not work (any more): unknown, used, revoked, replaced or expired. */
        record Gone() implements Acceptance {}

        /** Nothing changed; {@code field} (password or confirm) has the problem named by {@code messageKey}. */
        record Refused(String field, String messageKey) implements Acceptance {}

        /** Too many wrong passwords for this account from this address: wait this long. */
        record Blocked(Duration retryAfter) implements Acceptance {}
    }

    /**
     * Accepts the invitation of a link: creates the account with the chosen password (new address), or checks
     * the current password (existing account), then adds the membership and marks the invitation used, in
     * one transaction with its audit row.
     *
     * @param confirm the password typed again (only for a new account)
     */
    public Acceptance accept(String token, String password, String confirm, String clientIp) {
        Optional<Open> found = find(token);
        if (found.isEmpty()) {
            return new Acceptance.Gone();
        }
        Open open = found.get();
        String pass = password == null ? "" : password;
        if (open.hasAccount()) {
            if (pass.isEmpty()) {
                return new Acceptance.Refused("password", "team.invitation.error.currentMissing");
            }
            if (pass.length() > Passwords.MAX_LENGTH) {
                return new Acceptance.Refused("password", "team.invitation.error.wrongPassword");
            }
            StaffService.PasswordCheck check = staff.checkPassword(open.email(), pass, clientIp, "invitation");
            if (check instanceof StaffService.PasswordCheck.Blocked blocked) {
                return new Acceptance.Blocked(blocked.retryAfter());
            }
            if (check instanceof StaffService.PasswordCheck.Wrong) {
                return new Acceptance.Refused("password", "team.invitation.error.wrongPassword");
            }
            String userId = ((StaffService.PasswordCheck.Right) check).userId();
            return join(token, clientIp, userId, null);
        }
        Optional<String> problem = TeamPasswords.problem(pass, open.email(),
                List.of(new TeamPasswords.ClinicName(open.clinic().name(), open.clinic().slug())));
        if (problem.isPresent()) {
            return new Acceptance.Refused("password", problem.get());
        }
        if (!pass.equals(confirm)) {
            return new Acceptance.Refused("confirm", "team.password.mismatch");
        }
        // bcrypt takes a while: hashed before the write transaction, which must not hold the lock for it.
        return join(token, clientIp, null, Passwords.hash(pass));
    }

    /** Joins the team in one transaction: the token is checked again here, so it works once. */
    private Acceptance join(String token, String clientIp, String existingUserId, String newPasswordHash) {
        Instant now = clock.instant();
        return db.write(h -> {
            TeamDao dao = h.attach(TeamDao.class);
            StaffDao staffDao = h.attach(StaffDao.class);
            Optional<TeamDao.Invite> found = dao.inviteByTokenHash(InviteTokens.hash(token)).filter(i -> i.usableAt(now));
            if (found.isEmpty()) {
                return new Acceptance.Gone();
            }
            TeamDao.Invite invite = found.get();
            Optional<StaffDao.UserRow> account = staffDao.findByEmail(invite.email());
            String userId;
            if (existingUserId == null) {
                if (account.isPresent()) {
                    // Someone made the account meanwhile: join with its password instead.
                    return new Acceptance.Refused("password", "team.invitation.error.accountNow");
                }
                userId = RandomIds.next();
                staffDao.insertUser(new StaffDao.UserRow(userId, invite.email(), Role.STAFF.code(), newPasswordHash, now, null));
            } else {
                if (account.isEmpty() || !account.get().id().equals(existingUserId)) {
                    return new Acceptance.Gone();
                }
                userId = existingUserId;
            }
            boolean admin = account.map(a -> Role.ADMIN.code().equals(a.role())).orElse(false);
            if (!admin) {
                dao.join(invite.clinicSlug(), userId, invite.role());
            }
            dao.accept(invite.id(), now);
            outbox.withdrawInvitation(h, invite.id(), "invitation accepted");
            audit.record(h, new Actor(userId, invite.email(), clientIp), "team.invitationAccepted", invite.clinicSlug(), null,
                    invite.email() + " · " + invite.role() + (existingUserId == null ? " · new account" : " · existing account"));
            return new Acceptance.Joined(userId);
        });
    }
}
