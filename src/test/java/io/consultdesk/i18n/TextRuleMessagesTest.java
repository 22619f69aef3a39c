package io.consultdesk.i18n;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The messages of the text rules and of unreadable bodies exist in English and in Spanish. */
class TextRuleMessagesTest {
    static final List<String> KEYS = List.of("error.name.noLetters", "error.message.unreadable", "error.field.control",
            "error.field.invisible", "error.email.invalid", "api.error.notUtf8", "api.error.formUnreadable",
            "error.page.badRequest.heading", "error.page.badRequest.body");

    @Test
    void everyKeyIsInBothLanguages() {
        Messages en = Messages.english();
        Messages es = Messages.forLocale(Locale.forLanguageTag("es"));
        for (String key : KEYS) {
            assertTrue(en.has(key) && es.has(key), key);
            assertNotEquals(en.get(key), es.get(key), key + " is translated");
        }
    }
}
