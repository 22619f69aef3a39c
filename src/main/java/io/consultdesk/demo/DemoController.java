package io.consultdesk.demo;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.web.Assets;
import io.consultdesk.web.Headers;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import java.net.URI;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * {@code GET /demo}: a clinic's "Contact us" page that embeds the widget the way a real clinic site
 * would, from the other loopback name (page on localhost, widget from 127.0.0.1, or the reverse), so
 * the demo is a true cross-origin embed under a strict host CSP.
 */
public final class DemoController {
    private final ClinicService clinics;
    private final Views views;
    private final Assets assets;
    private final Supplier<URI> baseUrl;

    public DemoController(ClinicService clinics, Views views, Assets assets, Supplier<URI> baseUrl) {
        this.clinics = clinics;
        this.views = views;
        this.assets = assets;
        this.baseUrl = baseUrl;
    }

    public void page(Context ctx) {
        String slug = Optional.ofNullable(ctx.queryParam("clinic")).orElse("demo");
        Optional<Clinic> clinic = clinics.find(slug);
        if (clinic.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("No clinic \"" + slug.replaceAll("[^a-z0-9-]", "") + "\"");
            return;
        }
        String widgetOrigin = widgetOrigin(ctx.host(), baseUrl.get());
        ctx.header(Headers.CSP, "default-src 'self'; script-src 'self' " + widgetOrigin + "; frame-src " + widgetOrigin
                + "; style-src 'self'; img-src 'self' data:; base-uri 'none'; object-src 'none'; frame-ancestors 'none'");
        ctx.contentType("text/html; charset=utf-8").result(views.render("demo/clinic.jte",
                new DemoPage(clinic.get(), widgetOrigin, assets.url("demo.css"))));
    }

    /** The other loopback name on the same port; on any other host, the public base URL. */
    static String widgetOrigin(String hostHeader, URI baseUrl) {
        if (hostHeader != null) {
            String host = hostHeader.replaceFirst(":\\d+$", "");
            String port = hostHeader.matches(".*:\\d+$") ? hostHeader.substring(hostHeader.lastIndexOf(':')) : "";
            if (host.equals("localhost")) {
                return "http://127.0.0.1" + port;
            }
            if (host.equals("127.0.0.1")) {
                return "http://localhost" + port;
            }
        }
        return baseUrl.toString();
    }

    public record DemoPage(Clinic clinic, String widgetOrigin, String cssUrl) {}
}
