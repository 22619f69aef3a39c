package io.consultdesk.booking;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.i18n.Messages;
import io.consultdesk.web.ApiError;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Cors;
import io.consultdesk.web.Headers;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The booking API: {@code GET /api/v1/clinics/{clinic}/slots} lists free times,
 * {@code POST /api/v1/clinics/{clinic}/bookings} books one for a request with the booking token given with it
 * (201; the same booking again with the same token: 200), 409 when it was just taken (with the times still free) or
 * the request has a consultation already (naming nothing of it), 422 for a time that is not offered or a token that
 * does not work, 429 over the limits of {@link io.consultdesk.ratelimit.PublicLimits}.
 */
public final class BookingApiController {
    static final Set<String> FIELDS = Set.of("bookingToken", "type", "location", "start");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final ClinicService clinics;
    private final BookingService bookings;
    private final ClientIp clientIp;

    public BookingApiController(ClinicService clinics, BookingService bookings, ClientIp clientIp) {
        this.clinics = clinics;
        this.bookings = bookings;
        this.clientIp = clientIp;
    }

    public void slots(Context ctx) {
        Optional<Clinic> found = bookable(ctx);
        if (found.isEmpty()) {
            return;
        }
        Clinic clinic = found.get();
        Messages m = Messages.forLocale(clinic.locale());
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<String> type = Optional.ofNullable(blankToNull(ctx.queryParam("type")));
        Optional<String> location = Optional.ofNullable(blankToNull(ctx.queryParam("location")));
        if (type.isPresent() && clinic.booking().type(type.get()).isEmpty()) {
            errors.put("type", m.get("api.booking.error.type.unknown", String.join(", ", typeIds(clinic))));
        }
        if (location.isPresent() && (clinic.location(location.get()).isEmpty()
                || !clinic.booking().locations().containsKey(location.get()))) {
            errors.put("location", m.get("api.booking.error.location.unknown", String.join(", ", bookableLocations(clinic))));
        }
        ZoneId zone = location.flatMap(clinic::location).or(() -> clinic.locations().stream().findFirst())
                .map(Clinic.Location::zone).orElse(ZoneId.of("UTC"));
        LocalDate today = LocalDate.ofInstant(bookings.now(), zone);
        Optional<LocalDate> from = date(ctx.queryParam("from"), zone, "from", errors, m);
        Optional<LocalDate> to = date(ctx.queryParam("to"), zone, "to", errors, m);
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            errors.put("to", m.get("api.booking.error.range"));
        }
        if (!errors.isEmpty()) {
            ApiError.fields(ctx, errors);
            return;
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Slot s : bookings.free(clinic, type, location, from.orElse(today),
                to.orElse(today.plusDays(clinic.booking().horizonDays())))) {
            out.add(json(s));
        }
        Headers.noStore(ctx);
        ctx.json(Map.of("slots", out));
    }

    public void book(Context ctx) {
        Optional<Clinic> found = bookable(ctx);
        if (found.isEmpty()) {
            return;
        }
        Clinic clinic = found.get();
        Messages m = Messages.forLocale(clinic.locale());
        if (!ApiError.isJson(ctx.contentType())) {
            ApiError.send(ctx, 415, m.get("api.error.contentType"));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            ApiError.send(ctx, 400, m.get("api.error.malformed", loc == null ? 1 : loc.getLineNr(), loc == null ? 1 : loc.getColumnNr()));
            return;
        } catch (IOException e) {
            ApiError.send(ctx, 400, m.get("api.error.malformed", 1, 1));
            return;
        }
        if (body == null || !body.isObject()) {
            ApiError.send(ctx, 400, m.get("api.error.notObject"));
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("leadId")) { // a request's id books nothing since issue 13: say what to send instead
                errors.put(f, m.get("api.booking.error.leadId.replaced"));
            } else if (!FIELDS.contains(f)) {
                errors.put(f, m.get("api.error.unknownField"));
            }
        }
        String token = text(body, "bookingToken", errors, m);
        String type = text(body, "type", errors, m);
        String location = text(body, "location", errors, m);
        String startText = text(body, "start", errors, m);
        Instant start = null;
        if (startText != null) {
            try {
                start = OffsetDateTime.parse(startText).toInstant();
            } catch (DateTimeParseException e) {
                errors.put("start", m.get("api.booking.error.start.format"));
            }
        }
        if (!errors.isEmpty()) {
            ApiError.fields(ctx, errors);
            return;
        }
        BookingService.Outcome outcome = bookings.bookWithCapability(clinic, token, type, location, start,
                BookingService.Source.api(clientIp.of(ctx)));
        Headers.noStore(ctx);
        if (outcome instanceof BookingService.Outcome.Booked b) {
            ctx.status(b.replay() ? 200 : 201).json(Map.of("id", b.booking().id(), "start",
                    Slot.iso(b.booking().slot().localStart()), "end", Slot.iso(b.booking().slot().localEnd())));
        } else if (outcome instanceof BookingService.Outcome.Taken taken) {
            ctx.status(409).json(Map.of("error", m.get("api.booking.error.taken"),
                    "slots", taken.fresh().stream().map(BookingApiController::json).toList()));
        } else if (outcome instanceof BookingService.Outcome.AlreadyBooked) {
            // Nothing of that consultation (id, time, place): whoever holds this token did not book it.
            ApiError.send(ctx, 409, m.get("api.booking.error.alreadyBooked"));
        } else if (outcome instanceof BookingService.Outcome.RateLimited limited) {
            long seconds = Math.max(1, limited.retryAfter().toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            ApiError.send(ctx, 429, m.get("api.booking.error.rateLimited", seconds));
        } else if (outcome instanceof BookingService.Outcome.Invalid invalid) {
            Map<String, String> messages = new LinkedHashMap<>();
            invalid.errors().forEach((field, code) -> messages.put(field, message(m, clinic, field, code)));
            ApiError.fields(ctx, messages);
        } else {
            ApiError.send(ctx, 409, m.get("api.booking.error.taken"));
        }
    }

    public void preflight(Context ctx) {
        Optional<Clinic> clinic = clinics.find(ctx.pathParam("clinic"));
        if (clinic.isEmpty()) {
            ApiError.send(ctx, 404, Messages.english().get("api.error.notFound"));
            return;
        }
        Cors.preflight(ctx, clinic.get(), "GET, POST");
    }

    /** One slot as the API answers it: type, location, start and end with the location's offset. */
    static Map<String, String> json(Slot s) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("type", s.typeId());
        out.put("location", s.locationId());
        out.put("start", Slot.iso(s.localStart()));
        out.put("end", Slot.iso(s.localEnd()));
        return out;
    }

    /** The clinic, when it exists, allows the caller's origin and takes bookings; otherwise the error is sent. */
    private Optional<Clinic> bookable(Context ctx) {
        Optional<Clinic> found = clinics.find(ctx.pathParam("clinic"));
        if (found.isEmpty()) {
            ApiError.send(ctx, 404, Messages.english().get("api.error.notFound"));
            return Optional.empty();
        }
        Messages m = Messages.forLocale(found.get().locale());
        if (!Cors.apply(ctx, found.get())) {
            ApiError.send(ctx, 403, m.get("api.error.originNotAllowed"));
            return Optional.empty();
        }
        if (!found.get().booking().bookable()) {
            ApiError.send(ctx, 404, m.get("api.booking.error.off"));
            return Optional.empty();
        }
        return found;
    }

    private static Optional<LocalDate> date(String raw, ZoneId zone, String field, Map<String, String> errors, Messages m) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.strip()));
        } catch (DateTimeParseException notADate) {
            try {
                return Optional.of(OffsetDateTime.parse(raw.strip()).atZoneSameInstant(zone).toLocalDate());
            } catch (DateTimeException e) { // not a date and time, or one at the end of time that has no local date there
                errors.put(field, m.get("api.booking.error.date"));
                return Optional.empty();
            }
        }
    }

    private static String text(JsonNode body, String field, Map<String, String> errors, Messages m) {
        return text(body, field, errors, m, 100);
    }

    private static String text(JsonNode body, String field, Map<String, String> errors, Messages m, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            errors.put(field, m.get("api.booking.error." + field + ".required"));
            return null;
        }
        if (!n.isTextual() || n.asText().length() > max) {
            errors.put(field, m.get("api.booking.error.text"));
            return null;
        }
        return n.asText();
    }

    /** A problem the service found, in words; an unknown type or location names the ones there are. */
    private static String message(Messages m, Clinic clinic, String field, String code) {
        String key = "api.booking.error." + field + "." + code;
        return switch (key) {
            case "api.booking.error.type.unknown" -> m.get(key, String.join(", ", typeIds(clinic)));
            case "api.booking.error.location.unknown" -> m.get(key, String.join(", ", bookableLocations(clinic)));
            default -> m.get(key);
        };
    }

    /** The ids of the locations that take bookings, in the clinic's order. */
    private static List<String> bookableLocations(Clinic clinic) {
        return clinic.locations().stream().map(Clinic.Location::id).filter(clinic.booking().locations()::containsKey).toList();
    }

    private static List<String> typeIds(Clinic clinic) {
        return clinic.booking().types().stream().map(BookingSettings.ConsultationType::id).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
