package io.consultdesk.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.lead.Choices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every key the code and templates ask for exists, so no visitor ever sees a raw key. */
class MessagesTest {
    static final Pattern LITERAL_KEY = Pattern.compile("(?:\\.t|\\.get|FieldError\\.of)\\(\"([a-zA-Z0-9.]+)\"");

    @Test
    void everyLiteralKeyExists() throws IOException {
        Messages m = Messages.english();
        List<String> missing = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("templates"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Matcher k = LITERAL_KEY.matcher(Files.readString(f));
                    while (k.find()) {
                        if (k.group(1).contains(".") && !k.group(1).endsWith(".") && !m.has(k.group(1))) {
                            missing.add(f + ": " + k.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyOptionHasALabel() {
        Messages m = Messages.english();
        List<String> missing = new ArrayList<>();
        Choices.PREFERRED_CONTACT.forEach(k -> check(m, "option.preferredContact." + k, missing));
        Choices.BEST_TIME.forEach(k -> check(m, "option.bestTime." + k, missing));
        Choices.INTEREST.forEach(k -> check(m, "option.interest." + k, missing));
        Choices.CONDITIONS.forEach(k -> check(m, "option.condition." + k, missing));
        Choices.TMS_CHECKLIST.forEach(k -> check(m, "option.tms." + k, missing));
        Choices.REFERRAL.forEach(k -> check(m, "option.referral." + k, missing));
        for (String field : List.of("name", "email", "phone", "preferredContact", "bestTime", "state", "adult", "location",
                "interest", "conditions", "tmsChecklist", "referralSource", "message")) {
            check(m, "field." + field, missing);
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theConsentTextsAreExactlyThePrivacyRules() {
        Messages m = Messages.forLocale(Locale.ENGLISH);
        assertEquals("I agree that Acme Clinic may use the information I submit to contact me about a consultation and to"
                + " assess whether its services may suit me, as described in its Notice of Privacy Practices. This form is"
                + " not for emergencies — call or text 988, or 911.", m.get("consent.privacy", "Acme Clinic"));
        assertEquals("I agree to receive calls and texts, including by automated means, from Acme Clinic at this number"
                + " about my request. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to opt"
                + " out.", m.get("consent.sms", "Acme Clinic"));
        assertEquals("This form is not monitored 24/7. It is not for emergencies.", m.get("emergency.notice"));
    }

    @Test
    void theChecklistIsWordedAsCliniciansAskIt() {
        Messages m = Messages.english();
        assertEquals("I have tried, or am currently on, 3 or more antidepressant medications.", m.get("option.tms.medications"));
        assertTrue(m.get("option.tms.symptoms").startsWith("I am experiencing sadness, low energy"));
    }

    private static void check(Messages m, String key, List<String> missing) {
        if (!m.has(key)) {
            missing.add(key);
        }
    }
}
