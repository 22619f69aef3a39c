package io.consultdesk;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.db.Database;
import io.consultdesk.db.ServerSecrets;
import io.consultdesk.demo.DemoController;
import io.consultdesk.embed.EmbedController;
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
import io.consultdesk.ratelimit.RateLimiter;
import io.consultdesk.web.ApiError;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Headers;
import io.consultdesk.web.Views;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
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

    private final Config config;
    private final Database database;
    private final ClinicService clinics;
    private final Javalin javalin;
    private final RateLimiter rateLimiter;
    private final Outbox outbox;
    private final MailWorker mailWorker;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consultdesk-housekeeping");
        t.setDaemon(true);
        return t;
    });

    public App(Config config, Clock clock) {
        this.config = config;
        this.database = Database.open(config.databaseFile());
        this.clinics = new ClinicService(database, clock);
        this.rateLimiter = new RateLimiter(database, clock, config.rateLimitPerHour());
        Views views = Views.html(config.dev());
        // The port is known only once the server listens (port 0 picks one), so links ask for it when made.
        Supplier<URI> publicUrl = () -> config.publicUrl(port());
        this.outbox = new Outbox(database, clock, config.mail().giveUpAfter());
        MailTransport transport = config.mail().sendsSmtp()
                ? new SmtpTransport(config.mail()) : new EmlFileTransport(config.mailDir());
        this.mailWorker = new MailWorker(outbox, new MailComposer(clinics, views, Views.plainText(config.dev()),
                config.mail(), publicUrl), transport, MAIL_SENDERS);
        LeadService leads = new LeadService(database, rateLimiter, outbox, clock);
        Assets assets = new Assets(config.dev());
        ClientIp clientIp = new ClientIp(config.trustProxy());
        FormTokens tokens = new FormTokens(new ServerSecrets(database).get("form-token"), clock);

        var embed = new EmbedController(clinics, leads, views, assets, tokens, clientIp, config.minFillTime());
        var leadApi = new LeadApiController(clinics, leads, clientIp);
        var health = new HealthController(database, outbox, transport.kind(), clock);
        var demo = new DemoController(clinics, views, assets, publicUrl);
        var devMail = new DevMailController(config.mailDir(), views, assets);

        this.javalin = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = LeadApiController.MAX_BODY_BYTES;
            c.requestLogger.http(App::logRequest);

            c.routes.get("/healthz", health::health);
            c.routes.get("/widget.js", assets::loader);
            c.routes.get("/static/{name}", assets::formAsset);
            c.routes.get("/embed/{clinic}", embed::show);
            c.routes.post("/embed/{clinic}", embed::submit);
            c.routes.post("/api/v1/clinics/{clinic}/leads", leadApi::create);
            c.routes.options("/api/v1/clinics/{clinic}/leads", leadApi::preflight);
            c.routes.get("/demo", demo::page);
            c.routes.get("/", ctx -> ctx.redirect("/demo"));
            if (config.dev()) {
                c.routes.get("/dev/mail", devMail::list);
                c.routes.get("/dev/mail/{file}", devMail::show);
                c.routes.get("/dev/mail/{file}/html", devMail::htmlPart);
            }

            c.routes.after(Headers::defaults);
            c.routes.exception(HttpResponseException.class, App::httpError);
            c.routes.exception(JdbiException.class, App::storageUnavailable);
            c.routes.exception(Exception.class, App::unexpected);
        });
    }

    public App start() {
        clinics.createDemoClinic(config.dev()).ifPresent(demo ->
                LOG.info("Created the demo clinic \"{}\" ({}).", demo.slug(), demo.name()));
        javalin.start(config.port());
        mailWorker.start();
        housekeeping.scheduleAtFixedRate(this::purge, 1, 10, TimeUnit.MINUTES);
        URI url = config.publicUrl(port());
        LOG.info("Consultdesk is listening on port {}; database {}", port(), database.file().toAbsolutePath());
        if (config.mail().sendsSmtp()) {
            LOG.info("Emails are sent through {}", config.mail());
            if (config.baseUrl().isEmpty()) {
                LOG.warn("{} is not set: links in emails point to {}, which only works on this machine.", Config.BASE_URL, url);
            }
        } else {
            LOG.info("No SMTP server is set ({}): emails are written as .eml files to {}{}", Config.SMTP_HOST,
                    config.mailDir().toAbsolutePath(), config.dev() ? " and listed at " + url + "/dev/mail" : "");
        }
        LOG.info("Demo clinic page: {}/demo   embed snippet: <script src=\"{}/widget.js\" data-clinic=\"demo\" async></script>",
                url, url);
        return this;
    }

    /** Stops taking requests, lets emails being sent finish (within a bound), and leaves the rest queued. */
    public void stop() {
        javalin.stop();
        mailWorker.stop(SHUTDOWN_GRACE);
        housekeeping.shutdownNow();
    }

    public int port() {
        return javalin.port();
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

    private void purge() {
        try {
            rateLimiter.purgeOld();
        } catch (RuntimeException e) {
            LOG.warn("Could not purge old rate-limit windows: {}", e.toString());
        }
    }

    /** One line per request: method, path, status, time. Never a query string, header or body. */
    private static void logRequest(Context ctx, Float ms) {
        if (!ctx.path().equals("/healthz")) {
            LOG.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
        }
    }

    private static void httpError(HttpResponseException e, Context ctx) {
        if (e.getStatus() == 413) {
            ApiError.send(ctx, 413, Messages.english().get("api.error.tooLarge", LeadApiController.MAX_BODY_BYTES / 1024));
        } else {
            ApiError.send(ctx, e.getStatus(), e.getMessage());
        }
    }

    /** The database failed mid-request: the transaction was rolled back, so nothing was half-stored. */
    private static void storageUnavailable(JdbiException e, Context ctx) {
        LOG.error("Database error on {} {}: {}", ctx.method(), ctx.path(), e.getClass().getSimpleName());
        ctx.header("Retry-After", "30");
        ApiError.send(ctx, 503, Messages.english().get("api.error.unavailable"));
    }

    private static void unexpected(Exception e, Context ctx) {
        LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
        ApiError.send(ctx, 500, Messages.english().get("api.error.internal"));
    }
}
