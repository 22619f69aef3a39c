package io.consultdesk;

import io.consultdesk.audit.AuditController;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.booking.BookingApiController;
import io.consultdesk.booking.BookingCapabilities;
import io.consultdesk.booking.BookingMails;
import io.consultdesk.booking.BookingService;
import io.consultdesk.booking.BookingWidgetController;
import io.consultdesk.booking.ManageController;
import io.consultdesk.booking.StaffBookingController;
import io.consultdesk.booking.BookingTokens;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.dashboard.DeskController;
import io.consultdesk.dashboard.DeskService;
import io.consultdesk.dashboard.Escalations;
import io.consultdesk.db.Database;
import io.consultdesk.db.ServerSecrets;
import io.consultdesk.demo.DemoController;
import io.consultdesk.embed.EmbedController;
import io.consultdesk.embed.EmbedPages;
import io.consultdesk.embed.FormTokens;
import io.consultdesk.health.HealthController;
import io.consultdesk.i18n.Messages;
import io.consultdesk.lead.LeadApiController;
import io.consultdesk.lead.LeadService;
import io.consultdesk.mail.DevMailController;
import io.consultdesk.mail.EmlFileTransport;
import io.consultdesk.mail.MailComposer;
import io.consultdesk.mail.MailTransport;
import io.consultdesk.mail.MailWorker;
import io.consultdesk.mail.Outbox;
import io.consultdesk.mail.SmtpTransport;
import io.consultdesk.ratelimit.PublicLimits;
import io.consultdesk.ratelimit.RateLimiter;
import io.consultdesk.setup.SetupController;
import io.consultdesk.setup.SetupService;
import io.consultdesk.settings.PreviewTokens;
import io.consultdesk.settings.SettingsController;
import io.consultdesk.settings.SettingsService;
import io.consultdesk.staff.Access;
import io.consultdesk.staff.SignInController;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffService;
import io.consultdesk.team.AccountController;
import io.consultdesk.team.AccountService;
import io.consultdesk.team.InvitationController;
import io.consultdesk.team.Invitations;
import io.consultdesk.team.TeamController;
import io.consultdesk.team.TeamMails;
import io.consultdesk.team.TeamService;
import io.consultdesk.web.ApiError;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.FormBodies;
import io.consultdesk.web.HeadRequests;
import io.consultdesk.web.Headers;
import io.consultdesk.web.Views;
import io.consultdesk.website.InstallStats;
import io.consultdesk.website.WebsiteController;
import io.consultdesk.website.WebsiteService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from a {@link Config} and lists every route. Read this
 * class and you know the whole server. Tests build the same App with a test config on port 0.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    /** Emails sent at the same time; enough to drain a backlog quickly without looking like a flood. */
    public static final int MAIL_SENDERS = 4;
    private static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(10);
    /** How often the form's loads counted in memory are added to the database ("Is it installed?"). */
    private static final java.time.Duration INSTALL_STATS_FLUSH = java.time.Duration.ofSeconds(30);
    /** How often unacknowledged urgent leads are looked for: an escalation is at most this late. */
    private static final java.time.Duration ESCALATION_CHECK = java.time.Duration.ofSeconds(30);
    public static final String DEMO_ADMIN = "admin@demo-clinic.example";

    private final Config config;
    private final Database database;
    private final ClinicService clinics;
    private final Javalin javalin;
    private final RateLimiter rateLimiter;
    private final Outbox outbox;
    private final MailWorker mailWorker;
    private final StaffService staff;
    private final Escalations escalations;
    private final BookingService bookings;
    private final InstallStats installStats;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consultdesk-housekeeping");
        t.setDaemon(true);
        return t;
    });

    public App(Config config, Clock clock) {
        this.config = config;
        // Storage, and what every part shares.
        this.database = Database.open(config.databaseFile(), config.sealer());
        AuditLog audit = new AuditLog(database, clock);
        this.clinics = new ClinicService(database, audit, clock);
        this.rateLimiter = new RateLimiter(database, clock, config.rateLimitPerHour());
        Views views = Views.html(config.dev());
        Assets assets = new Assets(config.dev());
        ClientIp clientIp = new ClientIp(config.trustProxy());
        // The port is known only once the server listens (port 0 picks one), so links ask for it when made.
        Supplier<URI> publicUrl = () -> config.publicUrl(port());

        // Emails: queued in the outbox with what they are about, composed and sent by the worker.
        this.outbox = new Outbox(database, clock, config.mail().giveUpAfter());
        MailTransport transport = config.mail().sendsSmtp()
                ? new SmtpTransport(config.mail()) : new EmlFileTransport(config.mailDir());
        BookingTokens bookingTokens = new BookingTokens(new ServerSecrets(database.sealer()).get("booking-token"));
        MailComposer composer = new MailComposer(clinics, views, Views.plainText(config.dev()), config.mail(), publicUrl,
                new BookingMails(database, bookingTokens, config.mail(), publicUrl, clock),
                new TeamMails(database, outbox, publicUrl, clock), outbox::isTestLead);
        this.mailWorker = new MailWorker(outbox, composer, transport, MAIL_SENDERS);

        // The visitor's side: the form in the iframe, the booking step, the visitor's link, the API.
        LeadService leads = new LeadService(database, rateLimiter, outbox, clock);
        this.bookings = new BookingService(database, outbox, audit, bookingTokens,
                new BookingCapabilities(new ServerSecrets(database.sealer()).get("booking-capability"), clock), rateLimiter,
                PublicLimits.forRequests(config.rateLimitPerHour()), clock);
        FormTokens tokens = new FormTokens(new ServerSecrets(database.sealer()).get("form-token"), clock);
        EmbedPages embedPages = new EmbedPages(assets, views);
        var bookingWidget = new BookingWidgetController(clinics, bookings, views, assets, clientIp);
        var embed = new EmbedController(clinics, leads, views, assets, tokens, clientIp, config.minFillTime(),
                bookingWidget::afterRequest);
        var leadApi = new LeadApiController(clinics, leads, clientIp, bookings::issueCapability);
        var bookingApi = new BookingApiController(clinics, bookings, clientIp);
        var manage = new ManageController(clinics, bookings, views, assets, clientIp);
        var health = new HealthController(database, outbox, transport.kind(), clock);
        var demo = new DemoController(clinics, views, assets, publicUrl);
        var devMail = new DevMailController(config.mailDir(), views, assets);

        // Staff: accounts, the one guard of every /staff route, the requests.
        this.staff = new StaffService(database, audit, clock);
        this.escalations = new Escalations(database, clinics, outbox, audit, clock);
        StaffAuth staffAuth = new StaffAuth(staff, clientIp, assets, config.secureCookies(), publicUrl, views, clinics::exists);
        var twoFactor = new io.consultdesk.staff.TwoFactor(database, audit, clock);
        var signIn = new SignInController(staff, staffAuth, views, twoFactor);
        DeskService deskService = new DeskService(database, clinics, staff, audit, outbox, clock);
        var desk = new DeskController(deskService, staffAuth, views, clock);
        var staffBooking = new StaffBookingController(clinics, bookings, deskService, audit, staffAuth, views, clock);
        var auditPage = new AuditController(audit, staffAuth, views);
        var account = new AccountController(new AccountService(staff, clinics), clinics, staffAuth, views, twoFactor, staff);

        // Site owners: a clinic's settings, setup checklist, team, and embed page with whether the form is installed.
        this.installStats = new InstallStats(database, clinics, clock);
        var clinicSettings = new SettingsController(new SettingsService(clinics,
                new PreviewTokens(new ServerSecrets(database.sealer()).get("settings-preview"), clock)), deskService, staffAuth, views, assets);
        var setup = new SetupController(new SetupService(database, clinics, leads, outbox, composer, audit, installStats::flush,
                bookings), staffAuth, views, clock, publicUrl, deskService::urgentWaiting);
        var team = new TeamController(new TeamService(database, audit, outbox, clock), clinics, staffAuth, views, clock, twoFactor);
        var invitation = new InvitationController(new Invitations(database, clinics, staff, audit, outbox, clock), staff,
                staffAuth, views, config.secureCookies(), twoFactor);
        var website = new WebsiteController(clinics, new WebsiteService(database, installStats, deskService::sources, clock),
                installStats, clientIp, staffAuth, views, assets, publicUrl);

        this.javalin = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = LeadApiController.MAX_BODY_BYTES;
            c.requestLogger.http(App::logRequest);
            if (config.https()) {
                c.routes.before(Headers::transportSecurity); // HSTS on every answer; never over an http public URL
            }

            c.routes.before(FormBodies::check); // a form post that cannot be read is a 400 before anything reads a field
            c.routes.get("/healthz", health::health);
            c.routes.get("/widget.js", assets::loader);
            c.routes.get("/static/{name}", assets::formAsset);
            c.routes.before("/embed/{clinic}", website::countLoad); // GET only: counts loads per site, writes nothing
            c.routes.get("/embed/{clinic}", embed::show);
            c.routes.post("/embed/{clinic}", embed::submit);
            c.routes.post("/embed/{clinic}/times", bookingWidget::times);
            c.routes.post("/embed/{clinic}/book", bookingWidget::book);
            c.routes.post("/embed/{clinic}/callback", bookingWidget::callBack);
            c.routes.get("/consultation/{token}", manage::show);
            c.routes.post("/consultation/{token}/cancel", manage::cancel);
            c.routes.post("/consultation/{token}/reschedule", manage::reschedule);
            c.routes.post("/api/v1/clinics/{clinic}/leads", leadApi::create);
            c.routes.options("/api/v1/clinics/{clinic}/leads", leadApi::preflight);
            c.routes.get("/api/v1/clinics/{clinic}/slots", bookingApi::slots);
            c.routes.options("/api/v1/clinics/{clinic}/slots", bookingApi::preflight);
            c.routes.post("/api/v1/clinics/{clinic}/bookings", bookingApi::book);
            c.routes.options("/api/v1/clinics/{clinic}/bookings", bookingApi::preflight);
            if (config.demo()) { // dev mode or the demo command; a production server has no demo page (404)
                c.routes.get("/demo", demo::page);
                c.routes.get("/", ctx -> ctx.redirect("/demo"));
            }

            // The staff dashboard. Each route names who may open it (Access); the guard checks that, the
            // session and the CSRF token before any handler runs.
            c.routes.beforeMatched("/staff", staffAuth::guard);
            c.routes.beforeMatched("/staff/*", staffAuth::guard);
            c.routes.get("/staff", ctx -> ctx.redirect(Access.home(staffAuth.user(ctx)), HttpStatus.SEE_OTHER), Access.SIGNED_IN);
            c.routes.get(StaffAuth.SIGN_IN, signIn::show, Access.PUBLIC);
            c.routes.post(StaffAuth.SIGN_IN, signIn::submit, Access.PUBLIC);
            c.routes.post("/staff/sign-out", signIn::signOut, Access.SIGNED_IN);
            c.routes.get(SignInController.CODE, signIn::codePage, Access.PUBLIC);
            c.routes.post(SignInController.CODE, signIn::submitCode, Access.PUBLIC);
            c.routes.get(SignInController.SETUP, signIn::setupPage, Access.PUBLIC);
            c.routes.post(SignInController.SETUP, signIn::submitSetup, Access.PUBLIC);
            c.routes.get("/staff/leads", desk::inbox, Access.REQUESTS);
            c.routes.post("/staff/leads", desk::search, Access.REQUESTS); // the search text stays out of URLs
            c.routes.get("/staff/leads.csv", desk::export, Access.REQUESTS);
            c.routes.get("/staff/leads/{id}", desk::lead, Access.REQUESTS);
            c.routes.post("/staff/leads/{id}/status", desk::changeStatus, Access.REQUESTS);
            c.routes.post("/staff/leads/{id}/assign", desk::assign, Access.REQUESTS);
            c.routes.post("/staff/leads/{id}/notes", desk::addNote, Access.REQUESTS);
            c.routes.post("/staff/leads/{id}/acknowledge", desk::acknowledge, Access.REQUESTS);
            c.routes.get("/staff/overview", desk::overview, Access.REQUESTS);
            c.routes.get("/staff/consultations", staffBooking::consultations, Access.REQUESTS);
            c.routes.get("/staff/leads/{id}/booking", staffBooking::pick, Access.REQUESTS);
            c.routes.post("/staff/leads/{id}/booking", staffBooking::book, Access.REQUESTS);
            c.routes.post("/staff/leads/{id}/booking/cancel", staffBooking::cancel, Access.REQUESTS);
            c.routes.get("/staff/audit", auditPage::page, Access.ADMIN);
            c.routes.get("/staff/account", account::page, Access.SIGNED_IN);
            c.routes.post("/staff/account/password", account::changePassword, Access.SIGNED_IN);
            c.routes.post("/staff/account/two-factor", account::startTwoFactor, Access.SIGNED_IN);
            c.routes.post("/staff/account/two-factor/confirm", account::confirmTwoFactor, Access.SIGNED_IN);
            c.routes.post("/staff/account/two-factor/off", account::turnOffTwoFactor, Access.SIGNED_IN);
            // The invitation's link: no session, the token is the key.
            c.routes.get("/staff/invitation/{token}", invitation::show, Access.PUBLIC);
            c.routes.post("/staff/invitation/{token}", invitation::accept, Access.PUBLIC);

            // Site owners. The clinics list shows each person what their role opens; admins create clinics.
            c.routes.get("/staff/clinics", clinicSettings::clinics, Access.SIGNED_IN);
            c.routes.get("/staff/clinics/new", setup::newClinic, Access.ADMIN);
            c.routes.post("/staff/clinics/new", setup::createClinic, Access.ADMIN);
            // The setup checklist, with its test request and the emails it produced.
            c.routes.get("/staff/clinics/{clinic}/setup", setup::checklist, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/setup/test-request", setup::sendTestRequest, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/setup/test-requests/remove", setup::removeTestRequests, Access.CLINIC_MANAGE);
            c.routes.get("/staff/clinics/{clinic}/setup/emails/{email}", setup::email, Access.CLINIC_MANAGE);
            c.routes.get("/staff/clinics/{clinic}/setup/emails/{email}/html", setup::emailHtml, Access.CLINIC_MANAGE);
            // Settings: a page per section of the clinic file, saved through the one set of rules; history; preview.
            c.routes.get("/staff/clinics/{clinic}/settings", clinicSettings::home, Access.CLINIC_MANAGE);
            c.routes.get("/staff/clinics/{clinic}/settings/history", clinicSettings::history, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/settings/history/{version}/restore", clinicSettings::restore, Access.CLINIC_MANAGE);
            c.routes.get("/staff/clinics/{clinic}/settings/{section}", clinicSettings::show, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/settings/{section}", clinicSettings::submit, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/settings/{section}/preview", clinicSettings::preview, Access.CLINIC_MANAGE);
            c.routes.get("/staff/clinics/{clinic}/preview/form", clinicSettings::previewForm, Access.CLINIC_MANAGE);
            // The team.
            c.routes.get("/staff/clinics/{clinic}/team", team::page, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/team/invitations", team::invite, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/team/invitations/{invite}/resend", team::resend, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/team/invitations/{invite}/revoke", team::revoke, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/team/members/{member}/role", team::changeRole, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/team/members/{member}/disable", team::disable, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/team/members/{member}/enable", team::enable, Access.CLINIC_MANAGE);
            c.routes.post("/staff/clinics/{clinic}/team/two-factor", team::requireTwoFactor, Access.CLINIC_MANAGE);
            // The embed page (owners, marketing, admins), and the sample host page its previews show.
            c.routes.get("/staff/clinics/{clinic}/embed", website::page, Access.CLINIC_WEBSITE);
            c.routes.get("/staff/clinics/{clinic}/embed/sample", website::sample, Access.CLINIC_WEBSITE);
            // Dev mode: the emails written to files, with the links in them, for admins (under /staff: its guard and cookie).
            if (config.dev()) {
                c.routes.get("/staff/dev/mail", devMail::list, Access.ADMIN);
                c.routes.get("/staff/dev/mail/{file}", devMail::show, Access.ADMIN);
                c.routes.get("/staff/dev/mail/{file}/html", devMail::htmlPart, Access.ADMIN);
                c.routes.get("/dev/mail", ctx -> ctx.redirect("/staff/dev/mail", HttpStatus.SEE_OTHER));
            }

            c.routes.after(Headers::defaults);
            c.routes.exception(StaffAuth.Halt.class, (e, ctx) -> e.respond(ctx));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> httpError(e, ctx, staffAuth, embedPages));
            c.routes.exception(JdbiException.class, App::storageUnavailable);
            c.routes.exception(Exception.class, App::unexpected);
        });
        HeadRequests.answerAsGet(javalin); // HEAD runs the GET handler, behind the same guard
    }

    public App start() {
        if (config.demo()) {
            clinics.createDemoClinic(true).ifPresent(demo ->
                    LOG.info("Created the demo clinic \"{}\" ({}).", demo.slug(), demo.name()));
        }
        if (config.dev()) {
            staff.createDemoAdmin(DEMO_ADMIN).ifPresent(password -> LOG.info(
                    "Created the demo admin for the dashboard: {} with password {} (shown once; dev mode only)",
                    DEMO_ADMIN, password));
        }
        javalin.start(config.bind(), config.port());
        mailWorker.start();
        housekeeping.scheduleAtFixedRate(this::purge, 1, 10, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(this::escalate, 5, ESCALATION_CHECK.toSeconds(), TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(this::flushInstallStats, INSTALL_STATS_FLUSH.toSeconds(),
                INSTALL_STATS_FLUSH.toSeconds(), TimeUnit.SECONDS);
        URI url = config.publicUrl(port());
        LOG.info("Consultdesk is listening on {} port {}{}; database {}", config.bind(), port(),
                Config.LOOPBACK.equals(config.bind()) ? " (this machine only; " + Config.BIND + " changes it)" : "",
                database.file().toAbsolutePath());
        if (config.mail().sendsSmtp()) {
            LOG.info("Emails are sent through {}", config.mail());
            if (config.mail().transport() == io.consultdesk.mail.MailSettings.Transport.SMTP && !config.mail().toLoopback()) {
                LOG.warn("{}=smtp: emails (with booking and staff links) go unencrypted when {} offers no STARTTLS."
                        + " Use starttls or smtps for a server on another machine.", Config.SMTP_TRANSPORT,
                        config.mail().smtpHost().orElseThrow());
            }
            if (config.baseUrl().isEmpty()) {
                LOG.warn("{} is not set: links in emails point to {}, which only works on this machine.", Config.BASE_URL, url);
            }
        } else {
            LOG.info("No SMTP server is set ({}): emails are written as .eml files to {}{}", Config.SMTP_HOST,
                    config.mailDir().toAbsolutePath(), config.dev() ? " and listed for admins at " + url + "/staff/dev/mail" : "");
        }
        LOG.info("Staff dashboard: {}/staff", url);
        if (config.demo()) {
            LOG.info("Demo clinic page: {}/demo   embed snippet: <script src=\"{}/widget.js\" data-clinic=\"demo\" async></script>",
                    url, url);
        } else if (clinics.exists(io.consultdesk.clinic.ClinicRules.DEMO_SLUG)) {
            LOG.warn("The demo clinic \"{}\" is in this database (earlier versions created it on every first start): its"
                    + " form answers at {}/embed/{} and any site on localhost may frame it. Clear its allowed websites in its"
                    + " settings, or start production from a new data directory.", io.consultdesk.clinic.ClinicRules.DEMO_SLUG,
                    url, io.consultdesk.clinic.ClinicRules.DEMO_SLUG);
        } else if (clinics.slugs().isEmpty()) {
            LOG.info("No clinic yet. Create one from a file: java -jar consultdesk.jar clinic import clinic.json"
                    + " (src/main/resources/clinics/demo.json is an example); or create an admin (java -jar consultdesk.jar"
                    + " staff add --email you@example.com --role admin), sign in at {}/staff and open {}/staff/clinics/new."
                    + " To try it out with a demo clinic instead: java -jar consultdesk.jar demo", url, url);
        }
        return this;
    }

    /** Stops taking requests, lets emails being sent finish (within a bound), and leaves the rest queued. */
    public void stop() {
        javalin.stop();
        housekeeping.shutdownNow();
        try {
            housekeeping.awaitTermination(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushInstallStats(); // after the last scheduled flush has ended, so no counted load is lost
        mailWorker.stop(SHUTDOWN_GRACE);
    }

    public int port() {
        return javalin.port();
    }

    /** One route of the table: method, path and the roles it names (for tests that check every route's access). */
    public record Route(String method, String path, java.util.Set<io.javalin.security.RouteRole> roles) {}

    public java.util.List<Route> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream().map(p -> {
            io.javalin.security.Roles roles = p.endpoint.metadata(io.javalin.security.Roles.class);
            return new Route(p.endpoint.method.name(), p.endpoint.path, roles == null ? java.util.Set.of() : roles.getRoles());
        }).toList();
    }

    public Database database() {
        return database;
    }

    public ClinicService clinics() {
        return clinics;
    }

    public Outbox outbox() {
        return outbox;
    }

    public StaffService staff() {
        return staff;
    }

    public BookingService bookings() {
        return bookings;
    }

    public Escalations escalations() {
        return escalations;
    }

    private void purge() {
        try {
            rateLimiter.purgeOld();
            staff.purge();
            installStats.purge();
        } catch (RuntimeException e) {
            LOG.warn("Could not purge old rate-limit windows, sessions and counted loads of the form: {}", e.toString());
        }
    }

    private void flushInstallStats() {
        try {
            installStats.flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not add the form's counted loads to the database (kept for the next try): {}", e.toString());
        }
    }

    private void escalate() {
        try {
            escalations.escalateDue();
        } catch (RuntimeException e) {
            LOG.error("Could not check for urgent requests to escalate: {}", e.toString());
        }
    }

    /**
     * One line per request: method, route, status, time. The route as declared ({@code /staff/leads/{id}},
     * {@code /consultation/{token}}), never the path as sent: no request's id or link token, no query string, header
     * or body. Whoever reads the log learns which page was asked for, not whose.
     */
    private static void logRequest(Context ctx, Float ms) {
        if (!ctx.path().equals("/healthz")) {
            LOG.info("{} {} {} {}ms", ctx.method(), loggedPath(ctx), ctx.statusCode(), Math.round(ms));
        }
    }

    /**
     * The route pattern the request matched, or {@code (no route)}: a path that matched none is not written at all. The
     * one part filled in is the clinic ({@code /embed/demo}): public (every embed snippet names it), and what an
     * operator looks for; only when it is a well-formed clinic name, so the log never holds text a caller chose.
     */
    static String loggedPath(Context ctx) {
        try {
            io.javalin.router.Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            if (e != null && e.path != null && !e.path.isEmpty()) {
                String clinic = e.path.contains("{clinic}") ? ctx.pathParamMap().get("clinic") : null;
                return clinic != null && clinic.matches("^[a-z0-9-]{1,64}$") ? e.path.replace("{clinic}", clinic) : e.path;
            }
        } catch (RuntimeException noneMatched) {
            // no HTTP route matched this path
        }
        return "(no route)";
    }

    /**
     * An error no handler answered itself (no such route, a body over the limit), in the caller's format: a
     * page for a person (the dashboard's, or the iframe's with the emergency line), JSON for the API.
     */
    private static void httpError(HttpResponseException e, Context ctx, StaffAuth staffAuth, EmbedPages embedPages) {
        Messages m = Messages.english();
        int status = e.getStatus();
        int kb = LeadApiController.MAX_BODY_BYTES / 1024;
        if (status == 413) {
            drainUpload(ctx);
        }
        if (!ApiError.forAPerson(ctx)) {
            ApiError.send(ctx, status, status == 413 ? m.get("api.error.tooLarge", kb) : e.getMessage());
            return;
        }
        String kind = status == 404 ? "notFound" : status == 413 ? "tooLarge" : status == 400 ? "badRequest" : "other";
        String heading = m.get("error.page." + kind + ".heading");
        String body = m.get("error.page." + kind + ".body", kb);
        if (ctx.path().startsWith("/staff")) {
            staffAuth.errorPage(ctx, status, heading, heading, body);
        } else {
            embedPages.error(ctx, status, heading, body);
        }
    }

    /** The most of a refused upload read (and thrown away) so that its sender receives the answer. */
    private static final long DRAIN_LIMIT = 32L * 1024 * 1024;

    /**
     * Reads what is left of an upload refused as too large, up to {@link #DRAIN_LIMIT}: a connection closed on unread
     * data is reset, and the browser shows "connection reset" instead of the page saying what was wrong.
     */
    private static void drainUpload(Context ctx) {
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            int n;
            while (read < DRAIN_LIMIT && (n = in.read(buffer)) != -1) {
                read += n;
            }
        } catch (java.io.IOException | IllegalStateException e) {
            // the client went away, or the body was already read: nothing left to drain
        }
    }

    /** The database failed mid-request: the transaction was rolled back, so nothing was half-stored. */
    private static void storageUnavailable(JdbiException e, Context ctx) {
        LOG.error("Database error on {} {}: {}", ctx.method(), loggedPath(ctx), e.getClass().getSimpleName());
        ctx.header("Retry-After", "30");
        ApiError.send(ctx, 503, Messages.english().get("api.error.unavailable"));
    }

    private static void unexpected(Exception e, Context ctx) {
        LOG.error("Unexpected error on {} {}", ctx.method(), loggedPath(ctx), e);
        ApiError.send(ctx, 500, Messages.english().get("api.error.internal"));
    }
}
