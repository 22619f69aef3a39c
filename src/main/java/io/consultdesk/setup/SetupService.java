package io.consultdesk.setup;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.booking.BookingService;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicRules;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.clinic.Problem;
import io.consultdesk.db.Database;
import io.consultdesk.i18n.Messages;
import io.consultdesk.lead.FieldError;
import io.consultdesk.lead.LeadInput;
import io.consultdesk.lead.LeadService;
import io.consultdesk.lead.ScreeningInput;
import io.consultdesk.mail.MailComposer;
import io.consultdesk.mail.Outbox;
import io.consultdesk.mail.OutboxDao;
import io.consultdesk.staff.StaffUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.simplejavamail.api.email.Email;

/**
 * A new clinic from the browser, and its setup checklist: what the clinic still needs before it takes requests,
 * read fresh from its settings, the form's loads and its test requests, and the test request itself, which goes
 * through the same path as a visitor's ({@link LeadService#submit}), so its validation, consent evidence and emails
 * are exactly a visitor's.
 */
public final class SetupService {
    /** What a test request says about its sender: plain fake data, and the sender's own address. */
    public static final String TEST_NAME = "Test request";
    private final Database db;
    private final ClinicService clinics;
    private final LeadService leads;
    private final Outbox outbox;
    private final MailComposer composer;
    private final AuditLog audit;
    private final Runnable countedLoads;
    private final BookingService bookings;

    /**
     * @param countedLoads writes the form's loads counted in memory so far (the checklist reads them from the database)
     * @param bookings     cancels a test request's consultation (freeing its time) before the request is removed
     */
    public SetupService(Database db, ClinicService clinics, LeadService leads, Outbox outbox, MailComposer composer,
                        AuditLog audit, Runnable countedLoads, BookingService bookings) {
        this.db = db;
        this.clinics = clinics;
        this.leads = leads;
        this.outbox = outbox;
        this.composer = composer;
        this.audit = audit;
        this.countedLoads = countedLoads;
        this.bookings = bookings;
    }

    public sealed interface Creation {
        record Created(Clinic clinic) implements Creation {}

        /** Nothing was stored; the form (with the address name suggested when none was typed) and every problem. */
        record Invalid(NewClinicForm form, List<Problem> problems) implements Creation {}
    }

    /**
     * Creates the clinic through {@link ClinicService#create}: the one set of rules, a first version in the history
     * and {@code clinic.created} in the audit log. An address name already taken is refused before the other rules
     * run, so its problem comes with every other problem of the form, and one round fixes everything.
     */
    public Creation create(NewClinicForm typed, Actor actor) {
        NewClinicForm form = typed.withSuggestedSlug();
        var draft = form.draft();
        ClinicService.Save save = clinics.create(draft, actor);
        if (save instanceof ClinicService.Save.Saved saved) {
            return new Creation.Created(saved.clinic());
        }
        List<Problem> problems = new ArrayList<>(((ClinicService.Save.Invalid) save).problems());
        if (problems.stream().allMatch(p -> p.isAbout("slug"))
                && ClinicRules.check(draft) instanceof ClinicRules.Result.Invalid others) {
            others.problems().stream().filter(p -> !p.isAbout("slug")).forEach(problems::add);
        }
        if (typed.noSlugFromName()) { // not "required": a name was given, but nothing could be made of it
            problems.replaceAll(p -> p.path().equals("slug") && p.key().equals("clinic.rule.required")
                    ? new Problem("slug", "setup.review.slugNotMade", List.of(typed.name().strip())) : p);
        }
        return new Creation.Invalid(form, List.copyOf(problems));
    }

    public Optional<Clinic> clinic(String slug) {
        return clinics.find(slug);
    }

    /** The clinic's checklist as things are now. */
    public Optional<Checklist> checklist(String slug) {
        countedLoads.run();
        return clinics.find(slug).map(clinic -> db.jdbi().withExtension(SetupDao.class, d -> new Checklist(clinic,
                d.loads(slug, true), d.loads(slug, false),
                d.latestTest(slug).map(t -> new Checklist.TestRequest(t, outbox.forLead(t.id()))), d.testCount(slug))));
    }

    public sealed interface TestOutcome {
        record Sent(String leadId) implements TestOutcome {}

        /** The request path refused it (the sender's address, or a clinic setting it cannot meet): each problem in words. */
        record Refused(List<String> problems) implements TestOutcome {}

        record RateLimited(Duration retryAfter) implements TestOutcome {}

        record NotFound() implements TestOutcome {}
    }

    /**
     * Sends a test request to the clinic as a visitor would, marked as a test: name "Test request", the sender's own
     * email (so the visitor's confirmation comes to them), contact by email, consent given, no screening answers, and
     * only what the clinic's form requires besides (not sure which treatment, outside the US, no preferred location).
     */
    public TestOutcome sendTestRequest(String slug, StaffUser sender, Actor actor, String clientIp) {
        Optional<Clinic> found = clinics.find(slug);
        if (found.isEmpty()) {
            return new TestOutcome.NotFound();
        }
        Clinic clinic = found.get();
        LeadInput input = new LeadInput(TEST_NAME, sender.email(), null, "email", null, null,
                clinic.questions().state() ? "OT" : null, true, clinic.asksLocation() ? "any" : null,
                clinic.questions().interest() ? "unsure" : null, List.of(), Map.of(), null, null, true, false,
                ScreeningInput.empty(), false);
        LeadService.Outcome outcome = leads.submit(clinic, input, Map.of(),
                new LeadService.Origin("widget", clientIp, null, true));
        if (outcome instanceof LeadService.Outcome.Stored stored) {
            audit.record(actor, "lead.testSent", slug, stored.leadId(), null);
            return new TestOutcome.Sent(stored.leadId());
        }
        if (outcome instanceof LeadService.Outcome.RateLimited limited) {
            return new TestOutcome.RateLimited(limited.retryAfter());
        }
        Messages m = Messages.forLocale(clinic.locale());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, FieldError> e : ((LeadService.Outcome.Invalid) outcome).errors().entrySet()) {
            problems.add(m.get("setup.test.problem", m.has("field." + e.getKey()) ? m.get("field." + e.getKey()) : e.getKey(),
                    e.getValue().text(m)));
        }
        return new TestOutcome.Refused(problems);
    }

    /**
     * Removes the clinic's test requests and everything they left: a consultation still booked is cancelled first, as
     * staff would (its time is free again), then, in one transaction, their notes, emails, consultations, consent
     * evidence and the requests themselves go, written to the audit log as one row with the count. A visitor's request
     * is never touched: every statement names the clinic's test requests only. Returns how many were removed.
     */
    public int removeTestRequests(Clinic clinic, Actor actor) {
        List<String> tests = db.jdbi().withExtension(SetupDao.class, d -> d.testLeadIds(clinic.slug()));
        for (String lead : tests) {
            bookings.activeForLead(lead).ifPresent(b -> bookings.cancel(clinic, b, BookingService.Source.staff(actor)));
        }
        return db.write(h -> {
            SetupDao dao = h.attach(SetupDao.class);
            dao.deleteTestNotes(clinic.slug());
            dao.deleteTestEmails(clinic.slug());
            dao.deleteTestSeats(clinic.slug());
            dao.deleteTestBookings(clinic.slug());
            dao.deleteTestConsents(clinic.slug());
            int removed = dao.deleteTestLeads(clinic.slug());
            if (removed > 0) {
                audit.record(h, actor, "lead.testRequestsRemoved", clinic.slug(), null, removed + " test requests");
            }
            return removed;
        });
    }

    /** One email of a test request as it is sent: from the composer that sends it, with the clinic's settings now. */
    public record EmailPreview(OutboxDao.Message email, Optional<Rendered> rendered, String why) {}

    public record Rendered(String subject, String text, String html) {}

    /** An email of one of the clinic's test requests; empty for any other email (a real request's, another clinic's). */
    public Optional<EmailPreview> testEmail(String slug, String emailId) {
        if (emailId == null || emailId.length() > 64) {
            return Optional.empty();
        }
        return db.jdbi().withExtension(SetupDao.class, d -> d.testEmail(slug, emailId)).map(message -> {
            try {
                Email email = composer.compose(message);
                return new EmailPreview(message, Optional.of(new Rendered(email.getSubject(), email.getPlainText(),
                        email.getHTMLText())), null);
            } catch (MailComposer.Superseded | MailComposer.Unsendable e) {
                return new EmailPreview(message, Optional.empty(), e.getMessage());
            }
        });
    }
}
