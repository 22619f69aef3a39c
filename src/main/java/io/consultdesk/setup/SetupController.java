package io.consultdesk.setup;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.dashboard.Formats;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffFrame;
import io.consultdesk.staff.StaffUser;
import io.consultdesk.web.Headers;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The pages of {@link SetupService}: "New clinic" (admins) and a clinic's setup checklist, its "Send a test request"
 * and the test request's emails (the clinic's owners, and admins). Who may open each is named in App's route table
 * and checked by the staff guard before these run.
 */
public final class SetupController {
    /** The staff pages' policy, and this server's own pages in frames: the email's HTML part on its page. */
    private static final String EMAIL_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** An email's HTML part: its own inline styles only, no scripts, no network, sandboxed, framed only by our page. */
    private static final String EMAIL_PART_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
    private final SetupService setup;
    private final StaffAuth auth;
    private final Views views;
    private final Clock clock;
    private final Supplier<URI> publicUrl;
    private final ToLongFunction<StaffUser> urgentWaiting;

    /**
     * @param publicUrl the server's public URL, for the form's future address
     * @param urgentWaiting the urgent requests waiting for a person, for the navigation
     */
    public SetupController(SetupService setup, StaffAuth auth, Views views, Clock clock, Supplier<URI> publicUrl,
                           ToLongFunction<StaffUser> urgentWaiting) {
        this.setup = setup;
        this.auth = auth;
        this.views = views;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.urgentWaiting = urgentWaiting;
    }

    public void newClinic(Context ctx) {
        renderNew(ctx, 200, NewClinicForm.blank(auth.user(ctx).email()), List.of());
    }

    public void createClinic(Context ctx) {
        SetupService.Creation result = setup.create(NewClinicForm.read(ctx::formParam), auth.actor(ctx));
        if (result instanceof SetupService.Creation.Created created) {
            ctx.redirect("/staff/clinics/" + created.clinic().slug() + "/setup", HttpStatus.SEE_OTHER);
        } else {
            SetupService.Creation.Invalid invalid = (SetupService.Creation.Invalid) result;
            renderNew(ctx, 422, invalid.form(), invalid.problems());
        }
    }

    public void checklist(Context ctx) {
        Optional<String> notice = "test".equals(ctx.queryParam("sent")) ? Optional.of(t().get("setup.test.sent")) : Optional.empty();
        String removed = ctx.queryParam("removed");
        if (removed != null && removed.matches("^[0-9]{1,6}$")) {
            notice = Optional.of(t().get("setup.review.removed", Integer.parseInt(removed)));
        }
        renderChecklist(ctx, 200, notice, List.of());
    }

    /** POST …/setup/test-requests/remove: the clinic's test requests go, with everything they left. */
    public void removeTestRequests(Context ctx) {
        String slug = ctx.pathParam("clinic");
        int removed = setup.removeTestRequests(clinic(slug), auth.actor(ctx));
        ctx.redirect("/staff/clinics/" + slug + "/setup?removed=" + removed + "#test", HttpStatus.SEE_OTHER);
    }

    public void sendTestRequest(Context ctx) {
        String slug = ctx.pathParam("clinic");
        SetupService.TestOutcome outcome = setup.sendTestRequest(slug, auth.user(ctx), auth.actor(ctx), auth.clientIp(ctx));
        if (outcome instanceof SetupService.TestOutcome.Sent) {
            ctx.redirect("/staff/clinics/" + slug + "/setup?sent=test#test", HttpStatus.SEE_OTHER);
        } else if (outcome instanceof SetupService.TestOutcome.Refused refused) {
            renderChecklist(ctx, 422, Optional.empty(), prepend(t().get("setup.test.refused"), refused.problems()));
        } else if (outcome instanceof SetupService.TestOutcome.RateLimited limited) {
            ctx.header("Retry-After", Long.toString(limited.retryAfter().toSeconds()));
            renderChecklist(ctx, 429, Optional.empty(), List.of(t().get("setup.review.testLimited",
                    io.consultdesk.lead.LeadService.TEST_REQUESTS_PER_HOUR, Math.max(1, (limited.retryAfter().toSeconds() + 59) / 60))));
        } else {
            throw auth.notFound();
        }
    }

    public void email(Context ctx) {
        String slug = ctx.pathParam("clinic");
        SetupService.EmailPreview preview = setup.testEmail(slug, ctx.pathParam("email")).orElseThrow(auth::notFound);
        Clinic clinic = clinic(slug);
        StaffFrame frame = auth.frame(ctx, t().get("setup.email.title"), "clinics", urgentWaiting.applyAsLong(auth.user(ctx)));
        ctx.header(Headers.CSP, EMAIL_PAGE_CSP);
        html(ctx, 200, "setup/email.jte", new EmailPage(frame, tabs(ctx, clinic), preview, formats(clinic)));
    }

    /** The HTML part alone, for the frame on the email's page. */
    public void emailHtml(Context ctx) {
        SetupService.EmailPreview preview = setup.testEmail(ctx.pathParam("clinic"), ctx.pathParam("email"))
                .orElseThrow(auth::notFound);
        ctx.header(Headers.CSP, EMAIL_PART_CSP);
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        Headers.noStore(ctx);
        ctx.contentType("text/html; charset=utf-8").result(preview.rendered().map(SetupService.Rendered::html).orElse(""));
    }

    private void renderNew(Context ctx, int status, NewClinicForm form, List<io.consultdesk.clinic.Problem> problems) {
        StaffFrame frame = auth.frame(ctx, t().get("setup.new.title"), "clinics", urgentWaiting.applyAsLong(auth.user(ctx)));
        String base = publicUrl.get().toString().replaceAll("/+$", "");
        html(ctx, status, "setup/new-clinic.jte", new NewClinicPage(frame, form, problems, TimeZones.groups(), base));
    }

    private void renderChecklist(Context ctx, int status, Optional<String> notice, List<String> errors) {
        String slug = ctx.pathParam("clinic");
        Checklist checklist = setup.checklist(slug).orElseThrow(auth::notFound);
        StaffFrame frame = auth.frame(ctx, t().get("setup.checklist.title", checklist.clinic().name()), "clinics",
                urgentWaiting.applyAsLong(auth.user(ctx)));
        html(ctx, status, "setup/checklist.jte", new ChecklistPage(frame, tabs(ctx, checklist.clinic()), checklist,
                formats(checklist.clinic()), notice, errors));
    }

    private Clinic clinic(String slug) {
        return setup.clinic(slug).orElseThrow(auth::notFound);
    }

    private ClinicTabs tabs(Context ctx, Clinic clinic) {
        return ClinicTabs.of(auth.user(ctx), clinic.slug(), clinic.name(), "setup");
    }

    /** Times at the clinic's first location. */
    private Formats formats(Clinic clinic) {
        ZoneId zone = clinic.locations().stream().findFirst().map(Clinic.Location::zone).orElse(ZoneOffset.UTC);
        return new Formats(t(), zone, clock.instant());
    }

    private void html(Context ctx, int status, String template, Object page) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render(template, page));
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static Messages t() {
        return Messages.english();
    }
}
