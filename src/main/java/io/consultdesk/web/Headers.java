package io.consultdesk.web;

import io.javalin.http.Context;

/** Security headers every response carries, and the strict policies pages start from. */
public final class Headers {
    public static final String CSP = "Content-Security-Policy";

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

    public static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }
}
