package io.consultdesk.clinic;

import io.consultdesk.i18n.Messages;
import java.util.List;

/**
 * One problem with a clinic's settings: where (the field's path in the clinic file, e.g.
 * {@code booking.locations.los-angeles.hours.mon[0]}, the same path the settings pages name their fields
 * by) and what, as a message key with arguments, so it reads in the reader's language.
 */
public record Problem(String path, String key, List<Object> args) {
    public Problem {
        args = List.copyOf(args);
    }

    /** A word from the bundle used as an argument (a unit like "minutes"), translated with the message. */
    public record Term(String key) {}

    public String text(Messages m) {
        Object[] resolved = args.stream().map(a -> a instanceof Term t ? m.get(t.key()) : a).toArray();
        return m.get(key, resolved);
    }

    /** {@code path: message}, as {@code clinic import} prints it. */
    public String line(Messages m) {
        return path + ": " + text(m);
    }

    /** Whether this problem is about the field at {@code fieldPath} or something inside it ({@code [i]}, {@code .x}). */
    public boolean isAbout(String fieldPath) {
        return path.equals(fieldPath) || path.startsWith(fieldPath + "[") || path.startsWith(fieldPath + ".");
    }
}
