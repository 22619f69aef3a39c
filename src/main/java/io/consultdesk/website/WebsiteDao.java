package io.consultdesk.website;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * All SQL of the site owner's pages: loads of the form per embedding site and day ({@code embed_load}), and
 * request counts by campaign. Nothing here reads a visitor's data: no name, answer or request, only counts.
 */
@RegisterConstructorMapper(WebsiteDao.DayLoads.class)
@RegisterConstructorMapper(WebsiteDao.LastLoad.class)
public interface WebsiteDao {

    /**
     * Loads counted in memory since the last flush, for one clinic, site, day of the clinic ({@code yyyy-mm-dd}) and outcome,
     * and the client addresses among them not counted for that site and day before.
     */
    record Tally(String clinic, String origin, String day, boolean allowed, long loads, long addresses, Instant lastAt) {}

    /** @param addresses the client addresses that asked for the form from this site that day, each once */
    record DayLoads(String origin, String day, boolean allowed, long loads, long addresses) {}

    record LastLoad(String origin, boolean allowed, Instant lastAt) {}

    /**
     * Adds counted loads, one upsert per key. Only for a clinic that exists, and a site not yet seen that day is
     * added only while the clinic has fewer than {@code maxAllowed} (or {@code maxRefused}) sites that day with the
     * same outcome (the origin is whatever a page said, so anyone can make up new ones).
     */
    @SqlBatch("INSERT INTO embed_load (clinic_slug, origin, day, allowed, loads, addresses, last_at)"
            + " SELECT :clinic, :origin, :day, :allowed, :loads, :addresses, :lastAt"
            + " WHERE EXISTS (SELECT 1 FROM clinic WHERE slug = :clinic)"
            + " AND (EXISTS (SELECT 1 FROM embed_load WHERE clinic_slug = :clinic AND origin = :origin AND day = :day AND allowed = :allowed)"
            + " OR (SELECT count(*) FROM embed_load WHERE clinic_slug = :clinic AND day = :day AND allowed = :allowed)"
            + " < (CASE WHEN :allowed THEN :maxAllowed ELSE :maxRefused END))"
            + " ON CONFLICT (clinic_slug, origin, day, allowed)"
            + " DO UPDATE SET loads = loads + excluded.loads, addresses = addresses + excluded.addresses,"
            + " last_at = max(last_at, excluded.last_at)")
    void add(@BindMethods List<Tally> tallies, @Bind("maxAllowed") int maxAllowedPerDay, @Bind("maxRefused") int maxRefusedPerDay);

    /** Deletes the loads of days before {@code day} ({@code yyyy-mm-dd}, which sorts as text). */
    @SqlUpdate("DELETE FROM embed_load WHERE day < :day")
    int deleteBefore(@Bind("day") String day);

    /** Loads per site and day from {@code fromDay} on (days are {@code yyyy-mm-dd}, which sort as text). */
    @SqlQuery("SELECT origin, day, allowed, loads, addresses FROM embed_load WHERE clinic_slug = :clinic AND day >= :fromDay"
            + " ORDER BY origin, day")
    List<DayLoads> loadsSince(@Bind("clinic") String clinic, @Bind("fromDay") String fromDay);

    /** When the form was last loaded from each site, ever. */
    @SqlQuery("SELECT origin, allowed, max(last_at) AS last_at FROM embed_load WHERE clinic_slug = :clinic"
            + " GROUP BY origin, allowed")
    List<LastLoad> lastLoads(@Bind("clinic") String clinic);
}
