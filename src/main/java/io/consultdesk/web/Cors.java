package io.consultdesk.web;

import io.consultdesk.clinic.Clinic;
import io.javalin.http.Context;

/** CORS for the public API: only the clinic's allowed origins, named exactly, never "*". */
public final class Cors {
    private Cors() {}

    /** Adds the CORS headers when the request's Origin is allowed. False when an Origin was sent and is not allowed. */
    public static boolean apply(Context ctx, Clinic clinic) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true; // not a browser cross-origin call (a server, curl)
        }
        if (!clinic.allowsOrigin(origin)) {
            return false;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Expose-Headers", "Retry-After");
        return true;
    }

    public static void preflight(Context ctx, Clinic clinic, String methods) {
        if (!apply(ctx, clinic) || ctx.header("Origin") == null) {
            ctx.status(403);
            return;
        }
        ctx.header("Access-Control-Allow-Methods", methods);
        ctx.header("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }
}
