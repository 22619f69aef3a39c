package io.consultdesk.team;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of a clinic's team: its members, their roles and memberships, and the invitations to join it. */
@RegisterConstructorMapper(TeamDao.Member.class)
@RegisterConstructorMapper(TeamDao.Invite.class)
@RegisterConstructorMapper(TeamDao.PendingInvite.class)
public interface TeamDao {

    /**
     * A person on a clinic's team (active or disabled there).
     *
     * @param since when they joined: when they accepted their latest invitation to this clinic, or, for an
     *              account made from the command line, when the account was made
     */
    record Member(String userId, String email, String role, Instant disabledAt, Instant since) {
        public boolean active() {
            return disabledAt == null;
        }
    }

    /** A row of staff_invite. Only the SHA-256 of the link's token is stored. */
    record Invite(String id, String tokenHash, String email, String clinicSlug, String role, String invitedBy,
                  Instant createdAt, Instant expiresAt, Instant acceptedAt, Instant revokedAt) {
        public boolean usableAt(Instant now) {
            return acceptedAt == null && revokedAt == null && now.isBefore(expiresAt);
        }
    }

    /** An invitation not accepted nor revoked (perhaps expired), as the team page lists it. */
    record PendingInvite(String id, String email, String role, String invitedByEmail, Instant createdAt, Instant expiresAt) {}

    @SqlQuery("SELECT u.id AS user_id, u.email, c.role, c.disabled_at,"
            + " coalesce((SELECT max(i.accepted_at) FROM staff_invite i WHERE i.clinic_slug = c.clinic_slug"
            + " AND i.email = u.email), u.created_at) AS since"
            + " FROM staff_clinic c JOIN staff_user u ON u.id = c.user_id"
            + " WHERE c.clinic_slug = :clinic AND u.role <> 'admin'"
            + " ORDER BY c.disabled_at IS NOT NULL, CASE c.role WHEN 'owner' THEN 0 WHEN 'staff' THEN 1 ELSE 2 END, u.email")
    List<Member> members(@Bind("clinic") String clinicSlug);

    @SqlQuery("SELECT u.id AS user_id, u.email, c.role, c.disabled_at, u.created_at AS since"
            + " FROM staff_clinic c JOIN staff_user u ON u.id = c.user_id"
            + " WHERE c.clinic_slug = :clinic AND c.user_id = :user AND u.role <> 'admin'")
    Optional<Member> member(@Bind("clinic") String clinicSlug, @Bind("user") String userId);

    @SqlQuery("SELECT u.id AS user_id, u.email, c.role, c.disabled_at, u.created_at AS since"
            + " FROM staff_clinic c JOIN staff_user u ON u.id = c.user_id"
            + " WHERE c.clinic_slug = :clinic AND u.email = :email")
    Optional<Member> memberByEmail(@Bind("clinic") String clinicSlug, @Bind("email") String email);

    /** The server's admins: they see every clinic and are listed on every team page, read-only. */
    @SqlQuery("SELECT email FROM staff_user WHERE role = 'admin' AND disabled_at IS NULL ORDER BY email")
    List<String> admins();

    @SqlQuery("SELECT count(*) FROM staff_user WHERE email = :email AND role = 'admin'")
    int isAdmin(@Bind("email") String email);

    /** Counted inside the write transaction that would remove one, so two owners cannot both step down at once. */
    @SqlQuery("SELECT count(*) FROM staff_clinic WHERE clinic_slug = :clinic AND role = 'owner' AND disabled_at IS NULL")
    int activeOwners(@Bind("clinic") String clinicSlug);

    @SqlUpdate("UPDATE staff_clinic SET role = :role WHERE clinic_slug = :clinic AND user_id = :user")
    int setRole(@Bind("clinic") String clinicSlug, @Bind("user") String userId, @Bind("role") String role);

    @SqlUpdate("UPDATE staff_clinic SET disabled_at = :at WHERE clinic_slug = :clinic AND user_id = :user")
    int setDisabled(@Bind("clinic") String clinicSlug, @Bind("user") String userId, @Bind("at") Instant disabledAt);

    /** Joins a team, or comes back to it with the invitation's role. */
    @SqlUpdate("INSERT INTO staff_clinic (user_id, clinic_slug, role) VALUES (:user, :clinic, :role)"
            + " ON CONFLICT (user_id, clinic_slug) DO UPDATE SET role = excluded.role, disabled_at = NULL")
    void join(@Bind("clinic") String clinicSlug, @Bind("user") String userId, @Bind("role") String role);

    // Invitations

    @SqlUpdate("INSERT INTO staff_invite (id, token_hash, email, clinic_slug, role, invited_by, created_at, expires_at)"
            + " VALUES (:id, :tokenHash, :email, :clinicSlug, :role, :invitedBy, :createdAt, :expiresAt)")
    void insertInvite(@BindMethods Invite invite);

    @SqlQuery("SELECT id, token_hash, email, clinic_slug, role, invited_by, created_at, expires_at, accepted_at, revoked_at"
            + " FROM staff_invite WHERE token_hash = :hash")
    Optional<Invite> inviteByTokenHash(@Bind("hash") String tokenHash);

    @SqlQuery("SELECT id, token_hash, email, clinic_slug, role, invited_by, created_at, expires_at, accepted_at, revoked_at"
            + " FROM staff_invite WHERE id = :id AND clinic_slug = :clinic")
    Optional<Invite> invite(@Bind("clinic") String clinicSlug, @Bind("id") String inviteId);

    @SqlQuery("SELECT i.id, i.email, i.role, u.email AS invited_by_email, i.created_at, i.expires_at"
            + " FROM staff_invite i LEFT JOIN staff_user u ON u.id = i.invited_by"
            + " WHERE i.clinic_slug = :clinic AND i.accepted_at IS NULL AND i.revoked_at IS NULL"
            + " ORDER BY i.created_at DESC, i.email")
    List<PendingInvite> pendingInvites(@Bind("clinic") String clinicSlug);

    /** The ids of an address's invitations to a clinic that could still be accepted (or were, but expired). */
    @SqlQuery("SELECT id FROM staff_invite WHERE clinic_slug = :clinic AND email = :email"
            + " AND accepted_at IS NULL AND revoked_at IS NULL")
    List<String> openInvites(@Bind("clinic") String clinicSlug, @Bind("email") String email);

    @SqlUpdate("UPDATE staff_invite SET revoked_at = :at WHERE id = :id AND accepted_at IS NULL AND revoked_at IS NULL")
    int revoke(@Bind("id") String inviteId, @Bind("at") Instant at);

    @SqlUpdate("UPDATE staff_invite SET accepted_at = :at WHERE id = :id AND accepted_at IS NULL AND revoked_at IS NULL")
    int accept(@Bind("id") String inviteId, @Bind("at") Instant at);

    /** Invitations made for a clinic since a time (resends included): the hourly limit counts these. */
    @SqlQuery("SELECT count(*) FROM staff_invite WHERE clinic_slug = :clinic AND created_at > :since")
    int invitesSince(@Bind("clinic") String clinicSlug, @Bind("since") Instant since);

    @SqlQuery("SELECT min(created_at) FROM staff_invite WHERE clinic_slug = :clinic AND created_at > :since")
    Optional<Instant> oldestInviteSince(@Bind("clinic") String clinicSlug, @Bind("since") Instant since);

    @SqlQuery("SELECT email FROM staff_user WHERE id = :id")
    Optional<String> emailOf(@Bind("id") String userId);
}
