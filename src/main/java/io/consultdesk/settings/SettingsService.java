package io.consultdesk.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.audit.Actor;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicRules;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.clinic.Problem;
import io.consultdesk.clinic.SettingsDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the settings pages do, without HTTP: a page's form is put into the clinic's current settings
 * ({@link SettingsForms}) and saved through {@link ClinicService#update}, which checks it with the one set of rules,
 * refuses a stale page, keeps the version in the history and writes the audit log. A preview checks the same draft
 * with the same rules and stores nothing.
 */
public final class SettingsService {
    private final ClinicService clinics;
    private final PreviewTokens previews;

    public SettingsService(ClinicService clinics, PreviewTokens previews) {
        this.clinics = clinics;
        this.previews = previews;
    }

    /** A save and the draft it was made of (to place the rules' problems on the page). */
    public record Attempt(SettingsForms.Draft draft, ClinicService.Save save) {}

    /** A checked preview: its token, or the problems of the draft. */
    public sealed interface Preview {
        record Ready(String token) implements Preview {}

        record Refused(SettingsForms.Draft draft, List<Problem> problems) implements Preview {}

        record NotFound() implements Preview {}
    }

    public Optional<Clinic> clinic(String slug) {
        return clinics.find(slug);
    }

    public Optional<Integer> version(String slug) {
        return clinics.version(slug);
    }

    public List<String> slugs() {
        return clinics.slugs();
    }

    /** The section's fields as the clinic has them now. */
    public Optional<FormValues> current(String slug, Section section) {
        return clinics.find(slug).map(c -> SettingsForms.fields(section, ClinicFile.tree(c)));
    }

    /**
     * Saves a section's form over the clinic's settings as they are when the save runs. A page that showed an older
     * version is refused only when someone changed a field of this page meanwhile; changes on other pages stay.
     */
    public Attempt save(String slug, Section section, FormValues form, int shownVersion, Actor actor) {
        AtomicReference<SettingsForms.Draft> made = new AtomicReference<>();
        ClinicService.Save save = clinics.update(slug, now -> {
            SettingsForms.Draft draft = SettingsForms.draft(section, now, form);
            made.set(draft);
            return draft.json();
        }, section.fields(), shownVersion, actor, section.code());
        return new Attempt(made.get(), save);
    }

    /**
     * The form a refused stale save shows again, field by field: what the person did not change (the same as the page
     * showed, {@code shownVersion}) as it is now, what they changed as they typed it, and which of those someone else
     * changed too (each with who).
     *
     * @param conflicts a field of the page → the versions saved meanwhile that changed it too
     */
    public record Refill(FormValues values, Map<String, List<ClinicService.Version>> conflicts) {}

    public Refill refill(String slug, Section section, FormValues typed, int shownVersion, ClinicService.Save.Stale stale) {
        Clinic now = clinics.find(slug).orElseThrow();
        Optional<ClinicService.Version> shown = clinics.version(slug, shownVersion);
        if (shown.isEmpty() || !(ClinicService.settingsOf(shown.get()) instanceof ObjectNode before)) {
            return new Refill(typed, Map.of()); // a version the history does not know: everything as typed
        }
        SettingsForms.Refill refill = SettingsForms.refill(section, typed, SettingsForms.fields(section, before),
                SettingsForms.fields(section, ClinicFile.tree(now)),
                unit -> stale.since().stream().anyMatch(v -> v.changes().stream().anyMatch(c -> unit.writes(c.field()))));
        Map<String, List<ClinicService.Version>> conflicts = new LinkedHashMap<>();
        for (SettingsForms.Unit unit : refill.conflicts()) {
            conflicts.put(unit.markedAt(), stale.since().stream()
                    .filter(v -> v.changes().stream().anyMatch(c -> unit.writes(c.field()))).toList());
        }
        return new Refill(refill.values(), conflicts);
    }

    /** Checks a section's form with the rules, as a save would, and makes a preview token of it; stores nothing. */
    public Preview preview(String slug, Section section, FormValues form) {
        Optional<Clinic> clinic = clinics.find(slug);
        if (clinic.isEmpty()) {
            return new Preview.NotFound();
        }
        SettingsForms.Draft draft = SettingsForms.draft(section, ClinicFile.tree(clinic.get()), form);
        draft.json().put("slug", slug);
        if (ClinicRules.check(draft.json()) instanceof ClinicRules.Result.Invalid invalid) {
            return new Preview.Refused(draft, invalid.problems());
        }
        ObjectNode shown = draft.json().deepCopy();
        shown.remove(List.of("booking", "allowedOrigins", "dashboard")); // the form shows none of them: the link stays short
        return new Preview.Ready(previews.issue(slug, shown));
    }

    /** The clinic a preview token shows: only a genuine, unexpired token made for this clinic. */
    public Optional<Clinic> previewClinic(String slug, String token) {
        return previews.open(slug, token).flatMap(draft -> ClinicRules.check(draft) instanceof ClinicRules.Result.Valid valid
                ? Optional.of(valid.clinic()) : Optional.empty());
    }

    public List<ClinicService.Version> history(String slug) {
        return clinics.history(slug);
    }

    public Optional<ClinicService.Version> version(String slug, int version) {
        return clinics.version(slug, version);
    }

    /**
     * What going back to a version changes: the settings in use now against that version's, field by field (a restore
     * puts back the whole clinic as it was, not only that version's own changes).
     */
    public List<SettingsDiff.Change> goingBack(Clinic current, ClinicService.Version version) {
        return SettingsDiff.between(ClinicFile.tree(current), ClinicService.settingsOf(version));
    }

    public ClinicService.Save restore(String slug, int version, int shownVersion, Actor actor) {
        return clinics.restore(slug, version, shownVersion, actor);
    }
}
