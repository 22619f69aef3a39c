package io.consultdesk.lead;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.mail.EmailAddresses;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules a consultation request must meet, as a pure function of the input and the clinic's
 * settings. Errors come back in form order, keyed by the API's field names.
 */
public final class LeadValidator {
    public static final int NAME_MAX = 100;
    public static final int MESSAGE_MAX = 2000;

    private LeadValidator() {}

    /** Either a valid lead or the errors, never both. */
    public record Result(ValidLead lead, Map<String, FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Result validate(LeadInput in, Clinic clinic) {
        return validate(in, clinic, Map.of());
    }

    /** @param earlier errors already found while reading the input (wrong JSON types); they take precedence. */
    public static Result validate(LeadInput in, Clinic clinic, Map<String, FieldError> earlier) {
        Map<String, FieldError> e = new LinkedHashMap<>();

        // Free text is checked as sent, before spaces are tidied: a line break is refused, never made a space.
        VisitorText.Problem nameProblem = VisitorText.problemInLine(in.name());
        String name = VisitorText.line(in.name());
        if (nameProblem != null) {
            e.put("name", FieldError.of(nameProblem.key));
        } else if (name == null) {
            e.put("name", FieldError.of("error.name.required"));
        } else if (name.length() > NAME_MAX) {
            e.put("name", FieldError.of("error.name.tooLong", NAME_MAX));
        } else if (!VisitorText.hasLetter(name)) {
            e.put("name", FieldError.of("error.name.noLetters"));
        }

        VisitorText.Problem emailProblem = VisitorText.problemInLine(in.email());
        String email = VisitorText.line(in.email());
        if (emailProblem != null) {
            e.put("email", FieldError.of(emailProblem.key));
        } else if (email == null) {
            e.put("email", FieldError.of("error.email.required"));
        } else {
            // Stored with its domain in the xn-- form, which every mail server takes.
            email = EmailAddresses.normalise(email).orElse(null);
            if (email == null) {
                e.put("email", FieldError.of("error.email.invalid"));
            }
        }

        String contact = text(in.preferredContact());
        if (contact == null) {
            e.put("preferredContact", FieldError.of("error.preferredContact.required"));
        } else if (!Choices.PREFERRED_CONTACT.contains(contact)) {
            e.put("preferredContact", FieldError.of("error.field.invalid"));
        }

        boolean sms = Boolean.TRUE.equals(in.smsConsent());
        VisitorText.Problem phoneProblem = VisitorText.problemInLine(in.phone());
        String phoneText = VisitorText.line(in.phone());
        String phone = null;
        if (phoneProblem != null) {
            e.put("phone", FieldError.of(phoneProblem.key));
        } else if (phoneText == null) {
            if (sms) {
                e.put("phone", FieldError.of("error.phone.requiredForSms"));
            } else if ("phone".equals(contact) || "text".equals(contact)) {
                e.put("phone", FieldError.of("error.phone.required"));
            }
        } else {
            phone = e164(phoneText);
            if (phone == null) {
                e.put("phone", FieldError.of("error.phone.invalid"));
            }
        }

        String bestTime = oneOf(in.bestTime(), Choices.BEST_TIME, "bestTime", e);

        String zone = text(in.timeZone());
        if (zone != null) {
            try {
                zone = ZoneId.of(zone).getId();
            } catch (DateTimeException | IllegalArgumentException ex) {
                zone = null; // a browser hint only: an unknown zone is dropped, never an error for the visitor
            }
        }

        String state = text(in.state());
        if (state == null) {
            if (clinic.questions().state()) {
                e.put("state", FieldError.of("error.state.required"));
            }
        } else {
            state = state.toUpperCase(Locale.ROOT);
            if (!Choices.US_STATES.containsKey(state) && !Choices.OUTSIDE_US.equals(state)) {
                e.put("state", FieldError.of("error.field.invalid"));
            }
        }

        if (!Boolean.TRUE.equals(in.adult())) {
            e.put("adult", FieldError.of("error.adult.required"));
        }

        String location = text(in.location());
        if (location == null) {
            if (clinic.asksLocation()) {
                e.put("location", FieldError.of("error.location.required"));
            } else if (clinic.locations().size() == 1) {
                location = clinic.locations().get(0).id();
            }
        } else if (!Choices.ANY_LOCATION.equals(location) && clinic.location(location).isEmpty()) {
            e.put("location", FieldError.of("error.field.invalid"));
        }

        String interest = text(in.interest());
        if (interest == null) {
            if (clinic.questions().interest()) {
                e.put("interest", FieldError.of("error.interest.required"));
            }
        } else if (!Choices.INTEREST.contains(interest)) {
            e.put("interest", FieldError.of("error.field.invalid"));
        }

        List<String> conditions = new ArrayList<>();
        if (in.conditions() != null) {
            for (String c : in.conditions()) {
                if (!Choices.CONDITIONS.contains(c)) {
                    e.put("conditions", FieldError.of("error.field.invalid"));
                } else if (!conditions.contains(c)) {
                    conditions.add(c);
                }
            }
        }

        Map<String, Boolean> checklist = new LinkedHashMap<>();
        if (in.tmsChecklist() != null) {
            for (Map.Entry<String, Boolean> item : in.tmsChecklist().entrySet()) {
                if (!Choices.TMS_CHECKLIST.contains(item.getKey()) || item.getValue() == null) {
                    e.put("tmsChecklist", FieldError.of("error.field.invalid"));
                }
            }
            for (String key : Choices.TMS_CHECKLIST) {
                Boolean v = in.tmsChecklist().get(key);
                if (v != null) {
                    checklist.put(key, v);
                }
            }
        }

        String referral = oneOf(in.referralSource(), Choices.REFERRAL, "referralSource", e);

        String message = VisitorText.text(in.message());
        if (VisitorText.problemInText(in.message()) != null) {
            e.put("message", FieldError.of("error.message.unreadable"));
        } else if (message != null && message.length() > MESSAGE_MAX) {
            e.put("message", FieldError.of("error.message.tooLong", MESSAGE_MAX));
        }

        var screening = ScreeningValidator.validate(in.screening(), e);

        if (!Boolean.TRUE.equals(in.consent())) {
            e.put("consent", FieldError.of("error.consent.required"));
        }

        Utm utm = utm(in.utm(), e);

        if (!earlier.isEmpty()) {
            Map<String, FieldError> merged = new LinkedHashMap<>(earlier);
            e.forEach(merged::putIfAbsent);
            e = merged;
        }
        if (!e.isEmpty()) {
            return new Result(null, e);
        }
        return new Result(new ValidLead(name, email, phone, contact, bestTime, zone, state, location, interest,
                List.copyOf(conditions), checklist, referral, message, sms, screening, Boolean.TRUE.equals(in.helpNow()), utm),
                Map.of());
    }

    /**
     * The campaign, strictly: a part with control or invisible formatting characters, or longer than
     * {@link Utm#MAX}, is an error at {@code utm.<part>} (the widget cleans its values before they get here).
     */
    private static Utm utm(Utm in, Map<String, FieldError> e) {
        Map<String, String> parts = new LinkedHashMap<>();
        in.parts().forEach((part, raw) -> {
            String v = VisitorText.line(raw);
            if (raw != null && Utm.hasControl(raw)) {
                e.put("utm." + part, FieldError.of(VisitorText.problemInLine(raw) == VisitorText.Problem.CONTROL
                        ? "error.field.control" : "error.field.invisible"));
            } else if (v != null && v.length() > Utm.MAX) {
                e.put("utm." + part, FieldError.of("error.utm.tooLong", Utm.MAX));
            }
            parts.put(part, v);
        });
        return new Utm(parts.get("source"), parts.get("medium"), parts.get("campaign"));
    }

    /** A US number (10 digits, optional leading 1) or an international one written with +, as E.164; null if neither. */
    static String e164(String raw) {
        if (!raw.matches("^[+]?[0-9 ().\\-]{7,25}$")) {
            return null;
        }
        String digits = raw.replaceAll("[^0-9]", "");
        if (raw.startsWith("+")) {
            if (digits.startsWith("1")) {
                return digits.length() == 11 && nanp(digits.substring(1)) ? "+" + digits : null;
            }
            return digits.length() >= 8 && digits.length() <= 15 ? "+" + digits : null;
        }
        if (digits.length() == 11 && digits.startsWith("1")) {
            digits = digits.substring(1);
        }
        return digits.length() == 10 && nanp(digits) ? "+1" + digits : null;
    }

    /** North American numbers: area code and exchange never start with 0 or 1. */
    private static boolean nanp(String tenDigits) {
        return tenDigits.length() == 10 && tenDigits.charAt(0) >= '2' && tenDigits.charAt(3) >= '2';
    }

    private static String oneOf(String raw, List<String> allowed, String field, Map<String, FieldError> e) {
        String v = text(raw);
        if (v != null && !allowed.contains(v)) {
            e.put(field, FieldError.of("error.field.invalid"));
        }
        return v;
    }

    private static String text(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip().replaceAll("\\s+", " ");
        return v.isEmpty() ? null : v;
    }

}
