package io.consultdesk.embed;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import io.consultdesk.lead.Choices;
import io.consultdesk.lead.LeadInput;
import io.consultdesk.lead.ScreeningInput;
import io.consultdesk.screening.SafetyAnswer;
import io.consultdesk.screening.SafetyQuestion;
import io.consultdesk.screening.ScreeningAnswers;
import io.consultdesk.screening.TreatmentConcern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The consultation form, blank or shown again with the visitor's answers and the errors next to their fields. */
public record FormPage(
        Frame frame,
        Clinic clinic,
        Messages messages,
        String action,
        LeadInput values,
        Map<String, String> errors,
        List<String> notices,
        String started,
        String submissionKey,
        boolean crisisOpen) {

    /** A preview (the staff pages' previews of the form): it says so, and its button sends nothing. */
    public boolean preview() {
        return frame.preview() != null;
    }

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || !notices.isEmpty();
    }

    public String error(String field) {
        return errors.get(field);
    }

    public String invalid(String field) {
        return errors.containsKey(field) ? "true" : null;
    }

    /** The ids an input's aria-describedby names: its hint (if any) and its error slot (empty and hidden until needed). */
    public String describedBy(String field, boolean hint) {
        return (hint ? "f-" + field + "-hint " : "") + "f-" + field + "-error";
    }

    public List<String> states() {
        return List.copyOf(Choices.US_STATES.keySet());
    }

    public String stateName(String code) {
        return Choices.US_STATES.get(code);
    }

    public boolean selected(String value, String option) {
        return option.equals(value);
    }

    public boolean condition(String key) {
        return values.hasCondition(key);
    }

    public boolean ticked(String key) {
        return values.ticked(key);
    }

    public String consentText() {
        return clinic.consent(messages);
    }

    public String smsConsentText() {
        return messages.get("consent.sms", clinic.name());
    }

    // ---- Steps: one long server-rendered form, each step a section; form.js shows one at a time. ----

    public static final String STEP_ABOUT = "about";
    public static final String STEP_FEELINGS = "feelings";
    public static final String STEP_SAFETY = "safety";
    public static final String STEP_CONTACT = "contact";

    /** Whether the first step has anything to ask. */
    public boolean asksAbout() {
        Clinic.Questions q = clinic.questions();
        return q.interest() || q.conditions() || q.tmsChecklist() || q.antidepressantTrials() || clinic.asksLocation();
    }

    /** Whether the "how you have been feeling" step (PHQ-9/PHQ-8 and/or GAD-7) is shown. */
    public boolean asksFeelings() {
        return clinic.questions().asksDepressionScale() || clinic.questions().anxietyScale();
    }

    public boolean asksSafety() {
        return clinic.questions().tmsSafety() || clinic.questions().ketamineSafety();
    }

    /** The steps this clinic's form has, in order; a step whose questions the clinic turned off is left out. */
    public List<String> steps() {
        List<String> steps = new ArrayList<>();
        if (asksAbout()) {
            steps.add(STEP_ABOUT);
        }
        if (asksFeelings()) {
            steps.add(STEP_FEELINGS);
        }
        if (asksSafety()) {
            steps.add(STEP_SAFETY);
        }
        steps.add(STEP_CONTACT);
        return steps;
    }

    /** More than one step: form.js pages through them; without JavaScript they are one long form. */
    public boolean stepped() {
        return steps().size() > 1;
    }

    public boolean firstStep(String step) {
        return steps().indexOf(step) == 0;
    }

    public boolean lastStep(String step) {
        return STEP_CONTACT.equals(step);
    }

    /** e.g. "Step 2 of 4", or null when the form is a single step. */
    public String progress(String step) {
        List<String> steps = steps();
        return steps.size() > 1 ? t("steps.progress", steps.indexOf(step) + 1, steps.size()) : null;
    }

    /** Whether an error of this page belongs to a question in the step, so that form.js opens the form there. */
    public boolean stepHasError(String step) {
        return errors.keySet().stream().anyMatch(key -> step.equals(stepOf(key)));
    }

    static String stepOf(String errorKey) {
        if (errorKey.equals("screening.antidepressantTrials") || List.of("interest", "conditions", "tmsChecklist", "location").contains(errorKey)) {
            return STEP_ABOUT;
        }
        if (errorKey.startsWith("screening.safety.")) {
            return STEP_SAFETY;
        }
        if (errorKey.startsWith("screening")) {
            return STEP_FEELINGS;
        }
        return STEP_CONTACT;
    }

    /** The errors listed in the summary, each linking to its field. Screening errors only come from a tampered post. */
    public Map<String, String> fieldErrors() {
        Map<String, String> listed = new LinkedHashMap<>(errors);
        listed.keySet().removeIf(FormPage::isScreeningError);
        return listed;
    }

    /** A screening answer could not be read (never from the form as served): one general notice instead of a list. */
    public boolean screeningNotice() {
        return errors.keySet().stream().anyMatch(FormPage::isScreeningError);
    }

    private static boolean isScreeningError(String key) {
        return key.startsWith("screening");
    }

    // ---- Screening questions: every one optional, never scored or judged in front of the visitor. ----

    private ScreeningInput screening() {
        return values.screeningOrEmpty();
    }

    /** 1..9 for PHQ-9, 1..8 for PHQ-8, none when the clinic does not ask. */
    public List<Integer> depressionItems() {
        String scale = clinic.questions().depressionScale();
        int n = "phq9".equals(scale) ? 9 : "phq8".equals(scale) ? 8 : 0;
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    public List<Integer> anxietyItems() {
        return clinic.questions().anxietyScale() ? IntStream.rangeClosed(1, 7).boxed().toList() : List.of();
    }

    /** The answers shared by PHQ and GAD: "0" Not at all .. "3" Nearly every day. */
    public List<String> frequencies() {
        return List.of("0", "1", "2", "3");
    }

    public boolean depressionChecked(int item, String answer) {
        return answer.equals(screening().depressionItem(item));
    }

    public boolean anxietyChecked(int item, String answer) {
        return answer.equals(screening().anxietyItem(item));
    }

    /** PHQ-9 item 9 above "Not at all": choosing it opens the crisis panel at once. */
    public boolean crisisTrigger(int item, String answer) {
        return item == 9 && !"0".equals(answer);
    }

    public List<String> difficulties() {
        return ScreeningAnswers.DIFFICULTY;
    }

    public boolean difficultyChecked(String answer) {
        return answer.equals(screening().difficulty());
    }

    public List<String> trialOptions() {
        return List.of("0", "1", "2", "3", "4");
    }

    public boolean trialsChecked(String answer) {
        return answer.equals(screening().antidepressantTrials());
    }

    /** The TMS safety questions, pregnancy included (it is asked once, in the first safety section shown). */
    public List<String> tmsSafetyQuestions() {
        if (!clinic.questions().tmsSafety()) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        for (SafetyQuestion q : SafetyQuestion.values()) {
            if (q.concerns().tms()) {
                codes.add(q.code());
            }
        }
        return codes;
    }

    /** The ketamine safety questions; pregnancy (one combined question) only when the TMS section did not ask it. */
    public List<String> ketamineSafetyQuestions() {
        if (!clinic.questions().ketamineSafety()) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        for (SafetyQuestion q : SafetyQuestion.values()) {
            if (q.concerns() == TreatmentConcern.KETAMINE) {
                codes.add(q.code());
            }
        }
        if (!clinic.questions().tmsSafety()) {
            codes.add(SafetyQuestion.PREGNANCY.code());
        }
        return codes;
    }

    public List<String> safetyAnswers() {
        List<String> codes = new ArrayList<>();
        for (SafetyAnswer a : SafetyAnswer.values()) {
            codes.add(a.code());
        }
        return codes;
    }

    public boolean safetyChecked(String question, String answer) {
        return answer.equals(screening().safetyAnswer(question));
    }

    /** "true" once "I need help now" was pressed (set by form.js), kept when the form is shown again. */
    public String helpNow() {
        return Boolean.TRUE.equals(values.helpNow()) ? "true" : "";
    }
}
