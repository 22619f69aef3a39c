package io.consultdesk.lead;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.i18n.Messages;
import io.consultdesk.web.ApiError;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Cors;
import io.consultdesk.web.Headers;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/clinics/{clinic}/leads}: the JSON API for sites that build their own form. A stored request
 * answers {@code {"id": …, "bookingToken": …}} (201, or 200 for a retry under the same Idempotency-Key with the same
 * body, with a fresh token); the id is the request's reference and opens nothing, the token books for it (2 hours).
 */
public final class LeadApiController {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private final ClinicService clinics;
    private final LeadService leads;
    private final ClientIp clientIp;
    private final java.util.function.BiFunction<String, String, String> bookingTokens;

    /** @param bookingTokens a booking token for (clinic slug, request id): see {@code booking.BookingCapabilities} */
    public LeadApiController(ClinicService clinics, LeadService leads, ClientIp clientIp,
                             java.util.function.BiFunction<String, String, String> bookingTokens) {
        this.clinics = clinics;
        this.leads = leads;
        this.clientIp = clientIp;
        this.bookingTokens = bookingTokens;
    }

    public void create(Context ctx) {
        Optional<Clinic> found = clinics.find(ctx.pathParam("clinic"));
        if (found.isEmpty()) {
            ApiError.send(ctx, 404, Messages.english().get("api.error.notFound"));
            return;
        }
        Clinic clinic = found.get();
        Messages messages = Messages.forLocale(clinic.locale());
        if (!Cors.apply(ctx, clinic)) {
            ApiError.send(ctx, 403, messages.get("api.error.originNotAllowed"));
            return;
        }
        if (!ApiError.isJson(ctx.contentType())) {
            ApiError.send(ctx, 415, messages.get("api.error.contentType"));
            return;
        }
        String key = ctx.header("Idempotency-Key");
        if (key != null && !key.matches("^[\\x21-\\x7e]{1,100}$")) {
            ApiError.send(ctx, 400, messages.get("api.error.idempotencyKey"));
            return;
        }
        LeadJson.Read read;
        try {
            read = LeadJson.read(ctx.bodyAsBytes());
        } catch (LeadJson.Malformed e) {
            ApiError.send(ctx, 400, messages.get("api.error.malformed", e.line, e.column));
            return;
        } catch (LeadJson.NotAnObject e) {
            ApiError.send(ctx, 400, messages.get("api.error.notObject"));
            return;
        } catch (LeadJson.NotUtf8 e) {
            ApiError.send(ctx, 400, messages.get("api.error.notUtf8"));
            return;
        }
        var origin = new LeadService.Origin("api", clientIp.of(ctx), key == null ? null : "api:" + key);
        LeadService.Outcome outcome = leads.submit(clinic, read.input(), read.errors(), origin);
        if (outcome instanceof LeadService.Outcome.Stored s) {
            Headers.noStore(ctx);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("id", s.leadId());
            body.put("bookingToken", bookingTokens.apply(clinic.slug(), s.leadId()));
            ctx.status(s.replay() ? 200 : 201).json(body);
        } else if (outcome instanceof LeadService.Outcome.KeyReused) {
            ApiError.fields(ctx, Map.of("Idempotency-Key", messages.get("api.error.idempotencyKey.reused")));
        } else if (outcome instanceof LeadService.Outcome.Invalid invalid) {
            Map<String, String> errors = new LinkedHashMap<>();
            invalid.errors().forEach((field, error) -> errors.put(field, error.text(messages)));
            ApiError.fields(ctx, errors);
        } else if (outcome instanceof LeadService.Outcome.RateLimited limited) {
            long seconds = Math.max(1, limited.retryAfter().toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            ApiError.send(ctx, 429, messages.get("api.error.rateLimited", seconds));
        }
    }

    public void preflight(Context ctx) {
        Optional<Clinic> clinic = clinics.find(ctx.pathParam("clinic"));
        if (clinic.isEmpty()) {
            ApiError.send(ctx, 404, Messages.english().get("api.error.notFound"));
            return;
        }
        Cors.preflight(ctx, clinic.get(), "POST");
    }
}
