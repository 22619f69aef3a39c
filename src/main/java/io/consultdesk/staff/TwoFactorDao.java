package io.consultdesk.staff;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of two-step sign-in: the sealed secrets, recovery codes, pending sign-ins and clinics' requirement (V10). */
@RegisterConstructorMapper(TwoFactorDao.SecretRow.class)
@RegisterConstructorMapper(TwoFactorDao.PendingRow.class)
public interface TwoFactorDao {

    record SecretRow(String userId, String secretSealed, Instant createdAt, Instant confirmedAt, long lastStep) {}

    record PendingRow(String tokenHash, String userId, String purpose, String nextPath, Instant createdAt,
                      Instant expiresAt, String clientIp, int failures) {}

    @SqlQuery("SELECT user_id, secret_sealed, created_at, confirmed_at, last_step FROM staff_two_factor WHERE user_id = :id")
    Optional<SecretRow> find(@Bind("id") String userId);

    /** A new secret being set up (replaces one that was never confirmed). */
    @SqlUpdate("INSERT INTO staff_two_factor (user_id, secret_sealed, created_at) VALUES (:id, :sealed, :now)"
            + " ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at,"
            + " confirmed_at = NULL, last_step = 0 WHERE staff_two_factor.confirmed_at IS NULL")
    int start(@Bind("id") String userId, @Bind("sealed") String sealed, @Bind("now") Instant now);

    @SqlUpdate("UPDATE staff_two_factor SET confirmed_at = :now, last_step = :step WHERE user_id = :id AND confirmed_at IS NULL")
    int confirm(@Bind("id") String userId, @Bind("now") Instant now, @Bind("step") long step);

    /** Accepts a code's time step once: 0 rows when that step (or a later one) was already used. */
    @SqlUpdate("UPDATE staff_two_factor SET last_step = :step WHERE user_id = :id AND last_step < :step")
    int useStep(@Bind("id") String userId, @Bind("step") long step);

    @SqlUpdate("DELETE FROM staff_two_factor WHERE user_id = :id")
    int delete(@Bind("id") String userId);

    // Recovery codes

    @SqlUpdate("INSERT INTO staff_recovery_code (user_id, code_hash) VALUES (:id, :hash)")
    void addRecoveryCode(@Bind("id") String userId, @Bind("hash") String codeHash);

    @SqlUpdate("DELETE FROM staff_recovery_code WHERE user_id = :id")
    void deleteRecoveryCodes(@Bind("id") String userId);

    @SqlUpdate("UPDATE staff_recovery_code SET used_at = :now WHERE user_id = :id AND code_hash = :hash AND used_at IS NULL")
    int useRecoveryCode(@Bind("id") String userId, @Bind("hash") String codeHash, @Bind("now") Instant now);

    @SqlQuery("SELECT count(*) FROM staff_recovery_code WHERE user_id = :id AND used_at IS NULL")
    int recoveryCodesLeft(@Bind("id") String userId);

    // Pending sign-ins (between the password and the second step)

    @SqlUpdate("INSERT INTO staff_pending_sign_in (token_hash, user_id, purpose, next_path, created_at, expires_at, client_ip)"
            + " VALUES (:hash, :id, :purpose, :next, :now, :expires, :ip)")
    void addPending(@Bind("hash") String tokenHash, @Bind("id") String userId, @Bind("purpose") String purpose,
                    @Bind("next") String next, @Bind("now") Instant now, @Bind("expires") Instant expires, @Bind("ip") String ip);

    @SqlQuery("SELECT token_hash, user_id, purpose, next_path, created_at, expires_at, client_ip, failures"
            + " FROM staff_pending_sign_in WHERE token_hash = :hash")
    Optional<PendingRow> findPending(@Bind("hash") String tokenHash);

    @SqlUpdate("UPDATE staff_pending_sign_in SET failures = failures + 1 WHERE token_hash = :hash")
    void failPending(@Bind("hash") String tokenHash);

    @SqlUpdate("DELETE FROM staff_pending_sign_in WHERE token_hash = :hash")
    int deletePending(@Bind("hash") String tokenHash);

    @SqlUpdate("DELETE FROM staff_pending_sign_in WHERE user_id = :id")
    int deletePendingOf(@Bind("id") String userId);

    @SqlUpdate("DELETE FROM staff_pending_sign_in WHERE expires_at < :now")
    int deleteExpiredPending(@Bind("now") Instant now);

    // Clinics that require it

    /** The active clinics of a person that require two-step sign-in. */
    @SqlQuery("SELECT c.clinic_slug FROM staff_clinic c JOIN clinic_two_factor t ON t.clinic_slug = c.clinic_slug"
            + " WHERE c.user_id = :id AND c.disabled_at IS NULL AND t.required = 1 ORDER BY c.clinic_slug")
    List<String> requiringClinicsOf(@Bind("id") String userId);

    @SqlQuery("SELECT k.name FROM staff_clinic c JOIN clinic_two_factor t ON t.clinic_slug = c.clinic_slug"
            + " JOIN clinic k ON k.slug = c.clinic_slug"
            + " WHERE c.user_id = :id AND c.disabled_at IS NULL AND t.required = 1 ORDER BY k.name")
    List<String> requiringClinicNamesOf(@Bind("id") String userId);

    @SqlQuery("SELECT coalesce((SELECT required FROM clinic_two_factor WHERE clinic_slug = :clinic), 0)")
    boolean required(@Bind("clinic") String clinicSlug);

    @SqlUpdate("INSERT INTO clinic_two_factor (clinic_slug, required, changed_at, changed_by) VALUES (:clinic, :required, :now, :by)"
            + " ON CONFLICT (clinic_slug) DO UPDATE SET required = excluded.required, changed_at = excluded.changed_at,"
            + " changed_by = excluded.changed_by")
    void setRequired(@Bind("clinic") String clinicSlug, @Bind("required") boolean required, @Bind("now") Instant now,
                     @Bind("by") String by);

    /** The user ids of a clinic's active members with two-step sign-in on. */
    @SqlQuery("SELECT c.user_id FROM staff_clinic c JOIN staff_two_factor t ON t.user_id = c.user_id"
            + " WHERE c.clinic_slug = :clinic AND c.disabled_at IS NULL AND t.confirmed_at IS NOT NULL")
    List<String> membersWithTwoFactor(@Bind("clinic") String clinicSlug);
}
