package io.consultdesk.embed;

import io.consultdesk.i18n.Messages;

/** The iframe's page for a clinic slug that does not exist (a typo in the snippet). */
public record NotFoundPage(Frame frame, Messages messages) {
    public String t(String key, Object... args) {
        return messages.get(key, args);
    }
}
