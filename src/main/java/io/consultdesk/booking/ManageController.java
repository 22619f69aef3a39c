package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.embed.EmbedPages;
import io.consultdesk.embed.Frame;
import io.consultdesk.i18n.Messages;
import io.consultdesk.ratelimit.RateLimiter;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The page the visitor's email links to ({@code /consultation/{token}}): see the consultation, cancel it
 * or pick another time, without an account. GET only shows (mail scanners open links); changes are POSTs.
 *
 * <p>The token is the only key: one that no longer works (the booking was moved or cancelled since it was
 * sent, its time has come, or it was never issued) gets the same 404 page whatever the reason, with the
 * clinic's phone when the token names one of its bookings. The page is never cached, indexed, framed or
 * given as a referrer. Moves and cancellations count against the limits of
 * {@link io.consultdesk.ratelimit.PublicLimits}; past them the page answers 429, saying when to try again.
 */
public final class ManageController {
    private final ClinicService clinics;
    private final BookingService bookings;
    private final Views views;
    private final ClientIp clientIp;
    private final EmbedPages pages;
    private final Pickers pickers;

    public ManageController(ClinicService clinics, BookingService bookings, Views views, Assets assets, ClientIp clientIp) {
        this.clinics = clinics;
        this.bookings = bookings;
        this.views = views;
        this.clientIp = clientIp;
        this.pages = new EmbedPages(assets, views);
        this.pickers = new Pickers(bookings);
    }

    /** A link that works: its booking, the clinic, and the zone the visitor's browser gave with the request. */
    private record Link(String token, BookingDao.BookingRow booking, Clinic clinic, Messages m, Frame frame,
                        Optional<ZoneId> yours) {}

    /** GET /consultation/{token} */
    public void show(Context ctx) {
        link(ctx).ifPresent(l -> render(ctx, 200, l, ask(ctx::queryParam), null, null));
    }

    /** POST /consultation/{token}/cancel */
    public void cancel(Context ctx) {
        Optional<Link> found = link(ctx);
        if (found.isEmpty()) {
            return;
        }
        Link l = found.get();
        Optional<BookingDao.BookingRow> cancelled;
        try {
            cancelled = bookings.cancel(l.clinic(), l.booking(), BookingService.Source.widget(clientIp.of(ctx)));
        } catch (RateLimiter.Limited limited) {
            limited(ctx, l, ask(ctx::formParam), limited.retryAfter());
            return;
        }
        if (cancelled.isEmpty()) {
            gone(ctx, Optional.of(l.clinic()));
            return;
        }
        ZoneId zone = zone(l, ctx.formParam("zone"));
        send(ctx, 200, l, new ManagePage(l.frame(), l.clinic(), l.m(), ManagePage.View.CANCELLED,
                Summary.of(l.clinic(), cancelled.get(), zone, l.m()), null, null, null));
    }

    /** POST /consultation/{token}/reschedule */
    public void reschedule(Context ctx) {
        Optional<Link> found = link(ctx);
        if (found.isEmpty()) {
            return;
        }
        Link l = found.get();
        Messages m = l.m();
        Pickers.Ask ask = ask(ctx::formParam);
        Optional<Instant> start = Pickers.instant(ask.selected());
        if (start.isEmpty()) {
            render(ctx, 422, l, ask, m.get("booking.widget.error.slot"), null);
            return;
        }
        BookingService.Outcome outcome = bookings.reschedule(l.clinic(), l.booking(), start.get(),
                BookingService.Source.widget(clientIp.of(ctx)));
        if (outcome instanceof BookingService.Outcome.Booked b && !b.replay()) {
            send(ctx, 200, l, new ManagePage(l.frame(), l.clinic(), m, ManagePage.View.RESCHEDULED,
                    Summary.of(l.clinic(), b.booking(), zone(l, ask.zone()), m), null, null, null));
        } else if (outcome instanceof BookingService.Outcome.Booked) {
            render(ctx, 200, l, ask.withSelected(null), null, m.get("booking.manage.sameTime"));
        } else if (outcome instanceof BookingService.Outcome.RateLimited limited) {
            limited(ctx, l, ask.withSelected(null), limited.retryAfter());
        } else if (outcome instanceof BookingService.Outcome.Taken) {
            String day = start.get().atZone(zone(l, ask.zone())).toLocalDate().toString();
            render(ctx, 409, l, ask.withSelected(null).from(day), null, m.get("booking.widget.taken"));
        } else if (outcome instanceof BookingService.Outcome.Invalid invalid && invalid.errors().containsKey("start")) {
            render(ctx, 422, l, ask.withSelected(null), m.get("booking.widget.error.notOffered"), null);
        } else if (outcome instanceof BookingService.Outcome.Invalid) {
            render(ctx, 422, l, ask.withSelected(null), null, null);
        } else {
            gone(ctx, Optional.of(l.clinic()));
        }
    }

    // Pages

    /** 429: the page as it was (nothing changed), saying when to try again and the clinic's phone. */
    private void limited(Context ctx, Link l, Pickers.Ask ask, java.time.Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        ctx.header("Retry-After", Long.toString(seconds));
        render(ctx, 429, l, ask, null, l.m().get("booking.manage.rateLimited", (seconds + 59) / 60, l.clinic().phone()));
    }

    private void render(Context ctx, int status, Link l, Pickers.Ask ask, String slotError, String notice) {
        Messages m = l.m();
        BookingDao.BookingRow b = l.booking();
        Optional<BookingSettings.ConsultationType> type = l.clinic().booking().type(b.typeId());
        boolean movable = l.clinic().booking().enabled() && type.isPresent() && l.clinic().location(b.locationId()).isPresent()
                && l.clinic().booking().offers(type.get(), b.locationId());
        Picker picker = null;
        ZoneId zone = zone(l, ask.zone());
        if (movable) {
            Pickers.Ask fixed = new Pickers.Ask(b.typeId(), b.locationId(), ask.zone(), ask.from(), ask.page(), ask.selected());
            Pickers.Viewer viewer = new Pickers.Viewer(l.yours(), b.locationId(), true, b.startsAt());
            Optional<Pickers.Choice> choice = pickers.choose(l.clinic(), fixed, viewer);
            if (choice.isPresent()) {
                String base = "/consultation/" + l.token();
                Picker.Forms forms = new Picker.Forms(base, "get", base + "/reschedule", m.get("booking.manage.move"), Map.of());
                picker = pickers.picker(l.clinic(), m, choice.get(), fixed, viewer, forms, slotError, notice);
                zone = choice.get().zone();
            }
        }
        String shownNotice = picker != null ? null : notice != null ? notice : m.get("booking.manage.notMovable", l.clinic().phone());
        send(ctx, status, l, new ManagePage(l.frame(), l.clinic(), m, ManagePage.View.SHOW,
                Summary.of(l.clinic(), b, zone, m), picker, shownNotice, "/consultation/" + l.token() + "/cancel"));
    }

    /** The link's booking while the link works; otherwise the 404 page is sent. */
    private Optional<Link> link(Context ctx) {
        String token = ctx.pathParam("token");
        Optional<BookingDao.BookingRow> booking = bookings.byToken(token);
        Optional<Clinic> clinic = booking.flatMap(b -> clinics.find(b.clinicSlug()));
        if (booking.isEmpty() || clinic.isEmpty()) {
            // Only the clinic's phone, and only when the token names one of its bookings: nothing about why.
            gone(ctx, BookingTokens.bookingId(token).flatMap(bookings::find).flatMap(b -> clinics.find(b.clinicSlug())));
            return Optional.empty();
        }
        Messages m = Messages.forLocale(clinic.get().locale());
        Frame frame = pages.standalone(clinic.get(), m, m.get("booking.manage.title", clinic.get().name()));
        Optional<ZoneId> yours = bookings.lead(clinic.get(), booking.get().leadId()).flatMap(r -> Pickers.zone(r.timeZone()));
        return Optional.of(new Link(token, booking.get(), clinic.get(), m, frame, yours));
    }

    private void gone(Context ctx, Optional<Clinic> clinic) {
        Messages m = clinic.map(c -> Messages.forLocale(c.locale())).orElse(Messages.english());
        String title = m.get("booking.manage.gone.title");
        Frame frame = clinic.map(c -> pages.standalone(c, m, title)).orElseGet(() -> pages.neutral(m, title));
        ManagePage page = new ManagePage(frame, clinic.orElse(null), m, ManagePage.View.GONE, null, null, null, null);
        headers(ctx);
        pages.send(ctx, 404, frame, "'none'", views.render("booking/manage.jte", page));
    }

    private void send(Context ctx, int status, Link l, ManagePage page) {
        headers(ctx);
        pages.send(ctx, status, l.frame(), "'none'", views.render("booking/manage.jte", page));
    }

    private static void headers(Context ctx) {
        ctx.header("X-Robots-Tag", "noindex, nofollow");
        ctx.header("X-Frame-Options", "DENY");
    }

    /** The zone asked for when it is one the picker offers, else the visitor's own, else the clinic's. */
    private static ZoneId zone(Link l, String asked) {
        ZoneId clinicZone = ZoneId.of(l.booking().timeZone());
        return Pickers.zone(asked).filter(z -> z.equals(clinicZone) || l.yours().filter(z::equals).isPresent()
                        || Pickers.US_ZONES.contains(z.getId()))
                .orElse(l.yours().orElse(clinicZone));
    }

    private static Pickers.Ask ask(Function<String, String> param) {
        return new Pickers.Ask(null, null, param.apply("zone"), param.apply("from"), param.apply("page"), param.apply("slot"));
    }
}
