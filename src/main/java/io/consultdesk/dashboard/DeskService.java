package io.consultdesk.dashboard;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditDao;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.booking.BookingDao;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.db.Database;
import io.consultdesk.db.RandomIds;
import io.consultdesk.lead.SealedAnswers;
import io.consultdesk.lead.SealedLead;
import io.consultdesk.mail.MailKind;
import io.consultdesk.mail.OutboxDao;
import io.consultdesk.mail.Outbox;
import io.consultdesk.staff.StaffService;
import io.consultdesk.staff.StaffUser;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What staff do with leads: the inbox, a lead's page, the pipeline, notes, acknowledgement, export and
 * the overview. Every method takes the signed-in person and sees only their clinics; every view, export
 * and change is written to the audit log, changes in the same transaction as the change itself.
 */
public final class DeskService {
    public static final int PAGE_SIZE = 50;
    public static final int EXPORT_LIMIT = 10_000;
    public static final int NOTE_MAX = 5_000;
    public static final int OVERVIEW_WEEKS = 12;
    private final Database db;
    private final ClinicService clinics;
    private final StaffService staff;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;

    public DeskService(Database db, ClinicService clinics, StaffService staff, AuditLog audit, Outbox outbox, Clock clock) {
        this.db = db;
        this.clinics = clinics;
        this.staff = staff;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The result of a change asked for by a person. */
    public enum Change { DONE, UNCHANGED, NOT_FOUND, INVALID,
        /** An urgent request nobody acknowledged cannot leave the open pipeline: acknowledge it first. */
        NEEDS_ACKNOWLEDGEMENT }

    public List<Clinic> visibleClinics(StaffUser user) {
        return user.visibleClinics(clinics.slugs()).stream().map(clinics::find).flatMap(Optional::stream).toList();
    }

    /** The zone dates are shown and filtered in: the chosen (or first visible) clinic's first location. */
    public ZoneId zone(List<Clinic> visible, Optional<String> clinic) {
        return visible.stream().filter(c -> clinic.isEmpty() || c.slug().equals(clinic.get())).findFirst()
                .flatMap(c -> c.locations().stream().findFirst())
                .map(l -> ZoneId.of(l.timeZone())).orElse(ZoneOffset.UTC);
    }

    /** Urgent requests of this person's clinics that nobody has acknowledged yet (shown in the navigation). */
    public long urgentWaiting(StaffUser user) {
        List<String> slugs = slugs(visibleClinics(user));
        return slugs.isEmpty() ? 0 : waiting(db.jdbi().withExtension(DeskDao.class, d -> d.triages(slugs)));
    }

    private long waiting(List<DeskDao.Candidate> all) {
        return all.stream().filter(c -> OpenLeads.triage(db.opened(), c.id(), c.triage()).waiting()).count();
    }

    public record Inbox(List<DeskDao.ListRow> rows, Map<String, Long> counts, long total, int page, boolean more,
                        long urgentWaiting, List<Clinic> clinics, ZoneId zone) {}

    /**
     * The inbox. What SQL can see (clinic, place, interest, dates, search tokens) is filtered there; urgency,
     * priority and flags are sealed, so the requests that pass are opened, filtered and sorted here, and only
     * the page shown is read in full.
     */
    public Inbox inbox(StaffUser user, InboxFilter filter, Actor actor) {
        List<Clinic> visible = visibleClinics(user);
        List<String> slugs = slugs(visible);
        ZoneId zone = zone(visible, filter.clinic());
        if (slugs.isEmpty()) {
            return new Inbox(List.of(), Map.of(), 0, 1, false, 0, visible, zone);
        }
        List<String> tokens = tokens(filter);
        Inbox inbox = db.jdbi().withExtension(DeskDao.class, d -> {
            List<OpenLeads.Sorted> passing = search(d, slugs, filter, zone, tokens);
            Map<String, Long> counts = new LinkedHashMap<>();
            LeadStatus.allCodes().forEach(s -> counts.put(s, 0L));
            passing.forEach(p -> counts.merge(p.candidate().status(), 1L, Long::sum));
            List<String> statuses = filter.statuses();
            List<OpenLeads.Sorted> shown = passing.stream().filter(p -> statuses.contains(p.candidate().status()))
                    .sorted(OpenLeads.ORDER).toList();
            int from = Math.min(shown.size(), (filter.page() - 1) * PAGE_SIZE);
            int to = Math.min(shown.size(), from + PAGE_SIZE);
            List<DeskDao.ListRow> rows = rows(d, shown.subList(from, to));
            return new Inbox(rows, counts, shown.size(), filter.page(), shown.size() > to,
                    waiting(d.triages(slugs)), visible, zone);
        });
        audit.record(actor, "leads.listed", filter.clinic().orElse(null), null,
                filter.describe() + " · " + inbox.rows().size() + " shown");
        return inbox;
    }

    /** The requests the filter lets through, in any status, each with its triage opened (unsorted). */
    private List<OpenLeads.Sorted> search(DeskDao d, List<String> slugs, InboxFilter filter, ZoneId zone, List<String> tokens) {
        if (filter.query().isPresent() && tokens.isEmpty()) {
            return List.of(); // nothing searchable in the words given: no request matches
        }
        String flag = filter.flag().orElse(null);
        return d.candidates(slugs, where(filter, zone, tokens.size()), tokens).stream()
                .map(c -> new OpenLeads.Sorted(c, OpenLeads.triage(db.opened(), c.id(), c.triage())))
                .filter(p -> OpenLeads.flagged(p.triage(), flag))
                .toList();
    }

    /** The rows of these requests, opened, in the same order. */
    private List<DeskDao.ListRow> rows(DeskDao d, List<OpenLeads.Sorted> page) {
        List<String> ids = page.stream().map(p -> p.candidate().id()).toList();
        Map<String, DeskDao.StoredRow> byId = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i += 500) {
            d.rows(ids.subList(i, Math.min(ids.size(), i + 500))).forEach(r -> byId.put(r.id(), r));
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull)
                .map(r -> OpenLeads.row(db.opened(), r)).toList();
    }

    /** How long a saved search's id keeps working in the inbox's URL. */
    static final java.time.Duration SEARCH_LIFETIME = java.time.Duration.ofDays(1);

    /**
     * Keeps a search's text for this person and returns the id the inbox's URL carries instead of the text
     * (which is often a patient's name: it stays out of browser history, proxy logs and shared links).
     */
    public String saveSearch(StaffUser user, String text) {
        String id = RandomIds.next();
        Instant now = clock.instant();
        db.write(h -> {
            DeskDao d = h.attach(DeskDao.class);
            d.purgeSearches(now.minus(SEARCH_LIFETIME));
            d.insertSearch(id, user.id(), db.sealer().seal(text, searchContext(id)), now);
            return null;
        });
        return id;
    }

    /** The text of this person's saved search; empty for another person's, an expired or an unknown one. */
    public Optional<String> savedSearch(StaffUser user, String id) {
        return db.jdbi().withExtension(DeskDao.class, d -> d.search(id, user.id(), clock.instant().minus(SEARCH_LIFETIME)))
                .map(sealed -> db.sealer().open(sealed, searchContext(id)));
    }

    private static String searchContext(String id) {
        return "staff_search:" + id;
    }

    private List<String> tokens(InboxFilter filter) {
        return filter.query().map(q -> db.lookup().query(q)).orElse(List.of());
    }

    /**
     * Everything about one lead, for its page.
     *
     * @param bookings the lead's consultations, booked or cancelled, oldest first
     */
    public record LeadDetail(DeskDao.LeadRecord lead, Clinic clinic, SealedAnswers answers, List<DeskDao.ConsentRow> consents,
                             List<Note> notes, List<Event> timeline, List<StaffUser> assignable, ZoneId zone,
                             List<BookingDao.BookingRow> bookings) {}

    /** A lead this person may see, with its clinic. */
    public record VisibleLead(DeskDao.LeadRecord lead, Clinic clinic) {}

    public record Note(String author, Instant at, String text) {}

    /**
     * One line of a lead's timeline.
     *
     * @param kind         a message key suffix: created, email.queued/scheduled/sent/failed, or an audit action
     * @param scheduledFor an email's time to be sent (a reminder), or null
     * @param notSent      for an email that will not go out: {@code superseded} (the consultation changed since and
     *                     the sender skipped it) or {@code outdated} (the same, found before the sender got to it)
     */
    public record Event(Instant at, String kind, String who, String detail, Instant scheduledFor, String notSent) {
        public Event(Instant at, String kind, String who, String detail) {
            this(at, kind, who, detail, null, null);
        }
    }

    public Optional<LeadDetail> lead(StaffUser user, String id, Actor actor) {
        List<Clinic> visible = visibleClinics(user);
        if (id == null || id.length() > 64 || visible.isEmpty()) {
            return Optional.empty();
        }
        Optional<DeskDao.LeadRecord> found = find(id, slugs(visible));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DeskDao.LeadRecord lead = found.get();
        Clinic clinic = visible.stream().filter(c -> c.slug().equals(lead.clinicSlug())).findFirst().orElseThrow();
        audit.record(actor, "lead.viewed", lead.clinicSlug(), lead.id(), null);
        SealedAnswers answers = SealedAnswers.open(db.sealer(), lead.id(), lead.sealed());
        List<DeskDao.ConsentRow> consents = db.jdbi().withExtension(DeskDao.class, d -> d.consents(id)).stream()
                .map(c -> new DeskDao.ConsentRow(c.kind(), c.textVersion(), c.text(), c.givenAt(), c.clientIp(),
                        db.sealer().open(c.phone(), io.consultdesk.db.SealContexts.consentPhone(id, c.kind()))))
                .toList();
        List<Note> notes = db.jdbi().withExtension(DeskDao.class, d -> d.notes(id)).stream()
                .map(n -> new Note(n.authorEmail(), n.createdAt(), db.sealer().open(n.body(), noteContext(id, n.id()))))
                .toList();
        ZoneId zone = clinic.location(Optional.ofNullable(lead.locationId()).orElse(""))
                .or(() -> clinic.locations().stream().findFirst())
                .map(l -> ZoneId.of(l.timeZone())).orElse(ZoneOffset.UTC);
        List<BookingDao.BookingRow> bookings = db.jdbi().withExtension(BookingDao.class, d -> d.forLead(id));
        return Optional.of(new LeadDetail(lead, clinic, answers, consents, notes, timeline(lead, bookings, clinic.dashboard().acknowledgeMinutes()),
                staff.workingFor(lead.clinicSlug()), zone, bookings));
    }

    /**
     * The lead with this id and its clinic, when this person may see it; empty otherwise, whatever the id (as
     * for {@link #lead}). Nothing is audited here: the caller records what it shows or changes.
     */
    public Optional<VisibleLead> visibleLead(StaffUser user, String id) {
        List<Clinic> visible = visibleClinics(user);
        if (id == null || id.length() > 64 || visible.isEmpty()) {
            return Optional.empty();
        }
        return find(id, slugs(visible))
                .map(l -> new VisibleLead(l, visible.stream().filter(c -> c.slug().equals(l.clinicSlug())).findFirst()
                        .orElseThrow()));
    }

    /** The request with this id among these clinics, opened. */
    private Optional<DeskDao.LeadRecord> find(String id, List<String> clinics) {
        return db.jdbi().withExtension(DeskDao.class, d -> d.find(id, clinics)
                .map(l -> OpenLeads.lead(db.opened(), l, by -> d.staffEmail(by).orElse(null))));
    }

    private static Optional<DeskDao.LeadRecord> find(DeskDao d, io.consultdesk.db.OpenedCache cache, String id,
                                                     List<String> clinics) {
        return d.find(id, clinics).map(l -> OpenLeads.lead(cache, l, by -> d.staffEmail(by).orElse(null)));
    }

    /**
     * What happened, oldest first; at the same instant a change comes before the emails it queued. An email
     * about a booking that changed again before it went out says it will not be sent (the sender skips it).
     */
    private List<Event> timeline(DeskDao.LeadRecord lead, List<BookingDao.BookingRow> bookings, int acknowledgeMinutes) {
        List<Event> events = new ArrayList<>();
        events.add(new Event(lead.createdAt(), "created", null, lead.source()));
        for (AuditDao.Entry e : audit.changesTo(lead.id())) {
            events.add(new Event(e.at(), e.action(), e.actorEmail(), e.detail()));
        }
        // A held alert, acknowledgement and escalation are kept in the sealed triage (their audit rows do not name the request)
        if (lead.alertHeld()) {
            events.add(new Event(lead.createdAt(), "alertHeld", null, null));
        }
        if (lead.escalatedAt() != null) {
            events.add(new Event(lead.escalatedAt(), "lead.escalated", null, "not acknowledged within " + acknowledgeMinutes + " min"));
        }
        if (lead.acknowledgedAt() != null) {
            events.add(new Event(lead.acknowledgedAt(), "lead.acknowledged", lead.acknowledgedEmail(),
                    java.time.Duration.between(lead.createdAt(), lead.acknowledgedAt()).toMinutes() + " min after the request"));
        }
        Map<String, BookingDao.BookingRow> byId = new LinkedHashMap<>();
        bookings.forEach(b -> byId.put(b.id(), b));
        for (OutboxDao.Message m : outbox.forLead(lead.id())) {
            String notSent = "superseded".equals(m.status()) ? "superseded" : outdated(m, byId) ? "outdated" : null;
            events.add(new Event(m.createdAt(), m.scheduledFor() == null ? "email.queued" : "email.scheduled", null, m.kind(),
                    m.scheduledFor(), notSent));
            if (m.sentAt() != null) {
                events.add(new Event(m.sentAt(), "email.sent", null, m.kind()));
            }
            if (m.failedAt() != null) {
                events.add(new Event(m.failedAt(), "email.failed", null, m.kind()));
            }
        }
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    /** An email about a booking, still to be sent, that the sender will skip: the booking changed since it was written. */
    private static boolean outdated(OutboxDao.Message m, Map<String, BookingDao.BookingRow> bookings) {
        if (m.bookingId() == null || !("pending".equals(m.status()) || "sending".equals(m.status()))) {
            return false;
        }
        BookingDao.BookingRow b = bookings.get(m.bookingId());
        return b == null || m.bookingSequence() == null || b.sequence() != m.bookingSequence()
                || MailKind.BOOKING_REMINDER.code.equals(m.kind()) && !b.booked();
    }

    public Change changeStatus(StaffUser user, String id, String statusCode, Actor actor) {
        Optional<LeadStatus> status = LeadStatus.of(statusCode == null ? "" : statusCode);
        if (status.isEmpty()) {
            return Change.INVALID;
        }
        List<String> visible = slugs(visibleClinics(user));
        return db.write(h -> {
            DeskDao d = h.attach(DeskDao.class);
            Optional<DeskDao.LeadRecord> lead = find(d, db.opened(), id, visible);
            if (lead.isEmpty()) {
                return Change.NOT_FOUND;
            }
            if (lead.get().status().equals(status.get().code)) {
                return Change.UNCHANGED;
            }
            if (!status.get().open && lead.get().urgent() && lead.get().acknowledgedAt() == null) {
                return Change.NEEDS_ACKNOWLEDGEMENT;
            }
            d.setStatus(id, status.get().code, status.get().stage, clock.instant());
            audit.record(h, actor, "lead.statusChanged", lead.get().clinicSlug(), id,
                    lead.get().status() + " → " + status.get().code);
            return Change.DONE;
        });
    }

    /** Assigns the lead to someone who works for its clinic, or to nobody ({@code userId} empty). */
    public Change assign(StaffUser user, String id, String userId, Actor actor) {
        List<String> visible = slugs(visibleClinics(user));
        return db.write(h -> {
            DeskDao d = h.attach(DeskDao.class);
            Optional<DeskDao.LeadRecord> lead = find(d, db.opened(), id, visible);
            if (lead.isEmpty()) {
                return Change.NOT_FOUND;
            }
            String target = userId == null || userId.isBlank() ? null : userId;
            Optional<StaffUser> assignee = Optional.empty();
            if (target != null) {
                assignee = staff.workingFor(lead.get().clinicSlug()).stream().filter(u -> u.id().equals(target)).findFirst();
                if (assignee.isEmpty()) {
                    return Change.INVALID;
                }
            }
            if (java.util.Objects.equals(lead.get().assignedTo(), target)) {
                return Change.UNCHANGED;
            }
            d.assign(id, target);
            audit.record(h, actor, "lead.assigned", lead.get().clinicSlug(), id,
                    assignee.map(StaffUser::email).orElse("nobody"));
            return Change.DONE;
        });
    }

    public Change addNote(StaffUser user, String id, String text, Actor actor) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty() || body.length() > NOTE_MAX) {
            return Change.INVALID;
        }
        List<String> visible = slugs(visibleClinics(user));
        return db.write(h -> {
            DeskDao d = h.attach(DeskDao.class);
            Optional<DeskDao.LeadRecord> lead = find(d, db.opened(), id, visible);
            if (lead.isEmpty()) {
                return Change.NOT_FOUND;
            }
            String noteId = RandomIds.next();
            d.insertNote(noteId, id, user.id(), clock.instant(), db.sealer().seal(body, noteContext(id, noteId)));
            audit.record(h, actor, "lead.noteAdded", lead.get().clinicSlug(), id, body.length() + " characters");
            return Change.DONE;
        });
    }

    public Change acknowledge(StaffUser user, String id, Actor actor) {
        List<String> visible = slugs(visibleClinics(user));
        return db.write(h -> {
            DeskDao d = h.attach(DeskDao.class);
            Optional<DeskDao.StoredLead> stored = d.find(id, visible);
            if (stored.isEmpty()) {
                return Change.NOT_FOUND;
            }
            SealedLead.Triage triage = OpenLeads.triage(db.opened(), id, stored.get().triage());
            if (!triage.urgent()) {
                return Change.INVALID;
            }
            if (triage.acknowledgedAt() != null) {
                return Change.UNCHANGED;
            }
            Instant now = clock.instant();
            if (d.setTriage(id, stored.get().triage(), triage.acknowledged(user.id(), now).seal(db.sealer(), id)) == 0) {
                return Change.UNCHANGED; // changed since it was read: someone else acknowledged it first
            }
            long minutes = java.time.Duration.between(stored.get().createdAt(), now).toMinutes();
            // The audit row says who acknowledged, not which request: only urgent requests are acknowledged, so the
            // request's id beside it would tell a reader of the file who was in crisis. The sealed triage keeps which.
            audit.record(h, actor, "lead.acknowledged", stored.get().clinicSlug(), null,
                    minutes + " min after the request" + (triage.escalatedAt() != null ? ", after escalation" : ""));
            return Change.DONE;
        });
    }

    /**
     * The filtered list as CSV (no answers, scores or notes: the list's own columns; no test requests), or empty for
     * nobody's clinics.
     */
    public String exportCsv(StaffUser user, InboxFilter filter, Actor actor) {
        List<Clinic> visible = visibleClinics(user);
        ZoneId zone = zone(visible, filter.clinic());
        StringBuilder out = new StringBuilder();
        out.append(Csv.row(List.of("id", "received", "clinic", "location", "status", "urgent", "acknowledged", "priority",
                "name", "email", "phone", "preferred contact", "best time", "interest", "flags", "assigned to")));
        List<String> tokens = tokens(filter);
        List<DeskDao.ListRow> rows = visible.isEmpty() ? List.of() : db.jdbi().withExtension(DeskDao.class, d -> {
            List<String> statuses = filter.statuses();
            return rows(d, search(d, slugs(visible), filter, zone, tokens).stream()
                    .filter(p -> !p.candidate().test() && statuses.contains(p.candidate().status()))
                    .sorted(OpenLeads.ORDER).limit(EXPORT_LIMIT).toList());
        });
        for (DeskDao.ListRow r : rows) {
            out.append(Csv.row(List.of(r.id(), r.createdAt().atZone(zone).toOffsetDateTime().toString(), r.clinicSlug(),
                    nz(r.locationId()), r.status(), r.urgent() ? "yes" : "no",
                    r.acknowledgedAt() == null ? "" : r.acknowledgedAt().atZone(zone).toOffsetDateTime().toString(),
                    Integer.toString(r.priority()), r.name(), r.email(), nz(r.phone()), r.preferredContact(),
                    nz(r.bestTime()), nz(r.interest()), r.flags().replaceAll("[\\[\\]\"]", "").replace(",", " "),
                    nz(r.assignedEmail()))));
        }
        audit.record(actor, "leads.exported", filter.clinic().orElse(null), null,
                filter.describe() + " · " + rows.size() + " rows");
        return out.toString();
    }

    /** The clinics' requests since then by campaign (the overview's, and the embed page's for a clinic's website people). */
    public SourceCounts sources(List<String> slugs, Instant since) {
        return slugs.isEmpty() ? SourceCounts.of(List.of(), 0) : db.jdbi().withExtension(DeskDao.class,
                d -> SourceCounts.of(d.countBySource(slugs, since, SourceCounts.LIMIT + 1), d.countSince(slugs, since)));
    }

    /** The overview's figures: requests per week by treatment of interest, the pipeline funnel, and requests by source. */
    public record Overview(List<LocalDate> weeks, List<Map<String, Long>> perWeek, List<String> interests,
                           List<Long> funnel, List<Clinic> clinics, ZoneId zone, long totalRequests, SourceCounts sources) {}

    public Overview overview(StaffUser user, Optional<String> clinic, Actor actor) {
        List<Clinic> visible = visibleClinics(user);
        List<String> slugs = slugs(visible).stream().filter(s -> clinic.isEmpty() || s.equals(clinic.get())).toList();
        ZoneId zone = zone(visible, clinic);
        LocalDate thisWeek = LocalDate.ofInstant(clock.instant(), zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstWeek = thisWeek.minusWeeks(OVERVIEW_WEEKS - 1);
        Instant since = firstWeek.atStartOfDay(zone).toInstant();
        List<String> interests = new ArrayList<>(io.consultdesk.lead.Choices.INTEREST);
        interests.add("none");
        List<LocalDate> weeks = new ArrayList<>();
        List<Map<String, Long>> perWeek = new ArrayList<>();
        for (int i = 0; i < OVERVIEW_WEEKS; i++) {
            weeks.add(firstWeek.plusWeeks(i));
            perWeek.add(new LinkedHashMap<>());
        }
        List<Long> funnel = new ArrayList<>();
        if (!slugs.isEmpty()) {
            db.jdbi().useExtension(DeskDao.class, d -> {
                for (DeskDao.Created c : d.createdSince(slugs, since)) {
                    LocalDate week = LocalDate.ofInstant(c.createdAt(), zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                    int index = (int) java.time.temporal.ChronoUnit.WEEKS.between(firstWeek, week);
                    if (index >= 0 && index < OVERVIEW_WEEKS) {
                        perWeek.get(index).merge(c.interest() == null ? "none" : c.interest(), 1L, Long::sum);
                    }
                }
                for (LeadStatus s : LeadStatus.stages()) {
                    funnel.add(d.reachedStage(slugs, since, s.stage));
                }
            });
        } else {
            LeadStatus.stages().forEach(s -> funnel.add(0L));
        }
        SourceCounts sources = sources(slugs, since);
        long total = perWeek.stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        audit.record(actor, "overview.viewed", clinic.orElse(null), null, null);
        return new Overview(weeks, perWeek, interests, funnel, visible, zone, total, sources);
    }

    static String noteContext(String leadId, String noteId) {
        return "note:" + leadId + ":" + noteId;
    }

    private static DeskDao.Where where(InboxFilter f, ZoneId zone, int terms) {
        return new DeskDao.Where(f.clinic().orElse(null), f.location().orElse(null), f.interest().orElse(null),
                f.from().map(d -> d.atStartOfDay(zone).toInstant()).orElse(null),
                f.to().map(d -> d.plusDays(1).atStartOfDay(zone).toInstant()).orElse(null), terms);
    }

    private static List<String> slugs(List<Clinic> clinics) {
        return clinics.stream().map(Clinic::slug).toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
