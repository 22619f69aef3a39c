package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.embed.EmbedPages;
import io.consultdesk.embed.Frame;
import io.consultdesk.embed.Preview;
import io.consultdesk.i18n.Messages;
import io.consultdesk.lead.Choices;
import io.consultdesk.lead.LeadInput;
import io.consultdesk.ratelimit.RateLimiter;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The widget's "Pick a time" step, shown in the iframe after the request was stored: the free slots in
 * the visitor's time zone and the clinic's, booking one, or asking for a call back instead.
 *
 * <p>Every page is a plain form post; what names the request is the booking token given with it (a hidden field,
 * never in a URL; never the request's id, which opens nothing here: see {@link BookingCapabilities}). form.js
 * sends the same forms with fetch and swaps in the part of the page that changed. Whatever a form
 * carries is checked again here: an unknown type, location, zone or day shows the defaults, an unknown
 * request or a token that does not work (expired, spent, closed by staff) answers 404, never a 500. Past the limits
 * of {@link io.consultdesk.ratelimit.PublicLimits} a booking or call back answers 429 with the same calm page.
 */
public final class BookingWidgetController {
    /** The weekdays a visitor can ask to be called back on. */
    static final List<String> CALLBACK_DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat");
    private final ClinicService clinics;
    private final BookingService bookings;
    private final Views views;
    private final ClientIp clientIp;
    private final EmbedPages pages;
    private final Pickers pickers;

    public BookingWidgetController(ClinicService clinics, BookingService bookings, Views views, Assets assets, ClientIp clientIp) {
        this.clinics = clinics;
        this.bookings = bookings;
        this.views = views;
        this.clientIp = clientIp;
        this.pages = new EmbedPages(assets, views);
        this.pickers = new Pickers(bookings);
    }

    /**
     * Who the page is for: the clinic, the lead (named by the token, checked to be the clinic's and open), the token
     * the page's forms carry, the booking that token made (it is then spent), the visitor's zone, the crisis panel;
     * {@code storedNow}: the page answers the post that stored the request (it says so to form.js, once).
     */
    private record Visit(Clinic clinic, Messages m, Frame frame, String leadId, String token,
                         Optional<BookingDao.BookingRow> made, Optional<ZoneId> yours, boolean crisis, boolean storedNow) {}

    /** Right after {@code POST /embed/{clinic}} stored the request (see {@code embed.AfterRequest}): a fresh token for it. */
    public void afterRequest(Context ctx, Clinic clinic, String leadId, boolean storedNow, LeadInput input, boolean crisis) {
        Messages m = Messages.forLocale(clinic.locale());
        Visit v = new Visit(clinic, m, pages.frame(ctx, clinic, m, m.get("thanks.title", clinic.name())), leadId,
                bookings.issueCapability(clinic.slug(), leadId), Optional.empty(), Pickers.zone(input.timeZone()), crisis,
                storedNow);
        if (bookings.activeForLead(leadId).isPresent()) {
            // The same form sent again after a booking: it has one; this fresh token did not make it, so no details.
            render(ctx, 200, v, StepPage.View.ALREADY_BOOKED, null, null, null, null);
            return;
        }
        CallbackForm callback = callbackForm(v, List.of(), input.bestTime(), null, null, !clinic.booking().bookable());
        if (!clinic.booking().bookable()) {
            render(ctx, 200, v, StepPage.View.CALLBACK, null, callback, null, null);
            return;
        }
        pick(ctx, 200, v, Pickers.Ask.NONE, input.location(), callback, null, null);
    }

    /** POST /embed/{clinic}/times: the step again, for another type, location, time zone or days. */
    public void times(Context ctx) {
        Optional<Visit> found = visit(ctx);
        if (found.isEmpty()) {
            return;
        }
        Visit v = found.get();
        if (alreadyBooked(ctx, v)) {
            return;
        }
        if (!v.clinic().booking().bookable()) {
            render(ctx, 200, v, StepPage.View.CALLBACK, null, callbackForm(v, List.of(), null, null, null, true), null, null);
            return;
        }
        pick(ctx, 200, v, ask(ctx), null, callbackForm(v, List.of(), null, null, null, false), null, null);
    }

    /** POST /embed/{clinic}/book */
    public void book(Context ctx) {
        Optional<Visit> found = visit(ctx);
        if (found.isEmpty()) {
            return;
        }
        Visit v = found.get();
        Messages m = v.m();
        Pickers.Ask ask = ask(ctx);
        if (!v.clinic().booking().bookable()) {
            render(ctx, 409, v, StepPage.View.CALLBACK, null, callbackForm(v, List.of(), null, null, null, true), null, null);
            return;
        }
        CallbackForm callback = callbackForm(v, List.of(), null, null, null, false);
        Optional<Pickers.Choice> choice = pickers.choose(v.clinic(), ask, viewer(v, null));
        Optional<Instant> start = Pickers.instant(ask.selected());
        if (choice.isEmpty() || start.isEmpty()) {
            pick(ctx, 422, v, ask, null, callback, m.get("booking.widget.error.slot"), null);
            return;
        }
        Pickers.Choice c = choice.get();
        if (!c.type().id().equals(ask.type()) || !c.location().id().equals(ask.location())) {
            // The picker shows defaults for a type or place it does not know; a booking is only made as asked.
            pick(ctx, 422, v, ask.withSelected(null), null, callback, m.get("booking.widget.error.notOffered"), null);
            return;
        }
        BookingService.Outcome outcome = bookings.bookWithCapability(v.clinic(), v.token(), c.type().id(), c.location().id(),
                start.get(), BookingService.Source.widget(clientIp.of(ctx)));
        if (outcome instanceof BookingService.Outcome.Booked b) {
            booked(ctx, v, b.booking(), c.zone(), StepPage.View.BOOKED, 200);
        } else if (outcome instanceof BookingService.Outcome.AlreadyBooked) {
            render(ctx, 409, v, StepPage.View.ALREADY_BOOKED, null, null, null, null);
        } else if (outcome instanceof BookingService.Outcome.RateLimited limited) {
            limited(ctx, v, limited.retryAfter());
        } else if (outcome instanceof BookingService.Outcome.Invalid invalid && invalid.errors().containsKey("bookingToken")) {
            if (!alreadyBooked(ctx, v, 409)) { // spent on another time (a second tab): that one is shown
                missing(ctx, v);
            }
        } else if (outcome instanceof BookingService.Outcome.Invalid) {
            pick(ctx, 422, v, ask.withSelected(null), null, callback, m.get("booking.widget.error.notOffered"), null);
        } else {
            // Taken (or changed meanwhile): the times still free, starting with that day.
            String day = start.get().atZone(c.zone()).toLocalDate().toString();
            pick(ctx, 409, v, ask.withSelected(null).from(day), null, callback, null, m.get("booking.widget.taken"));
        }
    }

    /** POST /embed/{clinic}/callback */
    public void callBack(Context ctx) {
        Optional<Visit> found = visit(ctx);
        if (found.isEmpty()) {
            return;
        }
        Visit v = found.get();
        if (alreadyBooked(ctx, v)) { // a spent token sets nothing; the request has its consultation
            return;
        }
        Messages m = v.m();
        List<String> days = new ArrayList<>();
        String daysError = null;
        for (String day : ctx.formParams("days")) {
            if (!CALLBACK_DAYS.contains(day)) {
                daysError = m.get("booking.widget.callback.error.days");
            } else if (!days.contains(day)) {
                days.add(day);
            }
        }
        days.sort((a, b) -> CALLBACK_DAYS.indexOf(a) - CALLBACK_DAYS.indexOf(b));
        String time = ctx.formParam("time");
        String timeError = time == null || !Choices.BEST_TIME.contains(time) ? m.get("booking.widget.callback.error.time") : null;
        if (daysError != null || timeError != null) {
            CallbackForm form = callbackForm(v, days, time, daysError, timeError, true);
            if (v.clinic().booking().bookable() && bookings.activeForLead(v.leadId()).isEmpty()) {
                pick(ctx, 422, v, ask(ctx), null, form, null, null);
            } else {
                render(ctx, 422, v, StepPage.View.CALLBACK, null, form, null, null);
            }
            return;
        }
        try {
            if (!bookings.requestCallBack(v.clinic(), v.leadId(), days, time, BookingService.Source.widget(clientIp.of(ctx)))) {
                missing(ctx, v);
                return;
            }
        } catch (RateLimiter.Limited limited) {
            limited(ctx, v, limited.retryAfter());
            return;
        }
        render(ctx, 200, v, StepPage.View.CALLBACK_DONE, null, null, null, callbackSentence(m, days, time));
    }

    // Pages

    private void pick(Context ctx, int status, Visit v, Pickers.Ask ask, String preferredLocation, CallbackForm callback,
                      String slotError, String notice) {
        Pickers.Viewer viewer = viewer(v, preferredLocation);
        Optional<Pickers.Choice> choice = pickers.choose(v.clinic(), ask, viewer);
        if (choice.isEmpty()) {
            render(ctx, status, v, StepPage.View.CALLBACK, null, callbackForm(v, List.of(), null, null, null, true), null, null);
            return;
        }
        Map<String, String> hidden = hidden(v);
        Picker.Forms forms = new Picker.Forms(action(v, "/times"), "post", action(v, "/book"),
                v.m().get("booking.widget.book"), hidden);
        Picker picker = pickers.picker(v.clinic(), v.m(), choice.get(), ask, viewer, forms, slotError, notice);
        CallbackForm cb = picker.days().isEmpty() && !callback.open()
                ? new CallbackForm(callback.action(), callback.hidden(), callback.days(), callback.times(), null, null, true)
                : callback;
        render(ctx, status, v, StepPage.View.PICK, picker, cb, null, null);
    }

    private void booked(Context ctx, Visit v, BookingDao.BookingRow b, ZoneId zone, StepPage.View view, int status) {
        render(ctx, status, v, view, null, null, Summary.of(v.clinic(), b, zone, v.m()), null);
    }

    private void missing(Context ctx, Visit v) {
        render(ctx, 404, v, StepPage.View.MISSING, null, null, null, null);
    }

    /** 429: the calm page (emergency line, crisis panel, the clinic's phone) saying when to try again. */
    private void limited(Context ctx, Visit v, java.time.Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        ctx.header("Retry-After", Long.toString(seconds));
        render(ctx, 429, v, StepPage.View.LIMITED, null, null, null,
                v.m().get("booking.widget.rateLimited", (seconds + 59) / 60, v.clinic().phone()));
    }

    private void render(Context ctx, int status, Visit v, StepPage.View view, Picker picker, CallbackForm callback,
                        Summary booked, String done) {
        StepPage page = new StepPage(v.frame(), v.clinic(), v.m(), view, action(v, ""), v.crisis(), picker, callback, booked, done,
                v.storedNow());
        pages.send(ctx, status, v.frame(), v.clinic(), views.render("booking/step.jte", page));
    }

    /** The clinic and the request a form's token names; when either is unknown the answer (404) is already sent. */
    private Optional<Visit> visit(Context ctx) {
        Optional<Clinic> clinic = clinics.find(ctx.pathParam("clinic"));
        if (clinic.isEmpty()) {
            pages.notFound(ctx);
            return Optional.empty();
        }
        Messages m = Messages.forLocale(clinic.get().locale());
        if (Preview.is(ctx)) { // the staff embed page's preview books nothing (and stored no request to book for)
            pages.error(ctx, 409, m.get("embed.preview.banner"), m.get("embed.preview.notSent"));
            return Optional.empty();
        }
        boolean crisis = "1".equals(ctx.formParam("crisis"));
        Frame frame = pages.frame(ctx, clinic.get(), m, m.get("thanks.title", clinic.get().name()));
        String token = ctx.formParam("bookingToken");
        Optional<BookingService.Pass> pass = bookings.pass(clinic.get(), token);
        if (pass.isEmpty()) {
            missing(ctx, new Visit(clinic.get(), m, frame, null, null, Optional.empty(), Optional.empty(), crisis, false));
            return Optional.empty();
        }
        BookingDao.LeadRef lead = pass.get().lead();
        return Optional.of(new Visit(clinic.get(), m, frame, lead.id(), token, pass.get().made(), Pickers.zone(lead.timeZone()),
                crisis, false));
    }

    /**
     * A request that has a consultation already says so (a form sent again, a second tab): with its time and place
     * only to the token that booked it; a spent token whose booking was cancelled since opens nothing (404).
     */
    private boolean alreadyBooked(Context ctx, Visit v) {
        return alreadyBooked(ctx, v, 200);
    }

    private boolean alreadyBooked(Context ctx, Visit v, int status) {
        if (v.made().isPresent()) {
            BookingDao.BookingRow b = v.made().get();
            Optional<BookingDao.BookingRow> now = bookings.find(b.id()).filter(BookingDao.BookingRow::booked);
            if (now.isPresent()) {
                booked(ctx, v, now.get(), v.yours().orElse(ZoneId.of(b.timeZone())), StepPage.View.ALREADY_BOOKED, status);
            } else {
                missing(ctx, v);
            }
            return true;
        }
        if (bookings.activeForLead(v.leadId()).isPresent()) {
            render(ctx, status, v, StepPage.View.ALREADY_BOOKED, null, null, null, null);
            return true;
        }
        return false;
    }

    private static Pickers.Ask ask(Context ctx) {
        return new Pickers.Ask(ctx.formParam("type"), ctx.formParam("location"), ctx.formParam("zone"), ctx.formParam("from"),
                ctx.formParam("page"), ctx.formParam("slot"));
    }

    private static Pickers.Viewer viewer(Visit v, String preferredLocation) {
        return new Pickers.Viewer(v.yours(), preferredLocation, false, null);
    }

    private static Map<String, String> hidden(Visit v) {
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("bookingToken", v.token());
        if (v.crisis()) {
            hidden.put("crisis", "1");
        }
        return hidden;
    }

    private static String action(Visit v, String path) {
        return EmbedPages.action(v.clinic(), path, v.frame().hostOrigin());
    }

    private CallbackForm callbackForm(Visit v, List<String> days, String time, String daysError, String timeError, boolean open) {
        Messages m = v.m();
        List<Picker.Option> dayOptions = new ArrayList<>();
        for (String d : CALLBACK_DAYS) {
            dayOptions.add(new Picker.Option(d, dayName(d, m), null, days.contains(d)));
        }
        String checked = time != null && Choices.BEST_TIME.contains(time) ? time : "anytime";
        List<Picker.Option> times = new ArrayList<>();
        for (String t : Choices.BEST_TIME) {
            times.add(new Picker.Option(t, m.get("option.bestTime." + t), null, t.equals(checked)));
        }
        return new CallbackForm(action(v, "/callback"), hidden(v), dayOptions, times, daysError, timeError,
                open || daysError != null || timeError != null);
    }

    /** "We will call you back on Monday or Wednesday, in the morning (8am–12pm)." */
    static String callbackSentence(Messages m, List<String> days, String time) {
        String when;
        if (days.isEmpty()) {
            when = m.get("booking.widget.callback.anyDay");
        } else {
            String list = dayName(days.get(0), m);
            for (int i = 1; i < days.size(); i++) {
                list = m.get(i == days.size() - 1 ? "booking.widget.list.last" : "booking.widget.list.more", list,
                        dayName(days.get(i), m));
            }
            when = m.get("booking.widget.callback.onDays", list);
        }
        return m.get("booking.widget.callback.done", when, m.get("booking.widget.callback.time." + time));
    }

    private static String dayName(String code, Messages m) {
        return DayOfWeek.values()[CALLBACK_DAYS.indexOf(code)].getDisplayName(TextStyle.FULL, m.locale());
    }
}
