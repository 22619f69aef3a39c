package io.consultdesk.embed;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.i18n.Messages;
import io.consultdesk.lead.Choices;
import io.consultdesk.lead.FieldError;
import io.consultdesk.db.RandomIds;
import io.consultdesk.lead.LeadInput;
import java.util.ArrayList;
import io.consultdesk.screening.SafetyQuestion;
import io.consultdesk.lead.ScreeningInput;
import io.consultdesk.lead.LeadService;
import io.consultdesk.lead.Utm;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page inside the iframe: {@code GET /embed/{clinic}} shows the form, {@code POST} takes it. Works as
 * a plain HTML form; form.js improves it without changing what the server does.
 */
public final class EmbedController {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedController.class);
    static final String HONEYPOT = "contact_me_by_fax_only";
    private final ClinicService clinics;
    private final LeadService leads;
    private final Views views;
    private final FormTokens tokens;
    private final ClientIp clientIp;
    private final Duration minFillTime;
    private final EmbedPages pages;
    private final AfterRequest afterRequest;

    /** @param afterRequest what the iframe shows once the request is stored (the booking step) */
    public EmbedController(ClinicService clinics, LeadService leads, Views views, Assets assets, FormTokens tokens,
                           ClientIp clientIp, Duration minFillTime, AfterRequest afterRequest) {
        this.clinics = clinics;
        this.leads = leads;
        this.views = views;
        this.tokens = tokens;
        this.clientIp = clientIp;
        this.minFillTime = minFillTime;
        this.pages = new EmbedPages(assets, views);
        this.afterRequest = afterRequest;
    }

    public void show(Context ctx) {
        Optional<Clinic> clinic = clinics.find(ctx.pathParam("clinic"));
        if (clinic.isEmpty()) {
            notFound(ctx);
            return;
        }
        boolean crisis = "1".equals(ctx.queryParam("help"));
        render(ctx, 200, form(ctx, clinic.get(), preset(ctx, clinic.get()), Map.of(), List.of(), RandomIds.next(), crisis));
    }

    /**
     * A blank form, with what the embedding site asked for in the iframe's address: answers chosen in advance
     * ({@code interest}, {@code location}: used only when the clinic asks that question and offers that choice,
     * otherwise ignored) and its page's campaign ({@code utm_source}, {@code utm_medium}, {@code utm_campaign},
     * cleaned), which the form carries in hidden fields. Never an error: this comes from a site, not a visitor.
     */
    static LeadInput preset(Context ctx, Clinic clinic) {
        String interest = ctx.queryParam("interest");
        if (interest == null || !clinic.questions().interest() || !Choices.INTEREST.contains(interest)) {
            interest = null;
        }
        String location = ctx.queryParam("location");
        if (!clinic.asksLocation() || location == null
                || !Choices.ANY_LOCATION.equals(location) && clinic.location(location).isEmpty()) {
            location = null;
        }
        return LeadInput.preset(interest, location, utm(ctx::queryParam));
    }

    /** The campaign from the form's hidden fields (or the page's address), cleaned: bad values are dropped or cut. */
    static Utm utm(java.util.function.Function<String, String> param) {
        return Utm.lenient(param.apply("utm_source"), param.apply("utm_medium"), param.apply("utm_campaign"));
    }

    public void submit(Context ctx) {
        Optional<Clinic> found = clinics.find(ctx.pathParam("clinic"));
        if (found.isEmpty()) {
            notFound(ctx);
            return;
        }
        Clinic clinic = found.get();
        Messages m = Messages.forLocale(clinic.locale());
        LeadInput input = read(ctx, clinic);
        String key = ctx.formParam("submissionKey");
        if (key == null || !key.matches("^[A-Za-z0-9_-]{22}$")) {
            key = RandomIds.next();
        }
        boolean crisis = input.signalsCrisis();
        if (Preview.is(ctx)) { // the staff embed page's preview: nothing is stored, nobody is emailed
            render(ctx, 200, form(ctx, clinic, input, Map.of(), List.of(m.get("embed.preview.notSent")), key, crisis));
            return;
        }

        String honeypot = ctx.formParam(HONEYPOT);
        if (honeypot != null && !honeypot.isEmpty()) {
            render(ctx, 422, form(ctx, clinic, input, Map.of(), List.of(m.get("error.honeypot")), key, crisis));
            return;
        }
        Optional<Duration> age = tokens.age(ctx.formParam("started"));
        if (age.isEmpty() || age.get().compareTo(minFillTime) < 0) {
            render(ctx, 422, form(ctx, clinic, input, Map.of(), List.of(m.get("error.tooFast")), key, crisis));
            return;
        }

        LeadService.Outcome outcome;
        try {
            outcome = leads.submit(clinic, input, Map.of(), new LeadService.Origin("widget", clientIp.of(ctx), "form:" + key));
        } catch (JdbiException e) {
            LOG.error("Could not store a consultation request for clinic {}: {}", clinic.slug(), e.getClass().getSimpleName());
            render(ctx, 503, form(ctx, clinic, input, Map.of(), List.of(m.get("error.unavailable", clinic.phone())), key, crisis));
            return;
        }
        if (outcome instanceof LeadService.Outcome.Stored stored) {
            afterRequest.show(ctx, clinic, stored.leadId(), !stored.replay(), input, crisis);
        } else if (outcome instanceof LeadService.Outcome.Invalid invalid) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (Map.Entry<String, FieldError> e : invalid.errors().entrySet()) {
                errors.put(e.getKey(), e.getValue().text(m));
            }
            render(ctx, 422, form(ctx, clinic, input, errors, List.of(), key, crisis));
        } else if (outcome instanceof LeadService.Outcome.KeyReused) {
            // This form's key was sent with other answers before (the back button, new answers): nothing of that
            // request is shown; the answers are kept under a new key, so sending again stores them.
            render(ctx, 422, form(ctx, clinic, input, Map.of(), List.of(m.get("error.formAlreadySent")), RandomIds.next(), crisis));
        } else if (outcome instanceof LeadService.Outcome.RateLimited limited) {
            long minutes = Math.max(1, (limited.retryAfter().toSeconds() + 59) / 60);
            ctx.header("Retry-After", Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
            render(ctx, 429, form(ctx, clinic, input, Map.of(), List.of(m.get("error.rateLimited", minutes, clinic.phone())), key, crisis));
        }
    }

    /** The form's fields as a {@link LeadInput}: unticked boxes are absent from a form post, so they read as false. */
    static LeadInput read(Context ctx, Clinic clinic) {
        Map<String, Boolean> checklist = new LinkedHashMap<>();
        if (clinic.questions().tmsChecklist()) {
            List<String> ticked = ctx.formParams("tmsChecklist");
            for (String item : Choices.TMS_CHECKLIST) {
                checklist.put(item, ticked.contains(item));
            }
        }
        return new LeadInput(ctx.formParam("name"), ctx.formParam("email"), ctx.formParam("phone"),
                ctx.formParam("preferredContact"), ctx.formParam("bestTime"), ctx.formParam("timeZone"),
                ctx.formParam("state"), ctx.formParam("adult") != null, ctx.formParam("location"),
                ctx.formParam("interest"), ctx.formParams("conditions"), checklist, ctx.formParam("referralSource"),
                ctx.formParam("message"), ctx.formParam("consent") != null, ctx.formParam("smsConsent") != null,
                screening(ctx, clinic), "true".equals(ctx.formParam("helpNow")), utm(ctx::formParam));
    }

    /** Radio groups {@code phq1}..{@code phq9}, {@code gad1}..{@code gad7}, {@code safety.<code>}: a skipped question is absent. */
    static ScreeningInput screening(Context ctx, Clinic clinic) {
        Clinic.Questions q = clinic.questions();
        List<String> depression = new ArrayList<>();
        if (q.asksDepressionScale()) {
            int items = "phq8".equals(q.depressionScale()) ? 8 : 9;
            for (int i = 1; i <= items; i++) {
                depression.add(ctx.formParam("phq" + i));
            }
        }
        List<String> anxiety = new ArrayList<>();
        if (q.anxietyScale()) {
            for (int i = 1; i <= 7; i++) {
                anxiety.add(ctx.formParam("gad" + i));
            }
        }
        Map<String, String> safety = new LinkedHashMap<>();
        for (SafetyQuestion s : SafetyQuestion.values()) {
            String answer = ctx.formParam("safety." + s.code());
            if (answer != null) {
                safety.put(s.code(), answer);
            }
        }
        return new ScreeningInput(q.depressionScale(), depression, anxiety, ctx.formParam("phqDifficulty"), safety,
                ctx.formParam("antidepressantTrials"));
    }

    private FormPage form(Context ctx, Clinic clinic, LeadInput values, Map<String, String> errors, List<String> notices,
                          String key, boolean crisis) {
        Messages m = Messages.forLocale(clinic.locale());
        Frame frame = pages.frame(ctx, clinic, m, m.get("page.title", clinic.name()));
        return new FormPage(frame, clinic, m, EmbedPages.action(clinic, "", frame.hostOrigin()), values, errors, notices,
                tokens.issue(), key, crisis);
    }

    private void render(Context ctx, int status, FormPage page) {
        pages.send(ctx, status, page.frame(), page.clinic(), views.render("embed/form.jte", page));
    }

    private void notFound(Context ctx) {
        pages.notFound(ctx);
    }
}
