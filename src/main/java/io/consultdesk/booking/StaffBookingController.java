package io.consultdesk.booking;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.dashboard.DeskService;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffFrame;
import io.consultdesk.staff.StaffUser;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consultations in the staff dashboard: the upcoming ones per location (day and week views), and
 * booking, moving and cancelling a lead's consultation. Every view and change is audited. A lead of a
 * clinic the person does not work for is a 404 on every route, whatever the id.
 *
 * <p>Moving a consultation keeps its type and location (one transaction in {@link BookingService#reschedule},
 * which keeps the old seats when the new ones are taken); to change those, staff cancel it and book again.
 */
public final class StaffBookingController {
    /** Years a date in the consultations page may name (anything else is a typo, not a calendar). */
    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2200;
    private final ClinicService clinics;
    private final BookingService bookings;
    private final DeskService desk;
    private final AuditLog audit;
    private final StaffAuth auth;
    private final Views views;
    private final Clock clock;

    public StaffBookingController(ClinicService clinics, BookingService bookings, DeskService desk, AuditLog audit,
                                  StaffAuth auth, Views views, Clock clock) {
        this.clinics = clinics;
        this.bookings = bookings;
        this.desk = desk;
        this.audit = audit;
        this.auth = auth;
        this.views = views;
        this.clock = clock;
    }

    // The upcoming consultations

    /** GET /staff/consultations?clinic=&location=&view=day|week&date= */
    public void consultations(Context ctx) {
        StaffUser user = auth.user(ctx);
        List<Clinic> visible = desk.visibleClinics(user);
        Optional<String> clinic = Optional.ofNullable(ctx.queryParam("clinic"))
                .filter(s -> visible.stream().anyMatch(c -> c.slug().equals(s)));
        List<Clinic> shown = visible.stream().filter(c -> clinic.isEmpty() || c.slug().equals(clinic.get())).toList();
        Optional<String> location = Optional.ofNullable(ctx.queryParam("location"))
                .filter(l -> shown.stream().anyMatch(c -> c.location(l).isPresent()));
        LocalDate today = LocalDate.ofInstant(clock.instant(), desk.zone(visible, clinic));

        List<String> errors = new ArrayList<>();
        String viewParam = ctx.queryParam("view");
        String view = viewParam == null || viewParam.isEmpty() ? ConsultationsPage.WEEK : viewParam;
        if (!view.equals(ConsultationsPage.DAY) && !view.equals(ConsultationsPage.WEEK)) {
            errors.add(t().get("staff.consultations.error.view"));
            view = ConsultationsPage.WEEK;
        }
        Optional<LocalDate> asked = date(ctx.queryParam("date"));
        if (asked.isEmpty() && ctx.queryParam("date") != null && !ctx.queryParam("date").isEmpty()) {
            errors.add(t().get("staff.consultations.error.date"));
        }
        LocalDate date = asked.orElse(today);
        boolean week = view.equals(ConsultationsPage.WEEK);
        LocalDate first = week ? date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : date;
        LocalDate last = week ? first.plusDays(6) : first;

        // One query over the widest span of the locations' days, then each consultation on its location's own date.
        Instant from = null;
        Instant to = null;
        for (Clinic c : shown) {
            for (Clinic.Location l : c.locations()) {
                Instant start = first.atStartOfDay(l.zone()).toInstant();
                Instant end = last.plusDays(1).atStartOfDay(l.zone()).toInstant();
                from = from == null || start.isBefore(from) ? start : from;
                to = to == null || end.isAfter(to) ? end : to;
            }
        }
        Map<String, BookingLabels> labels = new LinkedHashMap<>();
        shown.forEach(c -> labels.put(c.slug(), new BookingLabels(t(), c)));
        Map<LocalDate, List<ConsultationsPage.Row>> byDay = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            byDay.put(d, new ArrayList<>());
        }
        List<BookingDao.Scheduled> found = from == null ? List.of()
                : bookings.scheduled(shown.stream().map(Clinic::slug).toList(), location, from, to);
        for (BookingDao.Scheduled s : found) {
            BookingLabels l = labels.get(s.clinicSlug());
            if (l == null) {
                continue;
            }
            ZoneId zone = l.zone(s.locationId());
            List<ConsultationsPage.Row> day = byDay.get(LocalDate.ofInstant(s.startsAt(), zone));
            if (day != null) {
                day.add(new ConsultationsPage.Row(s, l, zone));
            }
        }
        List<ConsultationsPage.Day> days = byDay.entrySet().stream()
                .map(e -> new ConsultationsPage.Day(e.getKey(), List.copyOf(e.getValue()))).toList();
        int count = days.stream().mapToInt(d -> d.rows().size()).sum();
        audit.record(auth.actor(ctx), "consultations.listed", clinic.orElse(null), null,
                view + " " + first + " " + location.orElse("all") + " · " + count + " shown");
        List<String> off = shown.stream().filter(c -> !c.booking().bookable()).map(Clinic::name).toList();
        StaffFrame frame = auth.frame(ctx, t().get("staff.consultations.title"), "consultations", desk.urgentWaiting(user));
        html(ctx, errors.isEmpty() ? 200 : 400, "booking/staff-consultations.jte", new ConsultationsPage(frame, view, date, first, last,
                today, days, visible, clinic, location, errors.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", errors)),
                off));
    }

    private static Optional<LocalDate> date(String s) {
        if (s == null || s.length() != 10) {
            return Optional.empty();
        }
        try {
            LocalDate d = LocalDate.parse(s);
            return d.getYear() < FIRST_YEAR || d.getYear() > LAST_YEAR ? Optional.empty() : Optional.of(d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // A lead's consultation

    /** GET /staff/leads/{id}/booking: pick a time to book or move the lead's consultation. */
    public void pick(Context ctx) {
        Optional<DeskService.VisibleLead> lead = desk.visibleLead(auth.user(ctx), ctx.pathParam("id"));
        if (lead.isEmpty()) {
            notFound(ctx);
            return;
        }
        pickPage(ctx, 200, lead.get(), ctx.queryParam("type"), ctx.queryParam("location"), date(ctx.queryParam("from")),
                Optional.empty(), Optional.empty());
    }

    /**
     * POST /staff/leads/{id}/booking: {@code start} (an offset date-time as offered, or an instant), {@code type},
     * {@code location}; with {@code booking} and {@code sequence} (the consultation the page showed) it moves that one.
     */
    public void book(Context ctx) {
        Optional<DeskService.VisibleLead> found = desk.visibleLead(auth.user(ctx), ctx.pathParam("id"));
        if (found.isEmpty()) {
            notFound(ctx);
            return;
        }
        DeskService.VisibleLead lead = found.get();
        Clinic clinic = lead.clinic();
        String type = ctx.formParam("type");
        String location = ctx.formParam("location");
        String startParam = ctx.formParam("start");
        String bookingParam = ctx.formParam("booking");
        Optional<Instant> chosen = start(startParam);
        if (chosen.isEmpty()) {
            pickPage(ctx, 422, lead, type, location, Optional.empty(), Optional.empty(),
                    Optional.of(t().get(startParam == null || startParam.isBlank() ? "staff.booking.error.start.required"
                            : "staff.booking.error.start.format")));
            return;
        }
        Instant start = chosen.get();
        BookingService.Source source = BookingService.Source.staff(auth.actor(ctx));
        BookingService.Outcome outcome;
        boolean moving = bookingParam != null && !bookingParam.isBlank();
        String place = location;
        if (moving) {
            Optional<BookingDao.BookingRow> active = bookings.activeForLead(lead.lead().id())
                    .filter(b -> b.id().equals(bookingParam) && String.valueOf(b.sequence()).equals(ctx.formParam("sequence")));
            if (active.isEmpty()) {
                outcome = new BookingService.Outcome.Gone();
            } else if (type != null && !type.equals(active.get().typeId()) || location != null
                    && !location.equals(active.get().locationId())) {
                pickPage(ctx, 422, lead, null, null, Optional.empty(), Optional.of(start),
                        Optional.of(t().get("staff.booking.error.keepTypeAndPlace")));
                return;
            } else {
                place = active.get().locationId();
                outcome = bookings.reschedule(clinic, active.get(), start, source);
            }
        } else if (!clinic.booking().enabled()) {
            pickPage(ctx, 422, lead, type, location, Optional.empty(), Optional.empty(),
                    Optional.of(t().get("staff.booking.error.off")));
            return;
        } else {
            outcome = bookings.book(clinic, lead.lead().id(), type, location, start, source);
        }
        String id = lead.lead().id();
        if (outcome instanceof BookingService.Outcome.Booked) {
            ctx.redirect("/staff/leads/" + id + "?done=" + (moving ? "rescheduled" : "booked") + "#consultation",
                    HttpStatus.SEE_OTHER);
        } else if (outcome instanceof BookingService.Outcome.Taken) {
            pickPage(ctx, 409, lead, type, location, Optional.of(LocalDate.ofInstant(start, new BookingLabels(t(), clinic)
                    .zone(String.valueOf(place)))), Optional.empty(), Optional.of(t().get("staff.booking.error.taken")));
        } else if (outcome instanceof BookingService.Outcome.Invalid invalid) {
            pickPage(ctx, 422, lead, type, location, Optional.empty(), Optional.of(start), Optional.of(invalid(invalid.errors())));
        } else if (outcome instanceof BookingService.Outcome.AlreadyBooked) {
            pickPage(ctx, 409, lead, null, null, Optional.empty(), Optional.empty(),
                    Optional.of(t().get("staff.booking.error.alreadyBooked")));
        } else {
            pickPage(ctx, 409, lead, null, null, Optional.empty(), Optional.empty(), Optional.of(t().get("staff.booking.error.gone")));
        }
    }

    /** POST /staff/leads/{id}/booking/cancel with {@code booking} and {@code sequence}: the consultation the page showed. */
    public void cancel(Context ctx) {
        Optional<DeskService.VisibleLead> found = desk.visibleLead(auth.user(ctx), ctx.pathParam("id"));
        if (found.isEmpty()) {
            notFound(ctx);
            return;
        }
        String id = found.get().lead().id();
        Optional<BookingDao.BookingRow> active = bookings.activeForLead(id)
                .filter(b -> b.id().equals(ctx.formParam("booking")) && String.valueOf(b.sequence()).equals(ctx.formParam("sequence")));
        boolean cancelled = active.isPresent()
                && bookings.cancel(found.get().clinic(), active.get(), BookingService.Source.staff(auth.actor(ctx))).isPresent();
        ctx.redirect("/staff/leads/" + id + (cancelled ? "?done=cancelled" : "?error=bookingChanged") + "#consultation",
                HttpStatus.SEE_OTHER);
    }

    /**
     * The pick page (its view of the lead is audited): the booking's own type and location when moving one, else the
     * asked (or the first offered) pair.
     */
    private void pickPage(Context ctx, int status, DeskService.VisibleLead lead, String typeParam, String locationParam,
                          Optional<LocalDate> fromParam, Optional<Instant> selected, Optional<String> error) {
        Clinic clinic = lead.clinic();
        audit.record(auth.actor(ctx), "lead.viewed", clinic.slug(), lead.lead().id(), "booking");
        BookingSettings settings = clinic.booking();
        BookingLabels labels = new BookingLabels(t(), clinic);
        Optional<BookingDao.BookingRow> current = bookings.activeForLead(lead.lead().id());
        List<PickPage.Choice> choices = new ArrayList<>();
        String typeId;
        String locationId;
        boolean offered;
        Optional<String> notice = Optional.empty();
        if (current.isPresent()) {
            typeId = current.get().typeId();
            locationId = current.get().locationId();
            choices.add(new PickPage.Choice(typeId, locationId));
            offered = settings.enabled() && settings.type(typeId).map(t -> settings.offers(t, locationId)).orElse(false);
        } else {
            for (BookingSettings.ConsultationType t : settings.types()) {
                for (Clinic.Location l : clinic.locations()) {
                    if (settings.offers(t, l.id())) {
                        choices.add(new PickPage.Choice(t.id(), l.id()));
                    }
                }
            }
            Optional<PickPage.Choice> asked = choices.stream()
                    .filter(c -> c.typeId().equals(typeParam) && c.locationId().equals(locationParam)).findFirst();
            if (asked.isEmpty() && typeParam != null && locationParam != null && !choices.isEmpty()) {
                notice = Optional.of(t().get("staff.booking.pick.notOffered", labels.typeName(typeParam),
                        labels.locationName(locationParam)));
            }
            String preferred = lead.lead().locationId();
            PickPage.Choice choice = asked
                    .or(() -> choices.stream().filter(c -> c.locationId().equals(preferred)).findFirst())
                    .or(() -> choices.stream().findFirst())
                    .orElse(null);
            offered = settings.enabled() && choice != null;
            typeId = choice == null ? "" : choice.typeId();
            locationId = choice == null ? "" : choice.locationId();
        }
        ZoneId zone = labels.zone(locationId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate lastDay = today.plusDays(settings.horizonDays());
        LocalDate from = fromParam.filter(d -> !d.isBefore(today) && !d.isAfter(lastDay)).orElse(today);
        LocalDate until = from.plusDays(PickPage.DAYS - 1);
        List<PickPage.Day> days = new ArrayList<>();
        if (offered) {
            Map<LocalDate, List<Slot>> byDay = new LinkedHashMap<>();
            for (Slot s : bookings.free(clinic, Optional.of(typeId), Optional.of(locationId), from, until)) {
                if (current.isPresent() && s.start().equals(current.get().startsAt())) {
                    continue;
                }
                byDay.computeIfAbsent(LocalDate.ofInstant(s.start(), zone), d -> new ArrayList<>()).add(s);
            }
            byDay.forEach((d, slots) -> days.add(new PickPage.Day(d, List.copyOf(slots))));
        }
        Optional<LocalDate> earlier = from.isAfter(today)
                ? Optional.of(from.minusDays(PickPage.DAYS).isBefore(today) ? today : from.minusDays(PickPage.DAYS)) : Optional.empty();
        Optional<LocalDate> later = until.isBefore(lastDay) ? Optional.of(until.plusDays(1)) : Optional.empty();
        Optional<ZoneId> visitorZone = BookingMails.parseZone(lead.lead().timeZone())
                .filter(z -> !z.getRules().equals(zone.getRules()));
        StaffFrame frame = auth.frame(ctx, t().get(current.isPresent() ? "staff.booking.pick.titleMove" : "staff.booking.pick.title"),
                "inbox", desk.urgentWaiting(auth.user(ctx)));
        html(ctx, status, "booking/staff-pick.jte", new PickPage(frame, lead.lead(), labels, current, choices, typeId, locationId, zone,
                offered, from, days, earlier, later, notice, error, selected, visitorZone));
    }

    /** The posted start: an offset date-time as the page offers it, or an instant. */
    private static Optional<Instant> start(String s) {
        if (s == null || s.isBlank() || s.length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s.strip()).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(s.strip()));
            } catch (DateTimeException e2) {
                return Optional.empty();
            }
        }
    }

    private static String invalid(Map<String, String> errors) {
        List<String> out = new ArrayList<>();
        errors.forEach((field, code) -> {
            String key = "staff.booking.error." + field + "." + code;
            out.add(t().has(key) ? t().get(key) : t().get("staff.booking.error.other"));
        });
        return String.join(" ", out);
    }

    private void notFound(Context ctx) {
        StaffFrame frame = auth.frame(ctx, t().get("staff.notFound.title"), "inbox", desk.urgentWaiting(auth.user(ctx)));
        html(ctx, 404, "dashboard/not-found.jte", frame);
    }

    private void html(Context ctx, int status, String template, Object page) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render(template, page));
    }

    private static Messages t() {
        return Messages.english();
    }
}
