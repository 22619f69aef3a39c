package io.consultdesk.web;

import io.javalin.http.Context;
import java.util.Map;

/** The API's error bodies: {"error": "..."} for the request as a whole, {"errors": {field: message}} for fields. */
public final class ApiError {
    private ApiError() {}

    public static void send(Context ctx, int status, String message) {
        Headers.noStore(ctx);
        ctx.status(status).json(Map.of("error", message));
    }

    /** Whether a request's Content-Type is JSON (parameters such as charset aside); the API takes nothing else. */
    public static boolean isJson(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT).equals("application/json");
    }

    /**
     * Whether an error should be answered as an HTML page: a person's browser asking for a page (the dashboard,
     * the iframe, a visitor's link), not the JSON API or a script.
     */
    public static boolean forAPerson(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/api/") || path.equals("/healthz")) {
            return false;
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            return true;
        }
        return path.startsWith("/staff") || path.startsWith("/embed/") || path.startsWith("/consultation/")
                || path.equals("/demo") || path.equals("/");
    }

    public static void fields(Context ctx, Map<String, String> errors) {
        Headers.noStore(ctx);
        ctx.status(422).json(Map.of("errors", errors));
    }
}
