package io.consultdesk.website;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.embed.Preview;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Headers;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The site owner's side: {@code /staff/clinics/{clinic}/embed} (the snippets with their previews, whether the
 * form is installed, requests by campaign), the sample host page its previews show, and the counting of the
 * form's loads per embedding site.
 */
public final class WebsiteController {
    private final ClinicService clinics;
    private final WebsiteService website;
    private final InstallStats stats;
    private final ClientIp clientIp;
    private final StaffAuth auth;
    private final Views views;
    private final Assets assets;
    private final Supplier<URI> publicUrl;

    /** @param clientIp the address a load is counted for, as the rate limits see it ({@link InstallStats} limits per address) */
    public WebsiteController(ClinicService clinics, WebsiteService website, InstallStats stats, ClientIp clientIp, StaffAuth auth,
                             Views views, Assets assets, Supplier<URI> publicUrl) {
        this.clinics = clinics;
        this.website = website;
        this.stats = stats;
        this.clientIp = clientIp;
        this.auth = auth;
        this.views = views;
        this.assets = assets;
        this.publicUrl = publicUrl;
    }

    /** GET /staff/clinics/{clinic}/embed */
    public void page(Context ctx) {
        Clinic clinic = clinic(ctx);
        Messages m = Messages.english();
        ClinicTabs tabs = ClinicTabs.of(auth.user(ctx), clinic.slug(), clinic.name(), "embed");
        ButtonForm button = ButtonForm.read(ctx::queryParam, ButtonForm.defaults(clinic));
        WebsitePage page = new WebsitePage(auth.frame(ctx, m.get("website.title", clinic.name()), "clinics", 0), tabs, clinic,
                publicUrl.get(), button, website.installs(clinic), website.requestsBySource(clinic), assets.url("staff.js"),
                website.formats(clinic));
        ctx.contentType("text/html; charset=utf-8").result(views.render("website/embed.jte", page));
    }

    /**
     * GET /staff/clinics/{clinic}/embed/sample?mode=...: a plain page standing in for the clinic's website, with
     * the real snippet from this server's origin as the browser reached it (so the preview works on a developer's
     * machine too), under a strict policy of the kind a careful site has, framed only by this server's pages.
     */
    public void sample(Context ctx) {
        Clinic clinic = clinic(ctx);
        Snippets.Mode mode = Snippets.Mode.of(ctx.queryParam("mode")).orElse(Snippets.Mode.INLINE);
        URI server = reached(ctx, publicUrl.get());
        String origin = Snippets.origin(server);
        ButtonForm button = ButtonForm.read(ctx::queryParam, ButtonForm.defaults(clinic));
        ctx.header(Headers.CSP, "default-src 'none'; script-src " + origin + "; frame-src " + origin
                + "; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        ctx.contentType("text/html; charset=utf-8").result(views.render("website/sample.jte",
                SamplePage.of(clinic, mode, server, button.button(), assets.url("staff-sample.css"))));
    }

    /**
     * Before GET /embed/{clinic}: counts the load for "Is it installed?" when the loader passed the embedding
     * page's origin ({@code ?host=}) and the browser, if it says, loads it in a frame, for the client's address
     * (what one address can record is limited). The server's own previews are not counted.
     */
    public void countLoad(Context ctx) {
        String host = ctx.queryParam("host");
        String dest = ctx.header("Sec-Fetch-Dest");
        if (ctx.method() != HandlerType.GET || host == null || (dest != null && !dest.equals("iframe")) || Preview.is(ctx)) {
            return;
        }
        stats.loaded(ctx.pathParam("clinic"), host, clientIp.of(ctx));
    }

    /** The guard let the request through, so the clinic exists and the person is on its team. */
    private Clinic clinic(Context ctx) {
        return clinics.find(ctx.pathParam("clinic")).orElseThrow(auth::notFound);
    }

    /**
     * This server as the browser reached it: the public URL when the request came to its host (behind a proxy
     * that ends TLS the request itself says http), otherwise the scheme and Host of the request (development).
     */
    static URI reached(Context ctx, URI publicUrl) {
        String host = ctx.host();
        if (host == null || host.equalsIgnoreCase(publicUrl.getRawAuthority())) {
            return publicUrl;
        }
        Optional<String> origin = InstallStats.bareOrigin(ctx.scheme() + "://" + host);
        return origin.map(URI::create).orElse(publicUrl);
    }
}
