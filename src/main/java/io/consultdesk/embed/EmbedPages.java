package io.consultdesk.embed;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import io.consultdesk.web.Assets;
import io.consultdesk.web.Headers;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every page in the iframe shares, whichever feature renders it: the frame around it (the clinic's
 * colours, its own CSS and JS, the embedding site's origin when the clinic allows it) and the headers it
 * is sent with (a strict policy, framed only by the clinic's sites, never cached). The visitor's own
 * page from an email link ({@link #standalone}) is the same page, framed by nobody.
 */
public final class EmbedPages {
    private final Assets assets;
    private final Views views;

    public EmbedPages(Assets assets, Views views) {
        this.assets = assets;
        this.views = views;
    }

    /** The frame for a page in the iframe; the host origin comes from {@code ?host=}, only when the clinic allows it or it is a {@link Preview}. */
    public Frame frame(Context ctx, Clinic clinic, Messages m, String title) {
        String host = ctx.queryParam("host");
        boolean preview = Preview.is(ctx);
        String hostOrigin = host != null && (preview || clinic.allowsOrigin(host)) ? host : null;
        return new Frame(clinic.locale().toLanguageTag(), title, m.get("frame.title", clinic.name()), assets.url("form.css"),
                assets.url("form.js"), BrandTheme.css(clinic.brandColor()), hostOrigin, clinic.slug(),
                preview ? m.get("embed.preview.banner") : null);
    }

    /**
     * The frame of the settings pages' preview of unsaved settings: framed only by this server's preview page, talking to
     * no host whatever {@code ?host=} says, and saying it is a preview.
     */
    public Frame previewFrame(Clinic clinic, Messages m) {
        return new Frame(clinic.locale().toLanguageTag(), m.get("page.title", clinic.name()), m.get("frame.title", clinic.name()),
                assets.url("form.css"), assets.url("form.js"), BrandTheme.css(clinic.brandColor()), null, clinic.slug(),
                m.get("embed.preview.banner"));
    }

    /** The frame for a page opened on its own (not in an iframe): no host to talk to. */
    public Frame standalone(Clinic clinic, Messages m, String title) {
        return new Frame(clinic.locale().toLanguageTag(), title, title, assets.url("form.css"), assets.url("form.js"),
                BrandTheme.css(clinic.brandColor()), null, clinic.slug());
    }

    /** A neutral frame when not even the clinic is known. */
    public Frame neutral(Messages m, String title) {
        return new Frame("en", title, title, assets.url("form.css"), assets.url("form.js"), BrandTheme.css("#2f6f73"), null, "");
    }

    /** The page for a clinic slug that does not exist (a typo in the snippet). */
    public void notFound(Context ctx) {
        Messages m = Messages.english();
        Frame frame = neutral(m, m.get("notFound.title"));
        // Any site may show this page, which says only that the form is missing.
        send(ctx, 404, frame, "*", views.render("embed/not-found.jte", new NotFoundPage(frame, m)));
    }

    /**
     * A page for an error no handler answered itself (a route that does not exist, a post too large): what
     * went wrong, with the emergency line and the crisis panel, as every page a visitor may see.
     */
    public void error(Context ctx, int status, String heading, String body) {
        Messages m = Messages.english();
        Frame frame = neutral(m, heading);
        send(ctx, status, frame, "*", views.render("embed/error.jte", new ErrorPage(frame, m, heading, body)));
    }

    /** A path of the clinic's embed ({@code ""}, {@code "/times"}, …) that keeps the host origin, so the next page can talk to it too. */
    public static String action(Clinic clinic, String path, String hostOrigin) {
        return "/embed/" + clinic.slug() + path
                + (hostOrigin == null ? "" : "?host=" + URLEncoder.encode(hostOrigin, StandardCharsets.UTF_8));
    }

    /** Sends a page of the iframe: framed only by the clinic's allowed sites (and this server's preview), never cached. */
    public void send(Context ctx, int status, Frame frame, Clinic clinic, String body) {
        send(ctx, status, frame, ancestors(clinic), body);
    }

    /** Sends a page with the given {@code frame-ancestors} ({@code 'none'}: a page of its own), never cached. */
    public void send(Context ctx, int status, Frame frame, String frameAncestors, String body) {
        Headers.noStore(ctx);
        ctx.header(Headers.CSP, csp(frame, frameAncestors));
        ctx.status(status).contentType("text/html; charset=utf-8").result(body);
    }

    static String ancestors(Clinic clinic) {
        // 'self': the staff embed page previews the form in a sample page of this server (see Preview).
        return "'self'" + clinic.allowedOrigins().stream().map(o -> " " + o).collect(java.util.stream.Collectors.joining());
    }

    /** Same-origin everything, no inline script, the theme block allowed by its hash, framed only by allowed sites. */
    static String csp(Frame frame, String frameAncestors) {
        return "default-src 'self'; script-src 'self'; style-src 'self' " + BrandTheme.cspHash(frame.themeCss())
                + "; img-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors "
                + frameAncestors;
    }
}
