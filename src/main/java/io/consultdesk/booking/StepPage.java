package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.embed.Frame;
import io.consultdesk.i18n.Messages;

/**
 * The iframe's page once the request is stored: it says the request was received, then lets the visitor
 * pick a time ({@link View#PICK}), or ask for a call back when the clinic does not book online
 * ({@link View#CALLBACK}); then the booking ({@link View#BOOKED}, {@link View#ALREADY_BOOKED}) or the call
 * back ({@link View#CALLBACK_DONE}). {@link View#MISSING}: the form's token names no open request of this clinic
 * (or has expired). {@link View#ALREADY_BOOKED} shows the booking only to the token that made it ({@code booked}
 * null otherwise). {@link View#LIMITED}: too many bookings or call backs this hour ({@code done} says when to retry).
 *
 * @param picker   for {@link View#PICK}; {@code callback} for PICK and CALLBACK; {@code booked} for the bookings
 * @param done     the call-back sentence ("We will call you back on …") for CALLBACK_DONE
 * @param storedNow the page answers the post that stored the request ({@code data-submitted-now}: form.js tells the
 *                  embedding page, once); false for every later page of the step and for the same form sent again
 */
public record StepPage(Frame frame, Clinic clinic, Messages messages, View view, String againUrl, boolean crisisOpen,
                       Picker picker, CallbackForm callback, Summary booked, String done, boolean storedNow) {

    public enum View { PICK, CALLBACK, BOOKED, ALREADY_BOOKED, CALLBACK_DONE, MISSING, LIMITED }

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public boolean is(View v) {
        return view == v;
    }

    /** What a screen reader hears when this part replaces the one before (form.js). */
    public String status() {
        return picker == null ? null : picker.status();
    }
}
