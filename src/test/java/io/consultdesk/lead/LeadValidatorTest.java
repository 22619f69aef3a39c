package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure rules, without a server: phone normalisation and the clinic-dependent requirements. */
class LeadValidatorTest {
    static final Clinic DEMO = ClinicService.demoClinic();

    static LeadInput minimal() {
        return new LeadInput("Sam", "sam@example.org", null, "email", null, null, "CA", true, "any", "unsure",
                List.of(), Map.of(), null, null, true, false, ScreeningInput.empty(), null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "(310) 555-0142, +13105550142",
        "310-555-0142, +13105550142",
        "3105550142, +13105550142",
        "1 310 555 0142, +13105550142",
        "+1 310 555 0142, +13105550142",
        "+44 20 7946 0958, +442079460958",
        "555-0142, none",
        "(010) 555-0142, none",
        "(310) 155-0142, none",
        "+1 310 555 014, none",
        "310 555 0142 ext 4, none",
        "+123, none",
    })
    void phoneNumbers(String raw, String expected) {
        assertEquals(expected, LeadValidator.e164(raw));
    }

    @Test
    void aClinicWithOneLocationNeedsNoChoiceAndStoresThatLocation() {
        Clinic single = new Clinic(DEMO.slug(), DEMO.name(), DEMO.phone(), DEMO.hours(), DEMO.brandColor(), DEMO.offer(),
                DEMO.locale(), DEMO.privacyNoticeUrl(), List.of(DEMO.locations().get(0)), DEMO.allowedOrigins(),
                DEMO.recipients(), DEMO.questions());
        LeadInput noLocation = new LeadInput("Sam", "sam@example.org", null, "email", null, null, "CA", true, null,
                "unsure", List.of(), Map.of(), null, null, true, false, ScreeningInput.empty(), null);
        LeadValidator.Result r = LeadValidator.validate(noLocation, single);
        assertTrue(r.valid(), r.errors().toString());
        assertEquals("los-angeles", r.lead().locationId());
        assertEquals("location", LeadValidator.validate(noLocation, DEMO).errors().keySet().iterator().next());
    }

    @Test
    void questionsTheClinicDoesNotAskAreNotRequired() {
        Clinic.Questions none = new Clinic.Questions(false, false, false, false, false, false, false, false);
        Clinic quiet = new Clinic(DEMO.slug(), DEMO.name(), DEMO.phone(), DEMO.hours(), DEMO.brandColor(), DEMO.offer(),
                DEMO.locale(), DEMO.privacyNoticeUrl(), DEMO.locations(), DEMO.allowedOrigins(), DEMO.recipients(), none);
        LeadInput bare = new LeadInput("Sam", "sam@example.org", null, "email", null, null, null, true, null, null,
                List.of(), Map.of(), null, null, true, false, ScreeningInput.empty(), null);
        LeadValidator.Result r = LeadValidator.validate(bare, quiet);
        assertTrue(r.valid(), r.errors().toString());
        assertNull(r.lead().state());
        assertNull(r.lead().locationId());
    }

    @Test
    void textIsTrimmedAndAnUnknownTimeZoneIsDroppedNotAnError() {
        LeadInput in = new LeadInput("  Sam   Lee ", " sam@example.org ", null, "email", null, "Mars/Olympus", "ca", true,
                "any", "unsure", List.of("ocd", "ocd"), Map.of(), null, "  line one\r\nline two\u200B  ", true, false, ScreeningInput.empty(), null);
        LeadValidator.Result r = LeadValidator.validate(in, DEMO);
        assertTrue(r.valid(), r.errors().toString());
        assertEquals("Sam Lee", r.lead().name());
        assertEquals("sam@example.org", r.lead().email());
        assertEquals("CA", r.lead().state());
        assertNull(r.lead().timeZone());
        assertEquals(List.of("ocd"), r.lead().conditions());
        assertEquals("line one\nline two", r.lead().message());
    }

    @Test
    void errorsComeInFormOrder() {
        LeadInput empty = LeadInput.empty();
        assertEquals(List.of("name", "email", "preferredContact", "state", "adult", "location", "interest", "consent"),
                List.copyOf(LeadValidator.validate(empty, DEMO).errors().keySet()));
        assertTrue(LeadValidator.validate(minimal(), DEMO).valid());
    }

    static LeadValidator.Result withName(String name) {
        LeadInput m = minimal();
        return LeadValidator.validate(new LeadInput(name, m.email(), m.phone(), m.preferredContact(), m.bestTime(), m.timeZone(),
                m.state(), m.adult(), m.location(), m.interest(), m.conditions(), m.tmsChecklist(), m.referralSource(),
                m.message(), m.consent(), m.smsConsent(), m.screening(), m.helpNow()), DEMO);
    }

    static LeadValidator.Result with(String email, String phone, String message) {
        LeadInput m = minimal();
        return LeadValidator.validate(new LeadInput(m.name(), email, phone, m.preferredContact(), m.bestTime(), m.timeZone(),
                m.state(), m.adult(), m.location(), m.interest(), m.conditions(), m.tmsChecklist(), m.referralSource(),
                message, m.consent(), m.smsConsent(), m.screening(), m.helpNow()), DEMO);
    }

    static String error(LeadValidator.Result r, String field) {
        FieldError e = r.errors().get(field);
        return e == null ? "ok" : e.key();
    }

    /** Escapes as Java writes them, so the table shows every invisible character it tests. */
    static String unescape(String s) {
        return java.util.regex.Pattern.compile("\\\\u([0-9A-Fa-f]{4})").matcher(s)
                .replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)))
                .replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }

    @ParameterizedTest(name = "name \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "Jordan Rivera                | ok",
        "Zoë O’Brien-Núñez             | ok",
        "李小龍                        | ok",
        "محمد عبد الله                 | ok",
        "مهسا\\u200Cپور              | ok",                          // ZWNJ inside a Persian word
        "Dr. Jean-Luc d'Arc           | ok",
        "Sam\\u00A0Lee               | ok",                          // a no-break space is a space
        "\\u200F                     | error.field.invisible",       // right-to-left mark
        "\\u200E\\u200F            | error.field.invisible",
        "\\u200B                     | error.field.invisible",       // zero-width space
        "\\uFEFF                     | error.field.invisible",       // byte order mark
        "\\u2060                     | error.field.invisible",       // word joiner
        "\\u00AD                     | error.field.invisible",       // soft hyphen
        "\\uFFFE                     | error.field.invisible",       // non-character
        "\\uFDD0                     | error.field.invisible",       // non-character
        "\\uD800                     | error.field.invisible",       // lone high surrogate
        "Ann\\uDC00                  | error.field.invisible",       // lone low surrogate
        "\\u3164                     | error.field.invisible",       // Hangul filler (a letter that shows nothing)
        "\\u2800                     | error.field.invisible",       // Braille blank
        "\\uE000                     | error.field.invisible",       // private use
        "Jos\\uFFFD                  | error.field.invisible",       // a replacement character: something was lost
        "Ann\\u202Eetal              | error.field.invisible",       // right-to-left override
        "\\u200D                     | error.name.noLetters",        // a joiner alone is not a name
        "\\u200C\\u200D            | error.name.noLetters",
        "12345                        | error.name.noLetters",
        "---                          | error.name.noLetters",
        "\\u00A0\\u2003\\u3000   | error.name.required",         // only spaces of other kinds
        "Ann\\r\\nBcc: x          | error.field.control",
        "Ann\\n                      | error.field.control",
        "Ann\\u0000                  | error.field.control",
        "Ann\\tLee                   | error.field.control",
        "Ann\\u0085Lee               | error.field.control",         // C1 next line
        "Ann\\u2028Lee               | error.field.control",         // line separator
        "Ann\\u007F                  | error.field.control",         // DEL
    })
    void names(String raw, String expected) {
        assertEquals(expected, error(withName(unescape(raw.strip())), "name"));
    }

    @ParameterizedTest(name = "email \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "none", value = {
        // taken, and stored as
        "sam@example.org                          | sam@example.org",
        "Sam.Lee@Example.ORG                      | Sam.Lee@Example.ORG",
        "o'hara@example.co.uk                     | o'hara@example.co.uk",
        "first_last+intake%tag@example.com        | first_last+intake%tag@example.com",
        "a-b@sub.example-clinic.com               | a-b@sub.example-clinic.com",
        "josé@bücher.example                      | none",                                    // the local part is ASCII
        "jose@bücher.example                      | jose@xn--bcher-kva.example",
        "jose@xn--bcher-kva.example               | jose@xn--bcher-kva.example",
        "li@例え.テスト                            | li@xn--r8jz45g.xn--zckzah",
        "m@موقع.وزارة-الاتصالات.مصر               | m@xn--4gbrim.xn----ymcbaaajlc6dj7bxne2c.xn--wgbh1c",
        // refused
        "a?cc=x%40evil.example&body=y@example.com | none",
        "a&b@example.com                          | none",
        "a=b@example.com                          | none",
        "a/b@example.com                          | none",
        "a#b@example.com                          | none",
        "a!b@example.com                          | none",
        "a*b@example.com                          | none",
        "\"a b\"@example.com                    | none",
        "a b@example.com                          | none",
        "a@b@example.com                          | none",
        ".a@example.com                           | none",
        "a.@example.com                           | none",
        "a..b@example.com                         | none",
        "a@example                                | none",                                    // one label
        "a@localhost                              | none",
        "a@[192.0.2.1]                            | none",
        "a@192.0.2.1                              | none",                                    // the last label is letters
        "a@-example.com                           | none",
        "a@example-.com                           | none",
        "a@exa_mple.com                           | none",
        "a@example..com                           | none",
        "a@.example.com                           | none",
        "a@example.com.                           | none",
        "a@example.c                              | none",
        "a@straße.example                         | none",                                    // IDNA would make it strasse
        "a@ｅｘａｍｐｌｅ.com                     | none",                                    // full-width look-alike
        "a@exa\\u200Bmple.com                   | none",
        "a@example.com\\u200B                   | none",
        "a@xn--zz.example                         | none",                                    // not a valid xn-- label
        "@example.com                             | none",
    })
    void emailAddresses(String raw, String stored) {
        LeadValidator.Result r = with(unescape(raw.strip()), null, null);
        if (stored == null) {
            assertTrue(r.errors().containsKey("email"), raw + " is refused");
        } else {
            assertTrue(r.valid(), raw + ": " + r.errors());
            assertEquals(stored, r.lead().email());
        }
    }

    @Test
    void anAddressTooLongIsRefused() {
        String local64 = "a".repeat(64);
        assertTrue(with(local64 + "@example.com", null, null).valid());
        assertEquals("error.email.invalid", error(with("a" + local64 + "@example.com", null, null), "email"));
        String longDomain = ("a".repeat(60) + ".").repeat(4) + "com"; // 247 characters
        assertEquals("error.email.invalid", error(with("abcdefgh@" + longDomain, null, null), "email"));
    }

    @ParameterizedTest(name = "email \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "sam@example.org\\r\\nBcc: x@evil.example | error.field.control",
        "sam@example.org\\n                         | error.field.control",
        "sam@example.org\\u0000                     | error.field.control",
        "sam\\u200B@example.org                     | error.field.invisible",
        "\\uFEFFsam@example.org                     | error.field.invisible",
    })
    void emailControlAndInvisibleCharactersAreNamed(String raw, String key) {
        assertEquals(key, error(with(unescape(raw.strip()), null, null), "email"));
    }

    @ParameterizedTest(name = "phone \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "(310) 555-0142             | ok",
        "(310)\\u00A0555-0142     | ok",
        "(310) 555-0142\\r\\n   | error.field.control",
        "(310)\\n555-0142         | error.field.control",
        "(310)\\t555-0142         | error.field.control",
        "(310) 555-0142\\u0000    | error.field.control",
        "(310) 555\\u200B-0142    | error.field.invisible",
        "\\u202E(310) 555-0142    | error.field.invisible",
        "(３１０) 555-0142           | error.phone.invalid",
    })
    void phones(String raw, String expected) {
        assertEquals(expected, error(with("sam@example.org", unescape(raw.strip()), null), "phone"));
    }

    @ParameterizedTest(name = "message \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "none", value = {
        // stored as (line breaks kept, invisible formatting characters a paste brings dropped)
        "Mornings\\r\\nare best.      | Mornings\\nare best.",
        "Mornings\\rare best.           | Mornings\\nare best.",
        "Mornings\\u2028are best.       | Mornings\\nare best.",
        "Mornings\\u000Bare best.       | Mornings\\nare best.",
        "Mornings\\tor evenings.        | Mornings\\tor evenings.",
        "Morn\\u00ADings\\u200B.      | Mornings.",
        "\\uFEFFMornings\\u00A0best.  | Mornings best.",
        "\\u200B\\u200F               | none",
        "Thanks 👍🏽 and 👨\\u200D👩\\u200D👧 | Thanks 👍🏽 and 👨\\u200D👩\\u200D👧",
    })
    void messagesAreCleanedOfWhatAPasteBrings(String raw, String stored) {
        LeadValidator.Result r = with("sam@example.org", null, unescape(raw.strip()));
        assertTrue(r.valid(), raw + ": " + r.errors());
        assertEquals(stored == null ? null : unescape(stored.strip()), r.lead().message());
    }

    @ParameterizedTest(name = "message \"{0}\" is refused")
    @ValueSource(strings = {"Mornings\u0000", "Mornings\u001b[31m", "Mornings\u0007", "Mornings\u007F", "Mornings\u009B",
            "Mornings\uD800", "Mornings\uDFFF", "Mornings\uFFFF", "Mornings\uFDD0"})
    void messagesWithControlCodesOrNonCharactersAreRefused(String raw) {
        assertEquals("error.message.unreadable", error(with("sam@example.org", null, raw), "message"));
    }

    @ParameterizedTest(name = "utm \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "newsletter              | ok",
        "spring sale\\u00A02026 | ok",
        "news\\r\\nletter    | error.field.control",
        "news\\u0000           | error.field.control",
        "news\\u200Bletter     | error.field.invisible",
        "news\\uD800           | error.field.invisible",
        "news\\uFFFE           | error.field.invisible",
        "\\u202Enews           | error.field.invisible",
    })
    void campaignValuesFromTheApi(String raw, String expected) {
        LeadInput m = minimal();
        LeadInput in = new LeadInput(m.name(), m.email(), m.phone(), m.preferredContact(), m.bestTime(), m.timeZone(),
                m.state(), m.adult(), m.location(), m.interest(), m.conditions(), m.tmsChecklist(), m.referralSource(),
                m.message(), m.consent(), m.smsConsent(), m.screening(), m.helpNow(), new Utm(unescape(raw.strip()), null, null));
        assertEquals(expected, error(LeadValidator.validate(in, DEMO), "utm.source"));
    }

    @Test
    void campaignValuesFromTheWidgetAreCleanedNeverRefused() {
        assertEquals("news letter", Utm.clean("\u202Enews\u200B\u00A0letter\uD800\uFFFE"));
        assertEquals(null, Utm.clean("\u200B\u3164\u0000"));
    }
}
