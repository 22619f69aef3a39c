package io.consultdesk.embed;

import io.consultdesk.i18n.Messages;

/** A page of the iframe (or a visitor's link) saying what went wrong; the emergency line and crisis panel stay. */
public record ErrorPage(Frame frame, Messages messages, String heading, String body) {
    public String t(String key, Object... args) {
        return messages.get(key, args);
    }
}
