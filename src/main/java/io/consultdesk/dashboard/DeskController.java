package io.consultdesk.dashboard;

import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffFrame;
import io.consultdesk.staff.StaffUser;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dashboard's pages and forms under {@code /staff}; every form posts, then redirects back (no resubmission). */
public final class DeskController {
    private static final Map<String, String> DONE = Map.of("status", "staff.lead.done.status", "assign",
            "staff.lead.done.assign", "note", "staff.lead.done.note", "acknowledge", "staff.lead.done.acknowledge",
            "booked", "staff.booking.done.booked", "rescheduled", "staff.booking.done.rescheduled",
            "cancelled", "staff.booking.done.cancelled");
    private static final Map<String, String> ERRORS = Map.of("note", "staff.lead.error.note", "assign",
            "staff.lead.error.assign", "status", "staff.lead.error.status", "acknowledge", "staff.lead.error.acknowledge",
            "statusUrgent", "staff.lead.error.statusUrgent", "bookingChanged", "staff.booking.error.changed");
    private final DeskService desk;
    private final StaffAuth auth;
    private final Views views;
    private final Clock clock;

    public DeskController(DeskService desk, StaffAuth auth, Views views, Clock clock) {
        this.desk = desk;
        this.auth = auth;
        this.views = views;
        this.clock = clock;
    }

    public void inbox(Context ctx) {
        StaffUser user = auth.user(ctx);
        InboxFilter filter = fromUrl(ctx, user);
        DeskService.Inbox inbox = desk.inbox(user, filter, auth.actor(ctx));
        StaffFrame frame = auth.frame(ctx, t().get("staff.inbox.title"), "inbox", inbox.urgentWaiting());
        html(ctx, 200, "dashboard/inbox.jte", new InboxPage(frame, inbox, filter, formats(inbox.zone()), labels()));
    }

    /**
     * The search form posts (its text is often a patient's name, so it is never put in a URL): the text is kept as
     * the person's saved search, and the inbox's address carries its id with the other filters.
     */
    public void search(Context ctx) {
        StaffUser user = auth.user(ctx);
        InboxFilter posted = InboxFilter.parse(ctx::formParam).withPage(1);
        InboxFilter filter = posted.query().map(q -> posted.withSearch(Optional.of(q), Optional.of(desk.saveSearch(user, q))))
                .orElse(posted.withSearch(Optional.empty(), Optional.empty()));
        String q = filter.toQuery();
        ctx.redirect("/staff/leads" + (q.isEmpty() ? "" : "?" + q), HttpStatus.SEE_OTHER);
    }

    /** The filters of the address, with the text of the person's saved search it names (a text in the address is ignored). */
    private InboxFilter fromUrl(Context ctx, StaffUser user) {
        InboxFilter filter = InboxFilter.parse(name -> "q".equals(name) ? null : ctx.queryParam(name));
        Optional<String> text = filter.search().flatMap(id -> desk.savedSearch(user, id));
        return filter.withSearch(text, text.isPresent() ? filter.search() : Optional.empty());
    }

    public void export(Context ctx) {
        InboxFilter filter = fromUrl(ctx, auth.user(ctx));
        String csv = desk.exportCsv(auth.user(ctx), filter, auth.actor(ctx));
        String name = "consultdesk-leads-" + DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(clock)) + ".csv";
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        // A byte-order mark, so spreadsheet programs read the file as UTF-8 (names with accents).
        ctx.contentType("text/csv; charset=utf-8").result("\uFEFF" + csv);
    }

    public void lead(Context ctx) {
        Optional<DeskService.LeadDetail> detail = desk.lead(auth.user(ctx), ctx.pathParam("id"), auth.actor(ctx));
        if (detail.isEmpty()) {
            notFound(ctx);
            return;
        }
        Optional<String> notice = Optional.ofNullable(ctx.queryParam("done")).map(DONE::get).map(k -> t().get(k));
        Optional<String> error = Optional.ofNullable(ctx.queryParam("error")).map(ERRORS::get).map(k -> t().get(k));
        StaffFrame frame = auth.frame(ctx, t().get("staff.lead.title"), "inbox", desk.urgentWaiting(auth.user(ctx)));
        html(ctx, 200, "dashboard/lead.jte", new LeadPage(frame, detail.get(), formats(detail.get().zone()), labels(),
                notice, error));
    }

    public void changeStatus(Context ctx) {
        after(ctx, "status", desk.changeStatus(auth.user(ctx), ctx.pathParam("id"), ctx.formParam("status"), auth.actor(ctx)));
    }

    public void assign(Context ctx) {
        after(ctx, "assign", desk.assign(auth.user(ctx), ctx.pathParam("id"), ctx.formParam("assignee"), auth.actor(ctx)));
    }

    public void addNote(Context ctx) {
        after(ctx, "note", desk.addNote(auth.user(ctx), ctx.pathParam("id"), ctx.formParam("note"), auth.actor(ctx)));
    }

    public void acknowledge(Context ctx) {
        after(ctx, "acknowledge", desk.acknowledge(auth.user(ctx), ctx.pathParam("id"), auth.actor(ctx)));
    }

    public void overview(Context ctx) {
        StaffUser user = auth.user(ctx);
        Optional<String> clinic = Optional.ofNullable(ctx.queryParam("clinic")).filter(user::canSee);
        DeskService.Overview o = desk.overview(user, clinic, auth.actor(ctx));
        Formats formats = formats(o.zone());
        Charts.StackedBars weekly = Charts.stackedBars(o.weeks().stream().map(formats::day).toList(), o.perWeek(),
                o.interests());
        List<Charts.Step> funnel = Charts.funnel(LeadStatus.stages().stream().map(s -> s.code).toList(), o.funnel(),
                OverviewPage.FUNNEL_WIDTH);
        StaffFrame frame = auth.frame(ctx, t().get("staff.overview.title"), "overview", desk.urgentWaiting(user));
        html(ctx, 200, "dashboard/overview.jte", new OverviewPage(frame, o, weekly, funnel, clinic, labels(), formats));
    }

    private void after(Context ctx, String what, DeskService.Change change) {
        String id = ctx.pathParam("id");
        switch (change) {
            case NOT_FOUND -> notFound(ctx);
            case INVALID -> ctx.redirect("/staff/leads/" + id + "?error=" + what, HttpStatus.SEE_OTHER);
            case NEEDS_ACKNOWLEDGEMENT -> ctx.redirect("/staff/leads/" + id + "?error=statusUrgent#acknowledge", HttpStatus.SEE_OTHER);
            default -> ctx.redirect("/staff/leads/" + id + "?done=" + what + "#" + what, HttpStatus.SEE_OTHER);
        }
    }

    private void notFound(Context ctx) {
        StaffFrame frame = auth.frame(ctx, t().get("staff.notFound.title"), "inbox", desk.urgentWaiting(auth.user(ctx)));
        html(ctx, 404, "dashboard/not-found.jte", frame);
    }

    private void html(Context ctx, int status, String template, Object page) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render(template, page));
    }

    private Formats formats(java.time.ZoneId zone) {
        return new Formats(t(), zone, clock.instant());
    }

    private static Labels labels() {
        return new Labels(t());
    }

    private static Messages t() {
        return Messages.english();
    }
}
