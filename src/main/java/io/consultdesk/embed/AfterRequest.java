package io.consultdesk.embed;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.lead.LeadInput;
import io.javalin.http.Context;

/**
 * What the iframe shows once a request is stored (the booking feature's "Pick a time" step, or the
 * thank-you with a call-back form when the clinic does not book online). It must say that the request
 * was received and mark itself {@code data-submitted}, as the form's script expects.
 */
@FunctionalInterface
public interface AfterRequest {
    /**
     * @param input  what the visitor sent (already stored); read only for hints such as the location chosen
     * @param crisis the request signalled a crisis: the panel stays open
     */
    void show(Context ctx, Clinic clinic, String leadId, LeadInput input, boolean crisis);
}
