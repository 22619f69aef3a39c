package io.consultdesk.booking;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.embed.Frame;
import io.consultdesk.i18n.Messages;

/**
 * The visitor's page from the link in their email: the consultation, with "Choose another time" and
 * "Cancel this consultation" ({@link View#SHOW}); then the outcome; or {@link View#GONE} when the link no
 * longer works (used, moved, cancelled, past or made up), which tells nothing but the clinic's phone.
 *
 * @param clinic null when the link names no booking at all
 */
public record ManagePage(Frame frame, Clinic clinic, Messages messages, View view, Summary booking, Picker picker,
                         String notice, String cancelAction) {

    public enum View { SHOW, RESCHEDULED, CANCELLED, GONE }

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public boolean is(View v) {
        return view == v;
    }

    public String status() {
        return picker == null ? null : picker.status();
    }
}
