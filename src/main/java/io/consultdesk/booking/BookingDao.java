package io.consultdesk.booking;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of booking: bookings, the seats they hold, and the lead status a booking moves. */
@RegisterConstructorMapper(BookingDao.BookingRow.class)
@RegisterConstructorMapper(BookingDao.SeatCount.class)
@RegisterConstructorMapper(BookingDao.LeadRef.class)
@RegisterConstructorMapper(BookingDao.Scheduled.class)
public interface BookingDao {

    /** A booked (or cancelled) consultation. */
    record BookingRow(String id, String clinicSlug, String leadId, String typeId, String locationId, Instant startsAt,
                      Instant endsAt, int bufferMinutes, String timeZone, String status, int sequence, String source,
                      String priorStatus, Instant createdAt, Instant updatedAt, Instant cancelledAt, String cancelledBy) {
        public boolean booked() {
            return "booked".equals(status);
        }

        public Slot slot() {
            return new Slot(typeId, locationId, startsAt, endsAt, ZoneId.of(timeZone));
        }
    }

    record SeatCount(Instant cellStart, int seats) {}

    /** What booking needs of a lead: its clinic, status, and where its emails go (sealed as stored, see BookingService). */
    record LeadRef(String id, String clinicSlug, String status, String email, String timeZone) {}

    /** A booking with its lead's name and phone, for the staff's list of upcoming consultations (sealed as stored). */
    record Scheduled(String id, String leadId, String clinicSlug, String typeId, String locationId, Instant startsAt,
                     Instant endsAt, String status, String source, String name, String phone, String email) {}

    String COLUMNS = "id, clinic_slug, lead_id, type_id, location_id, starts_at, ends_at, buffer_minutes, time_zone, status,"
            + " sequence, source, prior_status, created_at, updated_at, cancelled_at, cancelled_by";

    @SqlUpdate("INSERT INTO booking (" + COLUMNS + ") VALUES (:id, :clinicSlug, :leadId, :typeId, :locationId, :startsAt,"
            + " :endsAt, :bufferMinutes, :timeZone, :status, :sequence, :source, :priorStatus, :createdAt, :updatedAt,"
            + " :cancelledAt, :cancelledBy)")
    void insert(@BindMethods BookingRow row);

    /**
     * Takes one seat of one cell for a booking; 0 when that seat is taken. The primary key decides, so two
     * transactions can never both take it, whatever they read before.
     */
    @SqlUpdate("INSERT INTO booking_seat (clinic_slug, location_id, cell_start, seat, booking_id)"
            + " VALUES (:clinic, :location, :cell, :seat, :booking) ON CONFLICT DO NOTHING")
    int takeSeat(@Bind("clinic") String clinic, @Bind("location") String location, @Bind("cell") Instant cell,
                 @Bind("seat") int seat, @Bind("booking") String bookingId);

    @SqlUpdate("DELETE FROM booking_seat WHERE booking_id = :id")
    int releaseSeats(@Bind("id") String bookingId);

    @SqlQuery("SELECT cell_start, count(*) AS seats FROM booking_seat WHERE clinic_slug = :clinic AND location_id = :location"
            + " AND cell_start >= :from AND cell_start < :to GROUP BY cell_start")
    List<SeatCount> taken(@Bind("clinic") String clinic, @Bind("location") String location, @Bind("from") Instant from,
                          @Bind("to") Instant to);

    @SqlQuery("SELECT " + COLUMNS + " FROM booking WHERE id = :id")
    Optional<BookingRow> find(@Bind("id") String id);

    /** The booking a visitor's booking token made (booked or not since), by the token's SHA-256. */
    @SqlQuery("SELECT " + COLUMNS + " FROM booking WHERE capability_hash = :hash")
    Optional<BookingRow> byCapability(@Bind("hash") String capabilityHash);

    /** Spends a booking token on the booking it made; the unique index refuses a second booking with it. */
    @SqlUpdate("UPDATE booking SET capability_hash = :hash WHERE id = :id")
    int setCapability(@Bind("id") String bookingId, @Bind("hash") String capabilityHash);

    @SqlQuery("SELECT " + COLUMNS + " FROM booking WHERE lead_id = :lead AND status = 'booked'")
    Optional<BookingRow> activeForLead(@Bind("lead") String leadId);

    @SqlQuery("SELECT " + COLUMNS + " FROM booking WHERE lead_id = :lead ORDER BY created_at, id")
    List<BookingRow> forLead(@Bind("lead") String leadId);

    @SqlQuery("SELECT id, clinic_slug, status, email, time_zone FROM lead WHERE id = :id AND clinic_slug = :clinic")
    Optional<LeadRef> lead(@Bind("id") String leadId, @Bind("clinic") String clinic);

    /** The time zone the visitor's browser gave with the request, if any. */
    @SqlQuery("SELECT time_zone FROM lead WHERE id = :id AND time_zone IS NOT NULL")
    Optional<String> leadTimeZone(@Bind("id") String leadId);

    /** Moves a booking, if it is still booked and unchanged since it was read; 0 otherwise. */
    @SqlUpdate("UPDATE booking SET starts_at = :start, ends_at = :end, sequence = sequence + 1, updated_at = :now"
            + " WHERE id = :id AND status = 'booked' AND sequence = :sequence")
    int move(@Bind("id") String id, @Bind("sequence") int sequence, @Bind("start") Instant start, @Bind("end") Instant end,
             @Bind("now") Instant now);

    /** Cancels a booking, if it is still booked and unchanged since it was read; 0 otherwise. */
    @SqlUpdate("UPDATE booking SET status = 'cancelled', sequence = sequence + 1, cancelled_at = :now, cancelled_by = :by,"
            + " updated_at = :now WHERE id = :id AND status = 'booked' AND sequence = :sequence")
    int cancel(@Bind("id") String id, @Bind("sequence") int sequence, @Bind("by") String by, @Bind("now") Instant now);

    /** A booking moves a new or contacted lead to "Consultation scheduled" (stage 2 of the funnel). */
    @SqlUpdate("UPDATE lead SET status = 'scheduled', status_changed_at = :now,"
            + " furthest_stage = CASE WHEN furthest_stage < 2 THEN 2 ELSE furthest_stage END"
            + " WHERE id = :id AND status IN ('new', 'contacted')")
    int markScheduled(@Bind("id") String leadId, @Bind("now") Instant now);

    /** A cancellation puts a lead that is still "Consultation scheduled" back where the booking found it. */
    @SqlUpdate("UPDATE lead SET status = :prior, status_changed_at = :now WHERE id = :id AND status = 'scheduled'")
    int restoreStatus(@Bind("id") String leadId, @Bind("prior") String prior, @Bind("now") Instant now);

    @SqlUpdate("UPDATE lead SET callback_window = :window WHERE id = :id AND clinic_slug = :clinic")
    int setCallbackWindow(@Bind("id") String leadId, @Bind("clinic") String clinic, @Bind("window") String windowJson);

    /** Booked consultations of these clinics starting in [from, to), soonest first. */
    @SqlQuery("SELECT b.id, b.lead_id, b.clinic_slug, b.type_id, b.location_id, b.starts_at, b.ends_at, b.status, b.source,"
            + " l.name, l.phone, l.email FROM booking b JOIN lead l ON l.id = b.lead_id"
            + " WHERE b.clinic_slug IN (<clinics>) AND b.status = 'booked' AND b.starts_at >= :from AND b.starts_at < :to"
            + " AND (:location IS NULL OR b.location_id = :location) ORDER BY b.starts_at, b.location_id, b.id")
    List<Scheduled> scheduled(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics,
                              @Bind("location") String location, @Bind("from") Instant from, @Bind("to") Instant to);
}
