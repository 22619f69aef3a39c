package io.consultdesk.lead;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON body of {@code POST /api/v1/clinics/{clinic}/leads} into a {@link LeadInput}. A value of
 * the wrong type is a field error (422), not a parse error; an unknown field is reported rather than
 * silently dropped, so a typo never loses an answer.
 */
public final class LeadJson {
    static final Set<String> FIELDS = Set.of("name", "email", "phone", "preferredContact", "bestTime", "timeZone",
            "state", "adult", "location", "interest", "conditions", "tmsChecklist", "referralSource", "message",
            "consent", "smsConsent", "screening", "helpNow", "utm");
    static final Set<String> UTM_FIELDS = Set.of("source", "medium", "campaign");
    static final Set<String> SCREENING_FIELDS = Set.of("phq9", "phq8", "gad7", "phqDifficulty", "safety",
            "antidepressantTrials");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build());
    }

    private LeadJson() {}

    /** The body is not JSON; carries only the position, never the offending text. */
    public static final class Malformed extends Exception {
        public final int line;
        public final int column;

        Malformed(int line, int column) {
            super("malformed JSON", null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    /** The body is JSON but not an object. */
    public static final class NotAnObject extends Exception {
        NotAnObject() {
            super("not a JSON object", null, false, false);
        }
    }

    /** The body is not UTF-8 (RFC 8259 §8.1): a byte sequence no encoder writes, never read as replacement characters. */
    public static final class NotUtf8 extends Exception {
        NotUtf8() {
            super("not UTF-8", null, false, false);
        }
    }

    public record Read(LeadInput input, Map<String, FieldError> errors) {}

    public static Read read(byte[] body) throws Malformed, NotAnObject, NotUtf8 {
        if (!isUtf8(body)) {
            throw new NotUtf8();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new Malformed(loc == null ? 1 : loc.getLineNr(), loc == null ? 1 : loc.getColumnNr());
        } catch (IOException e) {
            throw new Malformed(1, 1);
        }
        if (root == null || !root.isObject()) {
            throw new NotAnObject();
        }
        Map<String, FieldError> errors = new LinkedHashMap<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                errors.put(fieldName(f, 64), FieldError.of("error.field.unknown"));
            }
        }
        Fields r = new Fields(root, errors);
        LeadInput input = new LeadInput(r.text("name"), r.text("email"), r.text("phone"), r.text("preferredContact"),
                r.text("bestTime"), r.text("timeZone"), r.text("state"), r.bool("adult"), r.text("location"),
                r.text("interest"), r.list("conditions"), r.checklist("tmsChecklist"), r.text("referralSource"),
                r.text("message"), r.bool("consent"), r.bool("smsConsent"), screening(root.get("screening"), errors),
                r.bool("helpNow"), utm(root.get("utm"), errors));
        return new Read(input, errors);
    }

    /** The optional {@code utm} object: {@code source}, {@code medium}, {@code campaign}, each text or null. */
    private static Utm utm(JsonNode n, Map<String, FieldError> errors) {
        if (n == null || n.isNull()) {
            return Utm.NONE;
        }
        if (!n.isObject()) {
            errors.put("utm", FieldError.of("error.utm.notObject"));
            return Utm.NONE;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!UTM_FIELDS.contains(f)) {
                errors.put("utm." + fieldName(f, 40), FieldError.of("error.field.unknown"));
            }
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String f : List.of("source", "medium", "campaign")) {
            JsonNode v = n.get(f);
            if (v != null && v.isTextual()) {
                parts.put(f, v.textValue());
            } else if (v != null && !v.isNull()) {
                errors.put("utm." + f, FieldError.of("error.field.notText"));
            }
        }
        return new Utm(parts.get("source"), parts.get("medium"), parts.get("campaign"));
    }

    /** Whether the bytes are UTF-8, strictly: no overlong forms, no encoded surrogates, nothing above U+10FFFF. */
    static boolean isUtf8(byte[] body) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /**
     * An unknown field's name as the answer names it: cut to {@code max} characters (never a character in half), a
     * control or invisible character shown as {@code ?}, so the answer is readable text whatever was sent.
     */
    static String fieldName(String f, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < f.length(); ) {
            int cp = f.codePointAt(i);
            i += Character.charCount(cp);
            boolean shown = !(VisitorText.isControl(cp) || VisitorText.isInvisible(cp));
            if (b.length() + (shown ? Character.charCount(cp) : 1) > max) {
                break;
            }
            if (shown) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        }
        return b.toString();
    }

    /**
     * The {@code screening} object: {@code phq9} (or {@code phq8}) and {@code gad7} arrays of 0–3 or
     * null, {@code phqDifficulty}, {@code safety} (question → yes/no/notSure), {@code antidepressantTrials}.
     * Numbers are passed on as text; the validator checks their range.
     */
    private static ScreeningInput screening(JsonNode n, Map<String, FieldError> errors) {
        if (n == null || n.isNull()) {
            return ScreeningInput.empty();
        }
        if (!n.isObject()) {
            errors.put("screening", FieldError.of("error.field.notObject"));
            return ScreeningInput.empty();
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!SCREENING_FIELDS.contains(f)) {
                errors.put("screening." + fieldName(f, 40), FieldError.of("error.field.unknown"));
            }
        }
        String scale = n.has("phq8") && !n.has("phq9") ? "phq8" : "phq9";
        if (n.has("phq8") && n.has("phq9")) {
            errors.put("screening.phq8", FieldError.of("error.screening.bothScales"));
        }
        List<String> depression = numbers(n.get(scale), "screening." + scale, errors);
        List<String> anxiety = numbers(n.get("gad7"), "screening.gad7", errors);
        Map<String, String> safety = new LinkedHashMap<>();
        JsonNode s = n.get("safety");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                errors.put("screening.safety", FieldError.of("error.field.notObject"));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isTextual()) {
                        safety.put(e.getKey(), e.getValue().textValue());
                    } else if (!e.getValue().isNull()) {
                        errors.put("screening.safety." + fieldName(e.getKey(), 40), FieldError.of("error.screening.safetyAnswer"));
                    }
                }
            }
        }
        JsonNode d = n.get("phqDifficulty");
        String difficulty = null;
        if (d != null && !d.isNull()) {
            if (d.isTextual()) {
                difficulty = d.textValue();
            } else {
                errors.put("screening.phqDifficulty", FieldError.of("error.field.notText"));
            }
        }
        JsonNode t = n.get("antidepressantTrials");
        String trials = null;
        if (t != null && !t.isNull()) {
            if (t.isIntegralNumber()) {
                trials = t.asText();
            } else {
                errors.put("screening.antidepressantTrials", FieldError.of("error.screening.trials"));
            }
        }
        return new ScreeningInput(scale, depression, anxiety, difficulty, safety, trials);
    }

    /** An array of whole numbers or nulls, as text; anything else is an error at its index. */
    private static List<String> numbers(JsonNode n, String path, Map<String, FieldError> errors) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            errors.put(path, FieldError.of("error.field.notList"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (e.isNull()) {
                out.add(null);
            } else if (e.isIntegralNumber()) {
                out.add(e.asText());
            } else {
                errors.put(path + "[" + i + "]", FieldError.of("error.screening.answer"));
                out.add(null);
            }
        }
        return out;
    }

    private record Fields(JsonNode root, Map<String, FieldError> errors) {
        String text(String f) {
            JsonNode n = root.get(f);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                errors.put(f, FieldError.of("error.field.notText"));
                return null;
            }
            return n.textValue();
        }

        Boolean bool(String f) {
            JsonNode n = root.get(f);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isBoolean()) {
                errors.put(f, FieldError.of("error.field.notBoolean"));
                return null;
            }
            return n.booleanValue();
        }

        List<String> list(String f) {
            JsonNode n = root.get(f);
            if (n == null || n.isNull()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (!n.isArray()) {
                errors.put(f, FieldError.of("error.field.notList"));
                return out;
            }
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    errors.put(f, FieldError.of("error.field.notList"));
                    return List.of();
                }
                out.add(e.textValue());
            }
            return out;
        }

        Map<String, Boolean> checklist(String f) {
            JsonNode n = root.get(f);
            if (n == null || n.isNull()) {
                return Map.of();
            }
            if (!n.isObject()) {
                errors.put(f, FieldError.of("error.field.notObject"));
                return Map.of();
            }
            Map<String, Boolean> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isBoolean()) {
                    errors.put(f, FieldError.of("error.field.notObject"));
                    return Map.of();
                }
                out.put(e.getKey(), e.getValue().booleanValue());
            }
            return out;
        }
    }
}
