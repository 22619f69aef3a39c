package io.consultdesk.lead;

import io.consultdesk.i18n.Messages;
import java.util.List;

/** A problem with one field: a message key of the bundle and its arguments. */
public record FieldError(String key, List<Object> args) {
    public static FieldError of(String key, Object... args) {
        return new FieldError(key, List.of(args));
    }

    public String text(Messages messages) {
        return messages.get(key, args.toArray());
    }
}
