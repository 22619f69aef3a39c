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

    public static void fields(Context ctx, Map<String, String> errors) {
        Headers.noStore(ctx);
        ctx.status(422).json(Map.of("errors", errors));
    }
}
