package io.consultdesk.embed;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.lead.LeadInput;
import io.javalin.http.Context;

/**
 * What the iframe shows once a request is stored (the booking feature's "Pick a time" step, or the
 * thank-you with a call-back form when the clinic does not book online). It must say that the request
 * was received and mark itself {@code data-submitted}, as the form's script expects; and, when this very
 * post stored it, {@code data-submitted-now}: form.js then tells the embedding page
 * ({@code consultdesk:submitted}), whether the page came by its fetch or as a plain form post, once per request.
 */
@FunctionalInterface
public interface AfterRequest {
    /**
     * @param storedNow true when this post stored the request; false when it was found already stored under the
     *                  same submission key (the same form sent again, a reload of the thank-you page)
     * @param input     what the visitor sent (already stored); read only for hints such as the location chosen
     * @param crisis    the request signalled a crisis: the panel stays open
     */
    void show(Context ctx, Clinic clinic, String leadId, boolean storedNow, LeadInput input, boolean crisis);
}
