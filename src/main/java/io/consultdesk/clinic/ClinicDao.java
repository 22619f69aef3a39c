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
public interface ClinicDao {

    record ClinicRow(String slug, String name, String phone, String hours, String brandColor, String offer,
                     String locale, String privacyNoticeUrl, String questions, int idleLogoffMinutes,
                     int acknowledgeMinutes, String booking) {}

    record LocationRow(String id, String name, String address, String timeZone, int position) {}

    record RecipientRow(String kind, String email) {}

    @SqlQuery("SELECT slug, name, phone, hours, brand_color, offer, locale, privacy_notice_url, questions,"
            + " idle_logoff_minutes, acknowledge_minutes, booking FROM clinic WHERE slug = :slug")
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
            + " idle_logoff_minutes, acknowledge_minutes, booking, created_at, updated_at)"
            + " VALUES (:slug, :name, :phone, :hours, :brandColor, :offer, :locale, :privacyNoticeUrl, :questions,"
            + " :idleLogoffMinutes, :acknowledgeMinutes, :booking, :now, :now)"
            + " ON CONFLICT (slug) DO UPDATE SET name = excluded.name, phone = excluded.phone, hours = excluded.hours,"
            + " brand_color = excluded.brand_color, offer = excluded.offer, locale = excluded.locale,"
            + " privacy_notice_url = excluded.privacy_notice_url, questions = excluded.questions,"
            + " idle_logoff_minutes = excluded.idle_logoff_minutes, acknowledge_minutes = excluded.acknowledge_minutes,"
            + " booking = excluded.booking,"
            + " updated_at = excluded.updated_at")
    void upsert(@BindMethods ClinicRow row, @Bind("now") Instant now);

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
