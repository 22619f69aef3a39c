package io.consultdesk.staff;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of staff accounts, sessions and sign-in throttling. */
@RegisterConstructorMapper(StaffDao.UserRow.class)
@RegisterConstructorMapper(StaffDao.SessionRow.class)
@RegisterConstructorMapper(StaffDao.FailureRow.class)
@RegisterConstructorMapper(StaffDao.Membership.class)
public interface StaffDao {

    record UserRow(String id, String email, String role, String passwordHash, Instant createdAt, Instant disabledAt) {}

    record SessionRow(String tokenHash, String userId, String csrfToken, Instant createdAt, Instant lastSeenAt,
                      long idleSeconds, Instant expiresAt, String clientIp) {}

    record FailureRow(String bucket, int failures, Instant lastFailedAt, Instant blockedUntil) {}

    /** A person's place on a clinic's team; disabledAt is set when they were taken off it. */
    record Membership(String clinicSlug, String role, Instant disabledAt) {}

    @SqlQuery("SELECT id, email, role, password_hash, created_at, disabled_at FROM staff_user WHERE email = :email")
    Optional<UserRow> findByEmail(@Bind("email") String email);

    @SqlQuery("SELECT id, email, role, password_hash, created_at, disabled_at FROM staff_user WHERE id = :id")
    Optional<UserRow> findById(@Bind("id") String id);

    /** The clinics a person is on the team of now, with their role there. */
    @SqlQuery("SELECT clinic_slug, role, disabled_at FROM staff_clinic WHERE user_id = :id AND disabled_at IS NULL"
            + " ORDER BY clinic_slug")
    List<Membership> clinicsOf(@Bind("id") String userId);

    @SqlUpdate("INSERT INTO staff_user (id, email, role, password_hash, created_at)"
            + " VALUES (:id, :email, :role, :passwordHash, :createdAt)")
    void insertUser(@BindMethods UserRow user);

    @SqlUpdate("UPDATE staff_user SET role = :role, password_hash = :hash, disabled_at = NULL WHERE id = :id")
    void updateUser(@Bind("id") String id, @Bind("role") String role, @Bind("hash") String passwordHash);

    @SqlUpdate("UPDATE staff_user SET password_hash = :hash WHERE id = :id")
    void updatePassword(@Bind("id") String id, @Bind("hash") String passwordHash);

    @SqlUpdate("DELETE FROM staff_clinic WHERE user_id = :id")
    void clearClinics(@Bind("id") String userId);

    /** Every clinic a person was ever put on the team of, disabled ones included. */
    @SqlQuery("SELECT clinic_slug, role, disabled_at FROM staff_clinic WHERE user_id = :id ORDER BY clinic_slug")
    List<Membership> everyClinicOf(@Bind("id") String userId);

    /** Puts a person on a clinic's team with a role, or changes their role there and enables them again. */
    @SqlUpdate("INSERT INTO staff_clinic (user_id, clinic_slug, role) VALUES (:id, :clinic, :role)"
            + " ON CONFLICT (user_id, clinic_slug) DO UPDATE SET role = excluded.role, disabled_at = NULL")
    void putOnTeam(@Bind("id") String userId, @Bind("clinic") String clinicSlug, @Bind("role") String role);

    /** The clinic's active owners other than this person. */
    @SqlQuery("SELECT count(*) FROM staff_clinic WHERE clinic_slug = :clinic AND role = 'owner' AND disabled_at IS NULL"
            + " AND user_id <> :id")
    int otherOwners(@Bind("clinic") String clinicSlug, @Bind("id") String userId);

    @SqlUpdate("INSERT INTO staff_clinic (user_id, clinic_slug, role) VALUES (:id, :clinic, :role)")
    void addClinic(@Bind("id") String userId, @Bind("clinic") String clinicSlug, @Bind("role") String role);

    /** Active people who may work on a clinic's leads: its staff and owners, and every admin. */
    @SqlQuery("SELECT id, email, role, password_hash, created_at, disabled_at FROM staff_user u"
            + " WHERE disabled_at IS NULL AND (role = 'admin'"
            + " OR EXISTS (SELECT 1 FROM staff_clinic c WHERE c.user_id = u.id AND c.clinic_slug = :clinic"
            + " AND c.role IN ('owner', 'staff') AND c.disabled_at IS NULL))"
            + " ORDER BY email")
    List<UserRow> workingFor(@Bind("clinic") String clinicSlug);

    @SqlQuery("SELECT count(*) FROM staff_user")
    long countUsers();

    @SqlQuery("SELECT min(idle_logoff_minutes) FROM clinic WHERE slug IN (<clinics>)")
    Optional<Integer> idleMinutes(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics);


    // Sessions

    @SqlUpdate("INSERT INTO staff_session (token_hash, user_id, csrf_token, created_at, last_seen_at, idle_seconds,"
            + " expires_at, client_ip) VALUES (:tokenHash, :userId, :csrfToken, :createdAt, :lastSeenAt, :idleSeconds,"
            + " :expiresAt, :clientIp)")
    void insertSession(@BindMethods SessionRow session);

    @SqlQuery("SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, idle_seconds, expires_at, client_ip"
            + " FROM staff_session WHERE token_hash = :hash")
    Optional<SessionRow> findSession(@Bind("hash") String tokenHash);

    @SqlUpdate("UPDATE staff_session SET last_seen_at = :now WHERE token_hash = :hash")
    void touchSession(@Bind("hash") String tokenHash, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM staff_session WHERE token_hash = :hash")
    int deleteSession(@Bind("hash") String tokenHash);

    @SqlUpdate("DELETE FROM staff_session WHERE user_id = :id")
    int deleteSessionsOf(@Bind("id") String userId);

    /** Every session of a person but one (the one that changed the password). */
    @SqlUpdate("DELETE FROM staff_session WHERE user_id = :id AND token_hash <> :keep")
    int deleteOtherSessionsOf(@Bind("id") String userId, @Bind("keep") String keepTokenHash);

    @SqlUpdate("DELETE FROM staff_session WHERE expires_at < :now")
    int deleteExpiredSessions(@Bind("now") Instant now);

    // Sign-in throttling

    @SqlQuery("SELECT bucket, failures, last_failed_at, blocked_until FROM sign_in_failure WHERE bucket = :bucket")
    Optional<FailureRow> findFailures(@Bind("bucket") String bucket);

    @SqlUpdate("INSERT INTO sign_in_failure (bucket, failures, last_failed_at, blocked_until)"
            + " VALUES (:bucket, :failures, :lastFailedAt, :blockedUntil)"
            + " ON CONFLICT (bucket) DO UPDATE SET failures = excluded.failures,"
            + " last_failed_at = excluded.last_failed_at, blocked_until = excluded.blocked_until")
    void saveFailures(@BindMethods FailureRow row);

    @SqlUpdate("DELETE FROM sign_in_failure WHERE bucket = :bucket")
    void clearFailures(@Bind("bucket") String bucket);

    /** Takes back one counted attempt (it turned out to be a right password) without clearing the rest. */
    @SqlUpdate("UPDATE sign_in_failure SET failures = max(0, failures - 1),"
            + " blocked_until = CASE WHEN failures - 1 < :free THEN last_failed_at ELSE blocked_until END WHERE bucket = :bucket")
    void uncountOne(@Bind("bucket") String bucket, @Bind("free") int free);

    @SqlUpdate("DELETE FROM sign_in_failure WHERE last_failed_at < :before")
    int deleteOldFailures(@Bind("before") Instant before);
}
