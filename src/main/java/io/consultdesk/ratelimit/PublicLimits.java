package io.consultdesk.ratelimit;

/**
 * What a visitor may do in an hour after the request is stored (one-hour windows in the database, see
 * {@link RateLimiter}). A booking, a call back or an urgent alert needs a stored request first, so these follow
 * the per-address request limit ({@code CONSULTDESK_RATE_LIMIT_PER_HOUR}, 20 by default): per address a quarter of
 * it (at least 3), per clinic as many as it (at least 20), urgent alerts 3 (more only above 20 requests); at the
 * default:
 *
 * <ul>
 *   <li>bookings (API and iframe together): 5 per address, 20 per clinic;</li>
 *   <li>call-back windows set in the iframe: 5 per address, 40 per clinic;</li>
 *   <li>changes through the visitor's emailed link: 5 per address (moves and cancellations together), moves 40 per
 *       clinic (a cancellation is never held back by other people's: it frees a seat);</li>
 *   <li>immediate urgent alerts: 3 per address and clinic. Past that the request is still stored and shown
 *       urgent, with its alert held (see {@code LeadService}).</li>
 * </ul>
 *
 * A person books once, perhaps twice (a second request, a move); only the hits that changed something count
 * (a time just taken, an invalid post or a retry of the same booking do not).
 */
public record PublicLimits(int bookingsPerAddress, int bookingsPerClinic, int callBacksPerAddress, int callBacksPerClinic,
                           int changesPerAddress, int movesPerClinic, int urgentAlertsPerAddress) {

    /** The limits for a per-address request limit of {@code requestsPerHour} (20 by default). */
    public static PublicLimits forRequests(int requestsPerHour) {
        int perAddress = Math.max(3, requestsPerHour / 4); // never below 3: a person may book twice (a second request, a move)
        // A clinic's limits never go below the default's, whatever the per-address limit: they are about the clinic.
        int perClinic = Math.max(20, requestsPerHour);
        return new PublicLimits(perAddress, perClinic, perAddress, perClinic * 2, perAddress, perClinic * 2,
                Math.max(3, requestsPerHour * 3 / 20));
    }
}
