package io.consultdesk.web;

import io.javalin.http.Context;

/** Security headers every response carries, and the strict policies pages start from. */
public final class Headers {
    public static final String CSP = "Content-Security-Policy";
    public static final String HSTS = "Strict-Transport-Security";
    /** A year, subdomains included: browsers then never reach this server (or its subdomains) over plain http. */
    public static final String HSTS_VALUE = "max-age=31536000; includeSubDomains";

    private Headers() {}

    /** Runs after every request: pages that did not set their own policy may not be framed at all. */
    public static void defaults(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.res().getHeader(CSP) == null) {
            ctx.header(CSP, "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
            ctx.header("X-Frame-Options", "DENY");
        }
    }

    /**
     * Before every request when the public URL is https (TLS in front of the server): browsers come back only
     * over https. Set first, so that every answer carries it, errors and redirects too. Never sent when the
     * public URL is http: it would shut browsers out of a server that has no TLS.
     */
    public static void transportSecurity(Context ctx) {
        ctx.header(HSTS, HSTS_VALUE);
    }

    public static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }
}
