package io.consultdesk.settings;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.clinic.SettingsDiff;
import io.consultdesk.dashboard.DeskService;
import io.consultdesk.db.RandomIds;
import io.consultdesk.embed.EmbedPages;
import io.consultdesk.embed.FormPage;
import io.consultdesk.embed.Frame;
import io.consultdesk.i18n.Messages;
import io.consultdesk.lead.LeadInput;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.Access;
import io.consultdesk.staff.Role;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffFrame;
import io.consultdesk.staff.StaffUser;
import io.consultdesk.web.Assets;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clinics' pages and a clinic's settings: one page per section, its history, the preview. Thin: the
 * guard has checked who may open each route (App's table), {@link SettingsService} does the work.
 */
public final class SettingsController {
    private final SettingsService settings;
    private final DeskService desk;
    private final StaffAuth auth;
    private final Views views;
    private final Assets assets;
    private final EmbedPages embedPages;

    public SettingsController(SettingsService settings, DeskService desk, StaffAuth auth, Views views, Assets assets) {
        this.settings = settings;
        this.desk = desk;
        this.auth = auth;
        this.views = views;
        this.assets = assets;
        this.embedPages = new EmbedPages(assets, views);
    }

    private static Messages t() {
        return Messages.english();
    }

    // ---- The clinics ----

    /** GET /staff/clinics: the clinics the person is on the team of (every clinic for an admin), with their pages. */
    public void clinics(Context ctx) {
        StaffUser user = auth.user(ctx);
        List<ClinicsPage.Entry> entries = new ArrayList<>();
        for (String slug : user.memberOf(settings.slugs())) {
            Role role = user.role(slug).orElseThrow();
            List<ClinicsPage.Link> links = new ArrayList<>();
            String base = "/staff/clinics/" + slug + "/";
            if (Access.CLINIC_MANAGE.allows(role)) {
                for (String tab : List.of("setup", "settings", "team")) {
                    links.add(new ClinicsPage.Link(base + tab, t().get("staff.clinics.tab." + tab)));
                }
            }
            if (Access.CLINIC_WEBSITE.allows(role)) {
                links.add(new ClinicsPage.Link(base + "embed", t().get("staff.clinics.tab.embed")));
            }
            if (!links.isEmpty()) {
                String name = settings.clinic(slug).map(Clinic::name).orElse(slug);
                entries.add(new ClinicsPage.Entry(slug, name, t().get("settings.clinics.role." + role.code()), links));
            }
        }
        StaffFrame frame = auth.frame(ctx, t().get("settings.clinics.title"), "clinics", desk.urgentWaiting(user));
        html(ctx, 200, "settings/clinics.jte", new ClinicsPage(frame, entries, user.isAdmin()));
    }

    // ---- A section of the settings ----

    /** GET /staff/clinics/{clinic}/settings: the first section. */
    public void home(Context ctx) {
        ctx.redirect(base(ctx) + "/" + Section.values()[0].code(), HttpStatus.SEE_OTHER);
    }

    /** GET /staff/clinics/{clinic}/settings/{section}, with the confirmation of a save ({@code ?saved=}). */
    public void show(Context ctx) {
        Section section = section(ctx);
        Clinic clinic = clinic(ctx);
        int version = settings.version(clinic.slug()).orElseThrow(auth::notFound);
        FormValues values = SettingsForms.fields(section, ClinicFile.tree(clinic));
        render(ctx, 200, clinic, section, values, version, Placement.NONE, Map.of(), Map.of(), List.of(),
                savedNotice(ctx, clinic, section, version));
    }

    /** POST /staff/clinics/{clinic}/settings/{section}: save, or add a row, or come back from the preview. */
    public void submit(Context ctx) {
        Section section = section(ctx);
        Clinic clinic = clinic(ctx);
        int shown = shownVersion(ctx);
        FormValues values = SettingsForms.read(section, FormValues.of(ctx.formParamMap()));
        String action = ctx.formParam("action");
        if ("addRow".equals(action) || "edit".equals(action)) { // nothing is saved: the form again, one row more or as it was
            FormValues shownValues = "addRow".equals(action) ? SettingsForms.addRow(section, values) : values;
            render(ctx, 200, clinic, section, shownValues, shown, Placement.NONE, Map.of(), Map.of(), List.of(), Optional.empty());
            return;
        }
        SettingsService.Attempt attempt = settings.save(clinic.slug(), section, values, shown, auth.actor(ctx));
        ClinicService.Save save = attempt.save();
        if (save instanceof ClinicService.Save.Saved saved) {
            // Saved on the current version: what others saved meanwhile (on other pages) is named on the confirmation.
            String result = saved.changes().isEmpty() ? "none" : Integer.toString(saved.version());
            String since = saved.meanwhile().isEmpty() ? "" : "&since=" + shown;
            ctx.redirect(base(ctx) + "/" + section.code() + "?saved=" + result + since, HttpStatus.SEE_OTHER);
        } else if (save instanceof ClinicService.Save.Invalid invalid) {
            List<SettingsForms.Field> fields = SettingsForms.fieldsOf(section, values, ClinicFile.tree(clinic));
            render(ctx, 422, clinic, section, values, shown, Placement.of(invalid.problems(), attempt.draft(), fields, section,
                    ClinicFile.tree(clinic), t()),
                    Map.of(), Map.of(), List.of(), Optional.empty());
        } else if (save instanceof ClinicService.Save.Stale stale) {
            Clinic now = settings.clinic(clinic.slug()).orElseThrow(auth::notFound);
            SettingsService.Refill refill = settings.refill(clinic.slug(), section, values, shown, stale);
            List<SettingsForms.Field> fields = SettingsForms.fieldsOf(section, refill.values(), ClinicFile.tree(now));
            VersionText text = versionText(now);
            Map<String, List<String>> conflicts = new LinkedHashMap<>();
            refill.conflicts().forEach((path, versions) -> conflicts.put(path, List.of(t().get("settings.review.stale.conflict",
                    versions.stream().map(text::who).distinct().collect(java.util.stream.Collectors.joining(", "))))));
            render(ctx, 409, now, section, refill.values(), stale.current(), Placement.NONE,
                    changedFields(stale.since(), fields, text), conflicts, staleList(stale.since(), text), Optional.empty());
        } else {
            throw auth.notFound();
        }
    }

    /**
     * POST /staff/clinics/{clinic}/settings/{section}/preview: the unsaved form as a visitor would see it. A page whose
     * settings the form does not show has no Preview button; a post from one (a page opened before) shows it again.
     */
    public void preview(Context ctx) {
        Section section = section(ctx);
        Clinic clinic = clinic(ctx);
        int shown = shownVersion(ctx);
        FormValues values = SettingsForms.read(section, FormValues.of(ctx.formParamMap()));
        if (!section.showsInForm()) {
            render(ctx, 200, clinic, section, values, shown, Placement.NONE, Map.of(), Map.of(), List.of(), Optional.empty());
            return;
        }
        SettingsService.Preview preview = settings.preview(clinic.slug(), section, values);
        if (preview instanceof SettingsService.Preview.Ready ready) {
            StaffFrame frame = auth.frame(ctx, t().get("settings.preview.title", t().get("settings.section." + section.code())),
                    "clinics", desk.urgentWaiting(auth.user(ctx)));
            String frameUrl = "/staff/clinics/" + clinic.slug() + "/preview/form?draft="
                    + URLEncoder.encode(ready.token(), StandardCharsets.UTF_8);
            html(ctx, 200, "settings/preview.jte", new PreviewPage(frame, tabs(ctx, clinic), section,
                    base(ctx) + "/" + section.code(), frameUrl, shown, values.pairs()));
        } else if (preview instanceof SettingsService.Preview.Refused refused) {
            List<SettingsForms.Field> fields = SettingsForms.fieldsOf(section, values, ClinicFile.tree(clinic));
            render(ctx, 422, clinic, section, values, shown, Placement.of(refused.problems(), refused.draft(), fields, section,
                    ClinicFile.tree(clinic), t()),
                    Map.of(), Map.of(), List.of(), Optional.empty());
        } else {
            throw auth.notFound();
        }
    }

    /**
     * GET /staff/clinics/{clinic}/preview/form?draft=: the real form for the draft, framed only by this server's
     * pages, saying it is a preview, its button off. Only a draft this server signed for this clinic renders.
     */
    public void previewForm(Context ctx) {
        Clinic clinic = settings.previewClinic(ctx.pathParam("clinic"), ctx.queryParam("draft")).orElseThrow(auth::notFound);
        Messages m = Messages.forLocale(clinic.locale());
        Frame frame = embedPages.previewFrame(clinic, m);
        FormPage page = new FormPage(frame, clinic, m, ctx.path(), LeadInput.empty(), Map.of(), List.of(), "",
                RandomIds.next(), false);
        ctx.header("X-Frame-Options", "SAMEORIGIN"); // the guard's DENY would keep it out of the preview page's frames
        embedPages.send(ctx, 200, frame, "'self'", views.render("embed/form.jte", page));
    }

    // ---- History ----

    /** GET /staff/clinics/{clinic}/settings/history, with the confirmation of a restore ({@code ?restored=}). */
    public void history(Context ctx) {
        Clinic clinic = clinic(ctx);
        Optional<SettingsPage.Saved> notice = Optional.empty();
        String restored = ctx.queryParam("restored");
        if (restored != null && restored.matches("^[0-9]{1,9}$")) {
            notice = settings.version(clinic.slug(), Integer.parseInt(restored))
                    .filter(v -> v.by().equals(Optional.of(auth.user(ctx).email())) && v.source().equals("restore"))
                    .map(v -> savedNotice(v, versionText(clinic)));
        }
        renderHistory(ctx, 200, clinic, notice, List.of(), List.of());
    }

    /** POST /staff/clinics/{clinic}/settings/history/{version}/restore, carrying the version the page showed. */
    public void restore(Context ctx) {
        Clinic clinic = clinic(ctx);
        String wanted = ctx.pathParam("version");
        if (!wanted.matches("^[0-9]{1,9}$")) {
            throw auth.notFound();
        }
        ClinicService.Save save = settings.restore(clinic.slug(), Integer.parseInt(wanted), shownVersion(ctx), auth.actor(ctx));
        if (save instanceof ClinicService.Save.Saved saved) {
            ctx.redirect(base(ctx) + "/history?restored=" + saved.version(), HttpStatus.SEE_OTHER);
        } else if (save instanceof ClinicService.Save.Stale stale) {
            Clinic now = settings.clinic(clinic.slug()).orElseThrow(auth::notFound);
            renderHistory(ctx, 409, now, Optional.empty(), staleList(stale.since(), versionText(now)), List.of());
        } else if (save instanceof ClinicService.Save.Invalid invalid) {
            renderHistory(ctx, 422, clinic, Optional.empty(), List.of(),
                    invalid.problems().stream().map(p -> p.text(t())).toList());
        } else {
            throw auth.notFound();
        }
    }

    // ---- Helpers ----

    private void render(Context ctx, int status, Clinic clinic, Section section, FormValues values, int version,
                        Placement problems, Map<String, List<String>> changed, Map<String, List<String>> conflicts,
                        List<SettingsPage.Stale> stale, Optional<SettingsPage.Saved> saved) {
        String title = t().get("settings.title", t().get("settings.section." + section.code()), clinic.name());
        StaffFrame frame = auth.frame(ctx, title, "clinics", desk.urgentWaiting(auth.user(ctx)));
        html(ctx, status, "settings/section.jte", new SettingsPage(frame, tabs(ctx, clinic), clinic, section, values, version,
                problems, changed, conflicts, stale, saved, assets.url("staff-settings.js")));
    }

    private void renderHistory(Context ctx, int status, Clinic clinic, Optional<SettingsPage.Saved> notice,
                               List<SettingsPage.Stale> stale, List<String> problems) {
        VersionText text = versionText(clinic);
        List<ClinicService.Version> history = settings.history(clinic.slug());
        List<VersionText.View> versions = history.stream().map(text::of).toList();
        int current = settings.version(clinic.slug()).orElseThrow(auth::notFound);
        Map<Integer, List<HistoryPage.Group>> goingBack = new LinkedHashMap<>();
        for (ClinicService.Version v : history) {
            if (v.version() != current) {
                goingBack.put(v.version(), byPage(settings.goingBack(clinic, v), text));
            }
        }
        StaffFrame frame = auth.frame(ctx, t().get("settings.history.title", clinic.name()), "clinics",
                desk.urgentWaiting(auth.user(ctx)));
        html(ctx, status, "settings/history.jte", new HistoryPage(frame, tabs(ctx, clinic), base(ctx), current, versions,
                notice, stale, problems, goingBack));
    }

    /** Changes grouped by the settings page each field is on, in the pages' order, as "field: old → new" lines. */
    static List<HistoryPage.Group> byPage(List<SettingsDiff.Change> changes, VersionText text) {
        Map<Section, List<String>> pages = new java.util.EnumMap<>(Section.class);
        List<String> other = new ArrayList<>();
        for (SettingsDiff.Change c : changes) {
            Section s = Placement.sectionOf(c.field());
            (s == null ? other : pages.computeIfAbsent(s, x -> new ArrayList<>())).add(text.line(c));
        }
        List<HistoryPage.Group> out = new ArrayList<>();
        pages.forEach((s, lines) -> out.add(new HistoryPage.Group(
                t().get("settings.history.source.settings", t().get("settings.section." + s.code())), lines)));
        if (!other.isEmpty()) {
            out.add(new HistoryPage.Group(t().get("settings.review.restore.other"), other));
        }
        return out;
    }

    private void html(Context ctx, int status, String template, Object page) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render(template, page));
    }

    private Section section(Context ctx) {
        return Section.of(ctx.pathParam("section")).orElseThrow(auth::notFound);
    }

    private Clinic clinic(Context ctx) {
        return settings.clinic(ctx.pathParam("clinic")).orElseThrow(auth::notFound);
    }

    private ClinicTabs tabs(Context ctx, Clinic clinic) {
        return ClinicTabs.of(auth.user(ctx), clinic.slug(), clinic.name(), "settings");
    }

    private static String base(Context ctx) {
        return "/staff/clinics/" + ctx.pathParam("clinic") + "/settings";
    }

    /** The version the form showed; a form without one is not from these pages. */
    private int shownVersion(Context ctx) {
        String v = ctx.formParam("version");
        if (v == null || !v.matches("^[0-9]{1,9}$")) {
            throw new StaffAuth.Halt(c -> auth.errorPage(c, 400, t().get("settings.error.noVersion.title"),
                    t().get("settings.error.noVersion.title"), t().get("settings.error.noVersion.body")));
        }
        return Integer.parseInt(v);
    }

    private static VersionText versionText(Clinic clinic) {
        ZoneId zone = clinic.locations().isEmpty() ? ZoneId.of("UTC") : clinic.locations().get(0).zone();
        Map<String, String> places = new LinkedHashMap<>();
        clinic.locations().forEach(l -> places.put(l.id(), l.name()));
        Map<String, String> types = new LinkedHashMap<>();
        clinic.booking().types().forEach(ty -> types.put(ty.id(), ty.name()));
        return new VersionText(t(), zone, places, types);
    }

    /**
     * After a save: the version this person just saved of this section ("Saved as version 8: …"), or "Nothing changed";
     * with {@code since} (the version the page showed), what others saved meanwhile on other pages, which stays.
     */
    private Optional<SettingsPage.Saved> savedNotice(Context ctx, Clinic clinic, Section section, int current) {
        String saved = ctx.queryParam("saved");
        if ("none".equals(saved)) {
            return Optional.of(new SettingsPage.Saved(t().get("settings.saved.nothing"), List.of(),
                    meanwhile(ctx, clinic, current + 1)));
        }
        if (saved == null || !saved.matches("^[0-9]{1,9}$")) {
            return Optional.empty();
        }
        return settings.version(clinic.slug(), Integer.parseInt(saved))
                .filter(v -> v.by().equals(Optional.of(auth.user(ctx).email())) && v.section().equals(Optional.of(section.code())))
                .map(v -> {
                    SettingsPage.Saved notice = savedNotice(v, versionText(clinic));
                    return new SettingsPage.Saved(notice.heading(), notice.changes(), meanwhile(ctx, clinic, v.version()));
                });
    }

    /** "Meanwhile {who} changed {fields} on other pages; those stay.": each version after {@code ?since=} and before {@code upTo}. */
    private List<String> meanwhile(Context ctx, Clinic clinic, int upTo) {
        String since = ctx.queryParam("since");
        if (since == null || !since.matches("^[0-9]{1,9}$")) {
            return List.of();
        }
        int from = Integer.parseInt(since);
        VersionText text = versionText(clinic);
        List<ClinicService.Version> between = new ArrayList<>(settings.history(clinic.slug()).stream()
                .filter(v -> v.version() > from && v.version() < upTo).toList());
        java.util.Collections.reverse(between); // oldest first
        return between.stream().map(v -> t().get("settings.review.saved.meanwhile", text.who(v), v.changes().stream()
                .map(c -> text.change(c).label()).distinct().collect(java.util.stream.Collectors.joining(", ")))).toList();
    }

    private static SettingsPage.Saved savedNotice(ClinicService.Version v, VersionText text) {
        String heading = v.source().equals("restore")
                ? t().get("settings.history.restored", v.restoredFrom().orElse(0), v.version())
                : t().get("settings.saved.heading", v.version());
        return new SettingsPage.Saved(heading, v.changes().stream().map(text::line).toList());
    }

    private static List<SettingsPage.Stale> staleList(List<ClinicService.Version> since, VersionText text) {
        return since.stream().map(v -> new SettingsPage.Stale(text.who(v), text.of(v).when(), text.what(v),
                v.changes().stream().map(text::line).toList())).toList();
    }

    /**
     * The page's fields someone else changed meanwhile, each with who changed it from what to what; a change is
     * marked at the most specific field it is about (a location they added, at the list of locations).
     */
    static Map<String, List<String>> changedFields(List<ClinicService.Version> since, List<SettingsForms.Field> fields,
                                                   VersionText text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ClinicService.Version v : since) {
            for (SettingsDiff.Change c : v.changes()) {
                SettingsForms.Field at = null;
                for (SettingsForms.Field f : fields) {
                    String k = f.changeKey();
                    boolean about = c.field().equals(k) || c.field().startsWith(k + ".") || c.field().startsWith(k + "[");
                    if (about && (at == null || k.length() > at.changeKey().length())) {
                        at = f;
                    }
                }
                if (at != null) {
                    VersionText.Change view = text.change(c);
                    String note = c.field().equals(at.changeKey())
                            ? t().get("settings.stale.field", text.who(v), view.before(), view.after())
                            : t().get("settings.stale.fieldNamed", text.who(v), view.label(), view.before(), view.after());
                    out.computeIfAbsent(at.path(), x -> new ArrayList<>()).add(note);
                }
            }
        }
        return out;
    }
}
