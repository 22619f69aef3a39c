package io.consultdesk.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Visitor-facing text, from the {@code i18n/messages} bundle. Templates and Java code never hold
 * a sentence of their own: they ask for a key. A missing key fails loudly in tests
 * ({@code MessagesTest}) instead of showing a raw key to a visitor.
 */
public final class Messages {
    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("i18n.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static Messages forLocale(Locale locale) {
        try {
            return new Messages(locale);
        } catch (MissingResourceException e) {
            return new Messages(Locale.ROOT);
        }
    }

    public static Messages english() {
        return forLocale(Locale.ENGLISH);
    }

    public Locale locale() {
        return locale;
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /**
     * The text for a key; arguments fill {0}, {1}, ... placeholders (java.text.MessageFormat, so the
     * bundle uses the typographic apostrophe ’ rather than a straight quote, which MessageFormat eats).
     */
    public String get(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
