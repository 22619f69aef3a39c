package io.consultdesk.booking;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.db.Database;
import io.consultdesk.lead.SealedLead;
import io.consultdesk.db.RandomIds;
import io.consultdesk.mail.MailKind;
import io.consultdesk.mail.Outbox;
import io.consultdesk.ratelimit.PublicLimits;
import io.consultdesk.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Books, moves and cancels consultations. A booking is one transaction: the booking row, a seat in each
 * of its cells (the database's unique key decides who gets the last seat, never a count read before),
 * the lead moved to "Consultation scheduled", the audit entry, and its emails in the outbox. Of any
 * number of concurrent requests for one slot, exactly the location's capacity succeed.
 */
public final class BookingService {
    /** The reminder goes this long before the consultation. */
    public static final Duration REMINDER_BEFORE = Duration.ofHours(24);
    /** No reminder when the booking is made so close to it that the confirmation is still fresh. */
    static final Duration REMINDER_MIN_LEAD = Duration.ofHours(1);
    /** How many days of fresh slots a "just taken" answer offers. */
    static final int FRESH_DAYS = 7;
    private final Database db;
    private final Outbox outbox;
    private final AuditLog audit;
    private final BookingTokens tokens;
    private final BookingCapabilities capabilities;
    private final RateLimiter limiter;
    private final PublicLimits limits;
    private final Clock clock;

    /**
     * @param capabilities the tokens given with a stored request, which book and ask for a call back for it
     * @param limiter      counts the visitor's bookings, call backs and changes against {@code limits} (staff are not limited)
     */
    public BookingService(Database db, Outbox outbox, AuditLog audit, BookingTokens tokens, BookingCapabilities capabilities,
                          RateLimiter limiter, PublicLimits limits, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.audit = audit;
        this.tokens = tokens;
        this.capabilities = capabilities;
        this.limiter = limiter;
        this.limits = limits;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Where a booking comes from, and who is doing it (a visitor's address, or a signed-in person). */
    public record Source(String code, Actor actor) {
        public static Source widget(String clientIp) {
            return new Source("widget", new Actor(null, null, clientIp));
        }

        public static Source api(String clientIp) {
            return new Source("api", new Actor(null, null, clientIp));
        }

        public static Source staff(Actor actor) {
            return new Source("staff", actor);
        }

        boolean visitor() {
            return !"staff".equals(code);
        }

        /** The visitor's address, for the limits per address. */
        String address() {
            return String.valueOf(actor.clientIp());
        }
    }

    public sealed interface Outcome {
        /** Booked now, or found already booked exactly so (a retry). */
        record Booked(BookingDao.BookingRow booking, boolean replay) implements Outcome {}

        /** Every seat of that time was taken meanwhile; {@code fresh} are the times still free. */
        record Taken(List<Slot> fresh) implements Outcome {}

        /** Field → problem code: type/location unknown or not offered, start not an offered time, leadId unknown. */
        record Invalid(Map<String, String> errors) implements Outcome {}

        /** The lead already has another consultation booked: move or cancel that one. */
        record AlreadyBooked(BookingDao.BookingRow existing) implements Outcome {}

        /** The booking was changed or cancelled meanwhile (or its time has passed). */
        record Gone() implements Outcome {}

        /** The visitor's address, or the clinic, made as many bookings or changes as an hour allows; nothing changed. */
        record RateLimited(Duration retryAfter) implements Outcome {}
    }

    // Booking capabilities (finding 5 of issue 13: a request's id is not a key)

    /**
     * What a visitor's booking token opens: its request, when the token is this clinic's, has not expired and the
     * request is still open (staff did not close it), and the booking the token made, if it made one (it is then spent:
     * it books nothing else, and shows only that booking).
     */
    public record Pass(BookingDao.LeadRef lead, String hash, Optional<BookingDao.BookingRow> made) {}

    /** A booking token for a stored request of this clinic, given with the request (2 hours). */
    public String issueCapability(String clinicSlug, String leadId) {
        return capabilities.issue(clinicSlug, leadId);
    }

    public Optional<Pass> pass(Clinic clinic, String token) {
        return capabilities.open(clinic.slug(), token).flatMap(c -> db.jdbi().withExtension(BookingDao.class, d ->
                d.lead(c.leadId(), clinic.slug()).filter(BookingService::open)
                        .map(l -> new Pass(l, c.hash(), d.byCapability(c.hash())))));
    }

    /** Staff have not closed the request (New, Contacted, Consultation scheduled). */
    static boolean open(BookingDao.LeadRef lead) {
        return io.consultdesk.dashboard.LeadStatus.of(lead.status()).map(s -> s.open).orElse(false);
    }

    /**
     * Books for the request a visitor's token names: as {@link #book}, and the token is spent (recorded on the
     * booking). The same booking again with the same token is a retry (the booking, {@code replay}); anything else
     * with a spent, expired, closed or foreign token is {@code Invalid} at {@code bookingToken}. A request that has a
     * consultation already (booked by staff, or with another token) is {@code AlreadyBooked}; the caller names
     * nothing of it.
     */
    public Outcome bookWithCapability(Clinic clinic, String token, String typeId, String locationId, Instant start,
                                      Source source) {
        Optional<BookingCapabilities.Capability> capability = capabilities.open(clinic.slug(), token);
        if (capability.isEmpty()) {
            return new Outcome.Invalid(Map.of("bookingToken", token == null || token.isBlank() ? "required" : "unknown"));
        }
        return book(clinic, capability.get().leadId(), capability.get().hash(), typeId, locationId, start, source);
    }

    // Slots

    /**
     * The free slots of the clinic starting on local dates from {@code from} to {@code to} (each location in
     * its own calendar), for one type and location or all of them, soonest first.
     */
    public List<Slot> free(Clinic clinic, Optional<String> typeId, Optional<String> locationId, LocalDate from, LocalDate to) {
        BookingSettings settings = clinic.booking();
        Instant now = clock.instant();
        List<Slot> out = new ArrayList<>();
        for (BookingSettings.ConsultationType type : settings.types()) {
            if (typeId.isPresent() && !typeId.get().equals(type.id())) {
                continue;
            }
            for (Clinic.Location location : clinic.locations()) {
                if (locationId.isPresent() && !locationId.get().equals(location.id()) || !settings.offers(type, location.id())) {
                    continue;
                }
                List<Slot> offered = Slots.offered(settings, type, location.id(), location.zone(), from, to, now);
                if (offered.isEmpty()) {
                    continue;
                }
                Map<Instant, Integer> taken = taken(clinic.slug(), location.id(), offered.get(0).start(),
                        offered.get(offered.size() - 1).end().plus(Duration.ofMinutes(type.bufferMinutes())));
                out.addAll(Slots.free(offered, type.bufferMinutes(), settings.locations().get(location.id()).capacity(), taken));
            }
        }
        List<String> typeOrder = settings.types().stream().map(BookingSettings.ConsultationType::id).toList();
        List<String> locationOrder = clinic.locations().stream().map(Clinic.Location::id).toList();
        out.sort(Comparator.comparing(Slot::start).thenComparing(s -> typeOrder.indexOf(s.typeId()))
                .thenComparing(s -> locationOrder.indexOf(s.locationId())));
        return out;
    }

    /** The offered slot (bookings aside) of this type and location starting exactly then, if there is one. */
    Optional<Slot> offeredAt(Clinic clinic, BookingSettings.ConsultationType type, Clinic.Location location, Instant start) {
        Instant now = clock.instant();
        if (start.isBefore(now.minus(Duration.ofDays(1))) || start.isAfter(now.plus(Duration.ofDays(BookingSettings.MAX_HORIZON_DAYS + 2)))) {
            return Optional.empty(); // never offered (and an instant near the end of time has no local date to look at)
        }
        LocalDate day = LocalDate.ofInstant(start, location.zone());
        return Slots.offered(clinic.booking(), type, location.id(), location.zone(), day, day, now).stream()
                .filter(s -> s.start().equals(start)).findFirst();
    }

    private Map<Instant, Integer> taken(String clinic, String location, Instant from, Instant to) {
        Map<Instant, Integer> taken = new HashMap<>();
        db.jdbi().withExtension(BookingDao.class, d -> d.taken(clinic, location, from, to))
                .forEach(c -> taken.put(c.cellStart(), c.seats()));
        return taken;
    }

    // Booking

    public Outcome book(Clinic clinic, String leadId, String typeId, String locationId, Instant start, Source source) {
        return book(clinic, leadId, null, typeId, locationId, start, source);
    }

    /** With {@code capability}: the hash of the visitor's token, checked and spent in the booking's transaction. */
    private Outcome book(Clinic clinic, String leadId, String capability, String typeId, String locationId, Instant start,
                         Source source) {
        Map<String, String> errors = new LinkedHashMap<>();
        BookingSettings settings = clinic.booking();
        Optional<BookingSettings.ConsultationType> type = Optional.ofNullable(typeId).flatMap(settings::type);
        Optional<Clinic.Location> location = Optional.ofNullable(locationId).flatMap(clinic::location);
        if (leadId == null || leadId.isBlank()) {
            errors.put("leadId", "required");
        } else if (leadId.length() > 64) {
            errors.put("leadId", "unknown"); // no request has such an id
        }
        if (type.isEmpty()) {
            errors.put("type", typeId == null || typeId.isBlank() ? "required" : "unknown");
        }
        if (location.isEmpty()) {
            errors.put("location", locationId == null || locationId.isBlank() ? "required" : "unknown");
        } else if (type.isPresent() && !settings.offers(type.get(), location.get().id())) {
            errors.put("location", "notOffered");
        }
        if (start == null) {
            errors.put("start", "required");
        }
        if (!errors.isEmpty()) {
            return new Outcome.Invalid(errors);
        }
        Optional<Slot> slot = offeredAt(clinic, type.get(), location.get(), start);
        if (slot.isEmpty()) {
            return new Outcome.Invalid(Map.of("start", "notOffered"));
        }
        BookingSettings.ConsultationType t = type.get();
        Instant now = clock.instant();
        int capacity = settings.locations().get(location.get().id()).capacity();
        try {
            Outcome outcome = db.write(h -> {
                BookingDao dao = h.attach(BookingDao.class);
                Optional<BookingDao.LeadRef> lead = lead(dao, leadId, clinic.slug());
                if (lead.isEmpty() || capability != null && !open(lead.get())) {
                    return new Outcome.Invalid(Map.of(capability == null ? "leadId" : "bookingToken", "unknown"));
                }
                if (capability != null) {
                    Optional<BookingDao.BookingRow> made = dao.byCapability(capability);
                    if (made.isPresent()) { // spent: only a retry of its own booking, while that is still booked
                        BookingDao.BookingRow a = made.get();
                        return a.booked() && same(a, t, location.get(), start) ? new Outcome.Booked(a, true)
                                : new Outcome.Invalid(Map.of("bookingToken", "unknown"));
                    }
                }
                Optional<BookingDao.BookingRow> active = dao.activeForLead(leadId);
                if (active.isPresent()) {
                    BookingDao.BookingRow a = active.get();
                    return capability == null && same(a, t, location.get(), start) ? new Outcome.Booked(a, true)
                            : new Outcome.AlreadyBooked(a);
                }
                if (source.visitor()) {
                    limiter.hit(h, "booking:address:" + source.address(), limits.bookingsPerAddress());
                    limiter.hit(h, "booking:clinic:" + clinic.slug(), limits.bookingsPerClinic());
                }
                String prior = List.of("new", "contacted").contains(lead.get().status()) ? lead.get().status() : null;
                BookingDao.BookingRow row = new BookingDao.BookingRow(RandomIds.next(), clinic.slug(), leadId, t.id(),
                        location.get().id(), slot.get().start(), slot.get().end(), t.bufferMinutes(),
                        location.get().timeZone(), "booked", 0, source.code(), prior, now, now, null, null);
                dao.insert(row);
                if (capability != null) {
                    dao.setCapability(row.id(), capability);
                }
                takeSeats(dao, row, capacity);
                audit.record(h, source.actor(), "booking.created", clinic.slug(), leadId,
                        describe(row) + (source.visitor() ? " · by the visitor" : ""));
                if (prior != null && dao.markScheduled(leadId, now) == 1) {
                    audit.record(h, source.actor(), "lead.statusChanged", clinic.slug(), leadId, prior + " → scheduled");
                }
                enqueue(h, clinic, row, lead.get().email(), now);
                return new Outcome.Booked(row, false);
            });
            if (outcome instanceof Outcome.Booked b && !b.replay()) {
                outbox.signal();
            }
            return outcome;
        } catch (SeatTaken e) {
            return new Outcome.Taken(fresh(clinic, t, location.get(), start));
        } catch (RateLimiter.Limited e) {
            return new Outcome.RateLimited(e.retryAfter());
        }
    }

    private static boolean same(BookingDao.BookingRow a, BookingSettings.ConsultationType t, Clinic.Location location,
                                Instant start) {
        return a.typeId().equals(t.id()) && a.locationId().equals(location.id()) && a.startsAt().equals(start);
    }

    /** Moves a booking to another time of the same type and location; the old seats are kept if the new ones are taken. */
    public Outcome reschedule(Clinic clinic, BookingDao.BookingRow b, Instant newStart, Source source) {
        Optional<BookingSettings.ConsultationType> type = clinic.booking().type(b.typeId());
        Optional<Clinic.Location> location = clinic.location(b.locationId());
        if (type.isEmpty() || location.isEmpty() || !clinic.booking().offers(type.get(), location.get().id())) {
            return new Outcome.Invalid(Map.of("type", "notOffered"));
        }
        if (newStart == null) {
            return new Outcome.Invalid(Map.of("start", "required"));
        }
        Optional<Slot> slot = offeredAt(clinic, type.get(), location.get(), newStart);
        if (slot.isEmpty()) {
            return new Outcome.Invalid(Map.of("start", "notOffered"));
        }
        if (newStart.equals(b.startsAt())) {
            return b.booked() ? new Outcome.Booked(b, true) : new Outcome.Gone();
        }
        Instant now = clock.instant();
        int capacity = clinic.booking().locations().get(location.get().id()).capacity();
        try {
            Outcome outcome = db.write(h -> {
                BookingDao dao = h.attach(BookingDao.class);
                if (!b.startsAt().isAfter(now) || dao.move(b.id(), b.sequence(), slot.get().start(), slot.get().end(), now) == 0) {
                    return new Outcome.Gone();
                }
                if (source.visitor()) {
                    limiter.hit(h, "change:address:" + source.address(), limits.changesPerAddress());
                    limiter.hit(h, "move:clinic:" + clinic.slug(), limits.movesPerClinic());
                }
                BookingDao.BookingRow moved = dao.find(b.id()).orElseThrow();
                dao.releaseSeats(b.id());
                takeSeats(dao, moved, capacity);
                audit.record(h, source.actor(), "booking.rescheduled", clinic.slug(), b.leadId(),
                        describe(b) + " → " + Slot.iso(moved.slot().localStart()) + (source.visitor() ? " · by the visitor" : ""));
                String email = lead(dao, b.leadId(), clinic.slug()).map(BookingDao.LeadRef::email).orElseThrow();
                enqueue(h, clinic, moved, email, now);
                return new Outcome.Booked(moved, false);
            });
            if (outcome instanceof Outcome.Booked) {
                outbox.signal();
            }
            return outcome;
        } catch (SeatTaken e) {
            return new Outcome.Taken(fresh(clinic, type.get(), location.get(), newStart));
        } catch (RateLimiter.Limited e) {
            return new Outcome.RateLimited(e.retryAfter());
        }
    }

    /**
     * Cancels a booking: its seats are freed and the visitor and clinic told. Empty when it was no longer booked.
     * A visitor's cancellation counts against their address's changes (never against the clinic's: it frees a seat);
     * over the limit {@link RateLimiter.Limited} is thrown and nothing changed.
     */
    public Optional<BookingDao.BookingRow> cancel(Clinic clinic, BookingDao.BookingRow b, Source source) {
        Instant now = clock.instant();
        Optional<BookingDao.BookingRow> cancelled = db.write(h -> {
            BookingDao dao = h.attach(BookingDao.class);
            if (dao.cancel(b.id(), b.sequence(), source.visitor() ? "visitor" : "staff", now) == 0) {
                return Optional.<BookingDao.BookingRow>empty();
            }
            if (source.visitor()) {
                limiter.hit(h, "change:address:" + source.address(), limits.changesPerAddress());
            }
            dao.releaseSeats(b.id());
            BookingDao.BookingRow row = dao.find(b.id()).orElseThrow();
            audit.record(h, source.actor(), "booking.cancelled", clinic.slug(), b.leadId(),
                    describe(b) + (source.visitor() ? " · by the visitor" : ""));
            if (b.priorStatus() != null && dao.restoreStatus(b.leadId(), b.priorStatus(), now) == 1) {
                audit.record(h, source.actor(), "lead.statusChanged", clinic.slug(), b.leadId(), "scheduled → " + b.priorStatus());
            }
            String email = lead(dao, b.leadId(), clinic.slug()).map(BookingDao.LeadRef::email).orElseThrow();
            outbox.enqueueAboutBooking(h, clinic.slug(), b.leadId(), MailKind.BOOKING_VISITOR, email, b.id(), row.sequence(), null, null);
            for (String recipient : clinic.recipients().requests()) {
                outbox.enqueueAboutBooking(h, clinic.slug(), b.leadId(), MailKind.BOOKING_CLINIC, recipient, b.id(),
                        row.sequence(), null, null);
            }
            return Optional.of(row);
        });
        cancelled.ifPresent(x -> outbox.signal());
        return cancelled;
    }

    /**
     * The visitor's window for a call back, when no slot suited or booking is off; {@code days} are
     * weekday codes (mon … sat), {@code time} a best-time code. False when the lead is not this clinic's. A visitor's
     * counts against the limits of call backs; over them {@link RateLimiter.Limited} is thrown and nothing changed.
     */
    public boolean requestCallBack(Clinic clinic, String leadId, List<String> days, String time, Source source) {
        String json = callbackJson(days, time);
        return db.write(h -> {
            if (h.attach(BookingDao.class).setCallbackWindow(leadId, clinic.slug(), json) == 0) {
                return false;
            }
            if (source.visitor()) {
                limiter.hit(h, "callback:address:" + source.address(), limits.callBacksPerAddress());
                limiter.hit(h, "callback:clinic:" + clinic.slug(), limits.callBacksPerClinic());
            }
            audit.record(h, source.actor(), "lead.callbackRequested", clinic.slug(), leadId,
                    (days.isEmpty() ? "any day" : String.join(" ", days)) + " · " + time);
            return true;
        });
    }

    static String callbackJson(List<String> days, String time) {
        StringBuilder json = new StringBuilder("{\"days\":[");
        for (int i = 0; i < days.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(days.get(i)).append('"');
        }
        return json.append("],\"time\":\"").append(time).append("\"}").toString();
    }

    // Looking bookings up

    /** The lead a visitor's page names, when it is this clinic's (its status, its browser's time zone, where its emails go). */
    public Optional<BookingDao.LeadRef> lead(Clinic clinic, String leadId) {
        if (leadId == null || leadId.isBlank() || leadId.length() > 64) {
            return Optional.empty();
        }
        return db.jdbi().withExtension(BookingDao.class, d -> lead(d, leadId, clinic.slug()));
    }

    /** The lead with its email opened (it is stored sealed with the data key). */
    private Optional<BookingDao.LeadRef> lead(BookingDao dao, String leadId, String clinic) {
        return dao.lead(leadId, clinic).map(l -> new BookingDao.LeadRef(l.id(), l.clinicSlug(), l.status(),
                SealedLead.open(db.opened(), l.id(), "email", l.email()), l.timeZone()));
    }

    public Optional<BookingDao.BookingRow> find(String id) {
        return id == null ? Optional.empty() : db.jdbi().withExtension(BookingDao.class, d -> d.find(id));
    }

    public Optional<BookingDao.BookingRow> activeForLead(String leadId) {
        return db.jdbi().withExtension(BookingDao.class, d -> d.activeForLead(leadId));
    }

    public List<BookingDao.BookingRow> forLead(String leadId) {
        return db.jdbi().withExtension(BookingDao.class, d -> d.forLead(leadId));
    }

    /** Booked consultations of these clinics starting in [from, to), optionally at one location. */
    public List<BookingDao.Scheduled> scheduled(List<String> clinics, Optional<String> location, Instant from, Instant to) {
        if (clinics.isEmpty()) {
            return List.of();
        }
        return db.jdbi().withExtension(BookingDao.class, d -> d.scheduled(clinics, location.orElse(null), from, to)).stream()
                .map(b -> new BookingDao.Scheduled(b.id(), b.leadId(), b.clinicSlug(), b.typeId(), b.locationId(), b.startsAt(),
                        b.endsAt(), b.status(), b.source(), SealedLead.open(db.opened(), b.leadId(), "name", b.name()),
                        SealedLead.open(db.opened(), b.leadId(), "phone", b.phone()),
                        SealedLead.open(db.opened(), b.leadId(), "email", b.email())))
                .toList();
    }

    /** The visitor's link token for the booking as it is now. */
    public String manageToken(BookingDao.BookingRow b) {
        return tokens.issue(b.id(), b.sequence());
    }

    /**
     * The booking a visitor's link is for, while the link still works: the booking unchanged since the
     * link was sent, still booked, and its time not yet come.
     */
    public Optional<BookingDao.BookingRow> byToken(String token) {
        Instant now = clock.instant();
        return BookingTokens.bookingId(token).flatMap(this::find)
                .filter(b -> tokens.matches(token, b.id(), b.sequence()))
                .filter(BookingDao.BookingRow::booked)
                .filter(b -> b.startsAt().isAfter(now));
    }

    // Inside the transaction

    /** Thrown inside a booking's transaction when a cell has no free seat: the whole booking rolls back. */
    static final class SeatTaken extends RuntimeException {
        SeatTaken() {
            super(null, null, false, false);
        }
    }

    /** A seat in every cell, or {@link SeatTaken}: the unique key, not a count read before, says which seats are free. */
    private static void takeSeats(BookingDao dao, BookingDao.BookingRow b, int capacity) {
        for (Instant cell : Slots.cells(b.slot(), b.bufferMinutes())) {
            boolean seated = false;
            for (int seat = 1; seat <= capacity && !seated; seat++) {
                seated = dao.takeSeat(b.clinicSlug(), b.locationId(), cell, seat, b.id()) == 1;
            }
            if (!seated) {
                throw new SeatTaken();
            }
        }
    }

    /** The visitor's and the clinic's emails about the booking as it is now, and the reminder a day before. */
    private void enqueue(Handle h, Clinic clinic, BookingDao.BookingRow b, String visitorEmail, Instant now) {
        outbox.enqueueAboutBooking(h, clinic.slug(), b.leadId(), MailKind.BOOKING_VISITOR, visitorEmail, b.id(), b.sequence(),
                null, null);
        for (String recipient : clinic.recipients().requests()) {
            outbox.enqueueAboutBooking(h, clinic.slug(), b.leadId(), MailKind.BOOKING_CLINIC, recipient, b.id(), b.sequence(),
                    null, null);
        }
        Instant remindAt = b.startsAt().minus(REMINDER_BEFORE);
        if (remindAt.isAfter(now.plus(REMINDER_MIN_LEAD))) {
            outbox.enqueueAboutBooking(h, clinic.slug(), b.leadId(), MailKind.BOOKING_REMINDER, visitorEmail, b.id(),
                    b.sequence(), remindAt, b.startsAt());
        }
    }

    private List<Slot> fresh(Clinic clinic, BookingSettings.ConsultationType type, Clinic.Location location, Instant near) {
        ZoneId zone = location.zone();
        LocalDate from = LocalDate.ofInstant(near, zone);
        return free(clinic, Optional.of(type.id()), Optional.of(location.id()), from, from.plusDays(FRESH_DAYS));
    }

    private static String describe(BookingDao.BookingRow b) {
        return b.typeId() + " · " + b.locationId() + " · " + Slot.iso(b.slot().localStart());
    }
}
