package io.consultdesk.embed;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;

/** Shown once the request is on disk. Repeats none of the visitor's answers. */
public record ThanksPage(Frame frame, Clinic clinic, Messages messages, String againUrl, boolean crisisOpen) {
    public String t(String key, Object... args) {
        return messages.get(key, args);
    }
}
