package io.consultdesk.clinic;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of the clinic feature. */
@RegisterConstructorMapper(ClinicDao.ClinicRow.class)
@RegisterConstructorMapper(ClinicDao.LocationRow.class)
@RegisterConstructorMapper(ClinicDao.RecipientRow.class)
@RegisterConstructorMapper(ClinicDao.VersionRow.class)
@RegisterConstructorMapper(ClinicDao.InUse.class)
public interface ClinicDao {

    record ClinicRow(String slug, String name, String phone, String hours, String brandColor, String offer,
                     String locale, String privacyNoticeUrl, String questions, int idleLogoffMinutes,
                     int acknowledgeMinutes, String booking, String consentText) {}

    /** One saved state of a clinic's settings (see V7). */
    record VersionRow(String clinicSlug, int version, Instant savedAt, String actorId, String actorEmail, String source,
                      String section, Integer restoredFrom, String changes, String settings) {}

    /** How many upcoming consultations use a location or a consultation type. */
    record InUse(String id, int upcoming) {}

    record LocationRow(String id, String name, String address, String timeZone, int position) {}

    record RecipientRow(String kind, String email) {}

    @SqlQuery("SELECT slug, name, phone, hours, brand_color, offer, locale, privacy_notice_url, questions,"
            + " idle_logoff_minutes, acknowledge_minutes, booking, consent_text FROM clinic WHERE slug = :slug")
    Optional<ClinicRow> find(@Bind("slug") String slug);

    @SqlQuery("SELECT slug FROM clinic ORDER BY slug")
    List<String> slugs();

    @SqlQuery("SELECT id, name, address, time_zone, position FROM clinic_location WHERE clinic_slug = :slug ORDER BY position")
    List<LocationRow> locations(@Bind("slug") String slug);

    @SqlQuery("SELECT origin FROM clinic_origin WHERE clinic_slug = :slug ORDER BY origin")
    List<String> origins(@Bind("slug") String slug);

    @SqlQuery("SELECT kind, email FROM clinic_recipient WHERE clinic_slug = :slug ORDER BY kind, email")
    List<RecipientRow> recipients(@Bind("slug") String slug);

    @SqlUpdate("INSERT INTO clinic (slug, name, phone, hours, brand_color, offer, locale, privacy_notice_url, questions,"
            + " idle_logoff_minutes, acknowledge_minutes, booking, consent_text, version, created_at, updated_at)"
            + " VALUES (:slug, :name, :phone, :hours, :brandColor, :offer, :locale, :privacyNoticeUrl, :questions,"
            + " :idleLogoffMinutes, :acknowledgeMinutes, :booking, :consentText, :version, :now, :now)"
            + " ON CONFLICT (slug) DO UPDATE SET name = excluded.name, phone = excluded.phone, hours = excluded.hours,"
            + " brand_color = excluded.brand_color, offer = excluded.offer, locale = excluded.locale,"
            + " privacy_notice_url = excluded.privacy_notice_url, questions = excluded.questions,"
            + " idle_logoff_minutes = excluded.idle_logoff_minutes, acknowledge_minutes = excluded.acknowledge_minutes,"
            + " booking = excluded.booking, consent_text = excluded.consent_text, version = excluded.version,"
            + " updated_at = excluded.updated_at")
    void upsert(@BindMethods ClinicRow row, @Bind("version") int version, @Bind("now") Instant now);

    /** The current version of a clinic's settings; empty when there is no such clinic. */
    @SqlQuery("SELECT version FROM clinic WHERE slug = :slug")
    Optional<Integer> version(@Bind("slug") String slug);

    // The settings' history

    String VERSION = "SELECT clinic_slug, version, saved_at, actor_id, actor_email, source, section, restored_from, changes,"
            + " settings FROM clinic_version";

    @SqlUpdate("INSERT INTO clinic_version (clinic_slug, version, saved_at, actor_id, actor_email, source, section,"
            + " restored_from, changes, settings) VALUES (:clinicSlug, :version, :savedAt, :actorId, :actorEmail, :source,"
            + " :section, :restoredFrom, :changes, :settings)")
    void insertVersion(@BindMethods VersionRow row);

    @SqlQuery(VERSION + " WHERE clinic_slug = :slug ORDER BY version DESC LIMIT :limit")
    List<VersionRow> versions(@Bind("slug") String slug, @Bind("limit") int limit);

    @SqlQuery(VERSION + " WHERE clinic_slug = :slug AND version = :version")
    Optional<VersionRow> versionOf(@Bind("slug") String slug, @Bind("version") int version);

    @SqlQuery(VERSION + " WHERE clinic_slug = :slug AND version > :version ORDER BY version")
    List<VersionRow> versionsAfter(@Bind("slug") String slug, @Bind("version") int version);

    // What the settings cannot take away while it is in use

    @SqlQuery("SELECT location_id AS id, count(*) AS upcoming FROM booking WHERE clinic_slug = :slug"
            + " AND status = 'booked' AND ends_at > :now GROUP BY location_id")
    List<InUse> upcomingByLocation(@Bind("slug") String slug, @Bind("now") Instant now);

    @SqlQuery("SELECT type_id AS id, count(*) AS upcoming FROM booking WHERE clinic_slug = :slug"
            + " AND status = 'booked' AND ends_at > :now GROUP BY type_id")
    List<InUse> upcomingByType(@Bind("slug") String slug, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM clinic_location WHERE clinic_slug = :slug")
    void deleteLocations(@Bind("slug") String slug);

    @SqlUpdate("INSERT INTO clinic_location (clinic_slug, id, name, address, time_zone, position)"
            + " VALUES (:slug, :id, :name, :address, :timeZone, :position)")
    void insertLocation(@Bind("slug") String slug, @BindMethods LocationRow row);

    @SqlUpdate("DELETE FROM clinic_origin WHERE clinic_slug = :slug")
    void deleteOrigins(@Bind("slug") String slug);

    @SqlUpdate("INSERT INTO clinic_origin (clinic_slug, origin) VALUES (:slug, :origin)")
    void insertOrigin(@Bind("slug") String slug, @Bind("origin") String origin);

    @SqlUpdate("DELETE FROM clinic_recipient WHERE clinic_slug = :slug")
    void deleteRecipients(@Bind("slug") String slug);

    @SqlUpdate("INSERT INTO clinic_recipient (clinic_slug, kind, email) VALUES (:slug, :kind, :email)")
    void insertRecipient(@Bind("slug") String slug, @BindMethods RecipientRow row);
}
