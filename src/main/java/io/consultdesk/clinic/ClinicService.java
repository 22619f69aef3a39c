package io.consultdesk.clinic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.booking.BookingSettings;
import io.consultdesk.db.Database;
import io.consultdesk.i18n.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Reads and saves clinics. A clinic is saved whole, in one transaction, so a half-saved clinic never exists;
 * every save is checked by {@link ClinicRules} (and by what the clinic's own data needs: a location or a
 * consultation type with upcoming consultations stays), becomes a new numbered version kept in the settings'
 * history, and is written to the audit log with each changed field, its old and its new value. A save made
 * from a page that showed an older version is refused when someone changed a field that page saves meanwhile, so
 * nobody overwrites a change they did not see; a change on another page stays as it is.
 */
public final class ClinicService {
    public static final String DEMO_FILE = "/clinics/demo.json";
    /** How many versions the history page lists. */
    public static final int HISTORY_SHOWN = 50;
    private static final int AUDIT_DETAIL_MAX = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public ClinicService(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    public ClinicService(Database db, Clock clock) {
        this(db, new AuditLog(db, clock), clock);
    }

    /** Where a version of the settings came from. */
    public enum Source {
        SETTINGS, IMPORT, RESTORE, CREATE, BASELINE;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One saved state of a clinic's settings. */
    public record Version(int version, Instant savedAt, Optional<String> by, String source, Optional<String> section,
                          Optional<Integer> restoredFrom, List<SettingsDiff.Change> changes, String settings) {}

    public sealed interface Save {
        /**
         * Saved as {@code version} ({@code created}: the clinic is new); no change at all saves no new version.
         * {@code meanwhile}: versions saved since the page was opened, which changed none of the fields this save
         * writes and stay as they are.
         */
        record Saved(Clinic clinic, int version, List<SettingsDiff.Change> changes, boolean created,
                     List<Version> meanwhile) implements Save {
            public Saved(Clinic clinic, int version, List<SettingsDiff.Change> changes, boolean created) {
                this(clinic, version, changes, created, List.of());
            }
        }

        /** Refused: each problem names its field; nothing changed. */
        record Invalid(List<Problem> problems) implements Save {}

        /** Refused: the page showed an older version; these versions were saved since, by others or in another tab. */
        record Stale(int current, List<Version> since) implements Save {}

        record NotFound() implements Save {}
    }

    public Optional<Clinic> find(String slug) {
        if (slug == null || slug.length() > 48) {
            return Optional.empty();
        }
        return db.jdbi().withHandle(h -> load(h, slug));
    }

    public boolean exists(String slug) {
        return slug != null && slug.length() <= 48
                && db.jdbi().withExtension(ClinicDao.class, d -> d.version(slug)).isPresent();
    }

    public List<String> slugs() {
        return db.jdbi().withExtension(ClinicDao.class, ClinicDao::slugs);
    }

    /** The current version of a clinic's settings (what a settings page carries, to detect a stale save). */
    public Optional<Integer> version(String slug) {
        return db.jdbi().withExtension(ClinicDao.class, d -> d.version(slug));
    }

    /**
     * Changes a clinic with a whole draft (the clinic file's form), checked by the rules; its slug stays the clinic's.
     * Refused as stale when any version was saved since {@code expectedVersion}.
     */
    public Save update(String slug, ObjectNode draft, int expectedVersion, Actor actor, String section) {
        return update(slug, now -> draft, ClinicRules.TOP, expectedVersion, actor, section);
    }

    /**
     * Changes a clinic from one of its settings pages. {@code page} makes the draft from the clinic's settings as they
     * are when the save runs (the page's part put into them: what others saved meanwhile on other pages stays), and
     * {@code owns} names the top-level fields of the clinic file the page edits. A page that showed an older version
     * is refused (stale) only when a version saved since changed a field this save writes: one the page owns, or one
     * the draft changes outside them (removing a location takes its bookable hours with it). Otherwise it is saved on
     * the current version, and {@link Save.Saved#meanwhile} names what others saved.
     */
    public Save update(String slug, UnaryOperator<ObjectNode> page, Collection<String> owns, int expectedVersion,
                       Actor actor, String section) {
        return db.write(h -> {
            ClinicDao dao = h.attach(ClinicDao.class);
            Optional<Integer> current = dao.version(slug);
            Optional<Clinic> before = load(h, slug);
            if (current.isEmpty() || before.isEmpty()) {
                return new Save.NotFound();
            }
            ObjectNode now = ClinicFile.tree(before.get());
            ObjectNode draft = page.apply(now.deepCopy());
            draft.put("slug", slug);
            List<Version> since = List.of();
            if (current.get() != expectedVersion) {
                since = dao.versionsAfter(slug, expectedVersion).stream().map(ClinicService::version).toList();
                if (expectedVersion > current.get() || clashes(since, owns, SettingsDiff.between(now, draft))) {
                    return new Save.Stale(current.get(), since);
                }
            }
            Save saved = checkAndSave(h, draft, before, actor, Source.SETTINGS, section, null);
            return saved instanceof Save.Saved s && !since.isEmpty()
                    ? new Save.Saved(s.clinic(), s.version(), s.changes(), s.created(), since) : saved;
        });
    }

    /** Whether versions saved since changed a field a save writes: one of {@code owns}, or one it changes elsewhere. */
    static boolean clashes(List<Version> since, Collection<String> owns, List<SettingsDiff.Change> writes) {
        List<String> elsewhere = writes.stream().map(SettingsDiff.Change::field).filter(f -> !owns.contains(top(f))).toList();
        return since.stream().flatMap(v -> v.changes().stream()).map(SettingsDiff.Change::field).anyMatch(f ->
                owns.contains(top(f)) || elsewhere.stream().anyMatch(w -> within(f, w) || within(w, f)));
    }

    /** The top-level field of the clinic file a field is in ({@code booking.types[phone].minutes} → booking). */
    public static String top(String field) {
        return field.split("[.\\[]", 2)[0];
    }

    private static boolean within(String field, String outer) {
        return field.equals(outer) || field.startsWith(outer + ".") || field.startsWith(outer + "[");
    }

    /** Puts an earlier version back, as a new version (itself in the history and the audit log). */
    public Save restore(String slug, int version, int expectedVersion, Actor actor) {
        return db.write(h -> {
            ClinicDao dao = h.attach(ClinicDao.class);
            Optional<Integer> current = dao.version(slug);
            Optional<ClinicDao.VersionRow> earlier = dao.versionOf(slug, version);
            if (current.isEmpty() || earlier.isEmpty()) {
                return new Save.NotFound();
            }
            if (current.get() != expectedVersion) {
                return new Save.Stale(current.get(), dao.versionsAfter(slug, expectedVersion).stream()
                        .map(ClinicService::version).toList());
            }
            ObjectNode draft = (ObjectNode) readTree(earlier.get().settings());
            draft.put("slug", slug);
            return checkAndSave(h, draft, load(h, slug), actor, Source.RESTORE, null, version);
        });
    }

    /**
     * Creates a clinic from the browser; a slug reserved (the demo's too) or already taken is a problem of the slug
     * field.
     */
    public Save create(ObjectNode draft, Actor actor) {
        return db.write(h -> {
            String slug = draft.path("slug").asText("").strip();
            Optional<Problem> reserved = ClinicRules.reserved(slug, true);
            if (reserved.isPresent()) {
                return new Save.Invalid(List.of(reserved.get()));
            }
            if (h.attach(ClinicDao.class).version(slug).isPresent()) {
                return new Save.Invalid(List.of(new Problem("slug", "clinic.rule.slugTaken", List.of(slug))));
            }
            return checkAndSave(h, draft, Optional.empty(), actor, Source.CREATE, null, null);
        });
    }

    /**
     * {@code clinic import}: creates the clinic or replaces all of its settings with the file's (checked by the same
     * rules), as a new version. Returns true when the clinic was new.
     */
    public boolean importFile(Clinic c, Actor actor) {
        Save result = db.write(h -> checkAndSave(h, ClinicFile.tree(c), load(h, c.slug()), actor, Source.IMPORT, null, null));
        if (result instanceof Save.Invalid invalid) {
            throw new ClinicFile.Invalid(invalid.problems());
        }
        return ((Save.Saved) result).created();
    }

    /** Creates the clinic or replaces all of its settings (the command line, the demo clinic, tests). */
    public boolean save(Clinic c) {
        return importFile(c, Actor.SYSTEM);
    }

    /** The newest versions first. */
    public List<Version> history(String slug) {
        return db.jdbi().withExtension(ClinicDao.class, d -> d.versions(slug, HISTORY_SHOWN)).stream()
                .map(ClinicService::version).toList();
    }

    public Optional<Version> version(String slug, int version) {
        return db.jdbi().withExtension(ClinicDao.class, d -> d.versionOf(slug, version)).map(ClinicService::version);
    }

    /** A version's settings in the clinic file's JSON form. */
    public static JsonNode settingsOf(Version version) {
        return readTree(version.settings());
    }

    private Save checkAndSave(Handle h, ObjectNode draft, Optional<Clinic> before, Actor actor, Source source,
                              String section, Integer restoredFrom) {
        ClinicRules.Result checked = ClinicRules.check(draft);
        // A new clinic (from the browser or clinic import) may not take a reserved address name; one that has it stays.
        List<Problem> problems = new ArrayList<>();
        if (before.isEmpty()) {
            ClinicRules.reserved(draft.path("slug").asText(""), source == Source.CREATE).ifPresent(problems::add);
        }
        if (checked instanceof ClinicRules.Result.Invalid invalid) {
            problems.addAll(invalid.problems());
        }
        if (!problems.isEmpty()) {
            return new Save.Invalid(List.copyOf(problems));
        }
        Clinic clinic = ((ClinicRules.Result.Valid) checked).clinic();
        ClinicDao dao = h.attach(ClinicDao.class);
        List<Problem> inUse = stillInUse(dao, before, clinic);
        if (!inUse.isEmpty()) {
            return new Save.Invalid(inUse);
        }
        Instant now = clock.instant();
        int previous = dao.version(clinic.slug()).orElse(0);
        ObjectNode after = ClinicFile.tree(clinic);
        if (before.isPresent() && dao.versionOf(clinic.slug(), previous).isEmpty()) {
            // A clinic from before the history was kept: its state until now becomes the first version.
            dao.insertVersion(new ClinicDao.VersionRow(clinic.slug(), previous, now, null, null, Source.BASELINE.code(),
                    null, null, "[]", ClinicFile.tree(before.get()).toString()));
        }
        List<SettingsDiff.Change> changes = SettingsDiff.between(before.map(ClinicFile::tree).orElse(null), after);
        if (before.isPresent() && changes.isEmpty() && source != Source.RESTORE) {
            return new Save.Saved(before.get(), previous, changes, false); // nothing changed: no new version
        }
        int version = previous + 1;
        write(dao, clinic, version, now);
        dao.insertVersion(new ClinicDao.VersionRow(clinic.slug(), version, now, actor.userId(), actor.email(),
                source.code(), section, restoredFrom, json(changes), after.toString()));
        audit.record(h, actor, before.isEmpty() ? "clinic.created" : "clinic.settingsChanged", clinic.slug(), null,
                auditDetail(version, source, section, restoredFrom, changes));
        return new Save.Saved(clinic, version, changes, before.isEmpty());
    }

    /**
     * A location or consultation type cannot be removed while consultations are booked there, nor a location's bookable
     * hours, nor its time zone changed.
     */
    private List<Problem> stillInUse(ClinicDao dao, Optional<Clinic> before, Clinic after) {
        if (before.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>();
        for (ClinicDao.InUse used : dao.upcomingByLocation(after.slug(), now)) {
            Optional<Clinic.Location> place = after.location(used.id());
            Optional<Clinic.Location> was = before.get().location(used.id());
            if (place.isEmpty()) {
                String name = was.map(Clinic.Location::name).orElse(used.id());
                problems.add(new Problem("locations", "clinic.rule.locationInUse", List.of(name, used.upcoming())));
                continue;
            }
            if (was.isPresent() && !was.get().timeZone().equals(place.get().timeZone())) {
                // A booking keeps its instant; a new zone would move it on the location's clock and off its hours.
                problems.add(new Problem("locations[" + after.locations().indexOf(place.get()) + "].timeZone",
                        "clinic.rule.timeZoneInUse", List.of(place.get().name(), used.upcoming())));
            }
            if (!after.booking().locations().containsKey(used.id()) && before.get().booking().locations().containsKey(used.id())) {
                problems.add(new Problem("booking.locations", "clinic.rule.hoursInUse", List.of(place.get().name(), used.upcoming())));
            }
        }
        for (ClinicDao.InUse used : dao.upcomingByType(after.slug(), now)) {
            if (after.booking().types().stream().noneMatch(t -> t.id().equals(used.id()))) {
                String name = before.get().booking().types().stream().filter(t -> t.id().equals(used.id()))
                        .map(BookingSettings.ConsultationType::name).findFirst().orElse(used.id());
                problems.add(new Problem("booking.types", "clinic.rule.typeInUse", List.of(name, used.upcoming())));
            }
        }
        return problems;
    }

    private static void write(ClinicDao dao, Clinic c, int version, Instant now) {
        dao.upsert(new ClinicDao.ClinicRow(c.slug(), c.name(), c.phone(), c.hours(), c.brandColor(),
                c.offer().orElse(null), c.locale().toLanguageTag(), c.privacyNoticeUrl().orElse(null),
                toJson(c.questions()), c.dashboard().idleLogoffMinutes(), c.dashboard().acknowledgeMinutes(),
                c.booking().equals(BookingSettings.OFF) ? null : ClinicFile.bookingJson(c.booking()),
                c.consentText().orElse(null)), version, now);
        dao.deleteLocations(c.slug());
        for (int i = 0; i < c.locations().size(); i++) {
            Clinic.Location l = c.locations().get(i);
            dao.insertLocation(c.slug(), new ClinicDao.LocationRow(l.id(), l.name(), l.address().orElse(null), l.timeZone(), i));
        }
        dao.deleteOrigins(c.slug());
        c.allowedOrigins().forEach(o -> dao.insertOrigin(c.slug(), o));
        dao.deleteRecipients(c.slug());
        c.recipients().requests().forEach(e -> dao.insertRecipient(c.slug(), new ClinicDao.RecipientRow("notify", e)));
        c.recipients().urgent().forEach(e -> dao.insertRecipient(c.slug(), new ClinicDao.RecipientRow("urgent", e)));
        c.recipients().escalation().forEach(e -> dao.insertRecipient(c.slug(), new ClinicDao.RecipientRow("escalation", e)));
    }

    /** "version 7 (settings: profile): offer: “A” → “B”; brandColor: #2f6f73 → #225560", cut to a bounded length. */
    static String auditDetail(int version, Source source, String section, Integer restoredFrom,
                              List<SettingsDiff.Change> changes) {
        StringBuilder s = new StringBuilder("version ").append(version).append(" (").append(source.code());
        if (section != null) {
            s.append(": ").append(section);
        }
        if (restoredFrom != null) {
            s.append(" of version ").append(restoredFrom);
        }
        s.append(")");
        String fields = changes.stream().map(c -> c.field() + ": " + quote(c.before()) + " → " + quote(c.after()))
                .collect(Collectors.joining("; "));
        if (!fields.isEmpty()) {
            s.append(": ").append(fields);
        }
        return s.length() <= AUDIT_DETAIL_MAX ? s.toString() : s.substring(0, AUDIT_DETAIL_MAX - 1) + "…";
    }

    private static String quote(String value) {
        return value == null ? "(none)" : "“" + value + "”";
    }

    /**
     * Creates the demo clinic from the file shipped in the jar: on a database with no clinic at all, or,
     * in dev mode ({@code always}), whenever it is missing.
     */
    public Optional<Clinic> createDemoClinic(boolean always) {
        List<String> slugs = slugs();
        if (always ? slugs.contains("demo") : !slugs.isEmpty()) {
            return Optional.empty();
        }
        Clinic demo = demoClinic();
        save(demo);
        return Optional.of(demo);
    }

    public static Clinic demoClinic() {
        try (InputStream in = ClinicService.class.getResourceAsStream(DEMO_FILE)) {
            return ClinicFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Clinic> load(Handle h, String slug) {
        ClinicDao dao = h.attach(ClinicDao.class);
        return dao.find(slug).map(row -> {
            List<Clinic.Location> locations = dao.locations(slug).stream()
                    .map(l -> new Clinic.Location(l.id(), l.name(), Optional.ofNullable(l.address()), l.timeZone()))
                    .toList();
            List<String> notify = new ArrayList<>();
            List<String> urgent = new ArrayList<>();
            List<String> escalation = new ArrayList<>();
            for (ClinicDao.RecipientRow r : dao.recipients(slug)) {
                switch (r.kind()) {
                    case "notify" -> notify.add(r.email());
                    case "urgent" -> urgent.add(r.email());
                    default -> escalation.add(r.email());
                }
            }
            return new Clinic(row.slug(), row.name(), row.phone(), row.hours(), row.brandColor(),
                    Optional.ofNullable(row.offer()), Locale.forLanguageTag(row.locale()),
                    Optional.ofNullable(row.privacyNoticeUrl()), locations, dao.origins(slug),
                    new Clinic.Recipients(List.copyOf(notify), List.copyOf(urgent), List.copyOf(escalation)),
                    fromJson(row.questions()),
                    new Clinic.Dashboard(row.idleLogoffMinutes(), row.acknowledgeMinutes()),
                    ClinicFile.bookingFromJson(row.booking(), locations), Optional.ofNullable(row.consentText()));
        });
    }

    private static Version version(ClinicDao.VersionRow row) {
        List<SettingsDiff.Change> changes = new ArrayList<>();
        for (JsonNode c : readTree(row.changes())) {
            changes.add(new SettingsDiff.Change(c.path("field").asText(), text(c.get("before")), text(c.get("after"))));
        }
        return new Version(row.version(), row.savedAt(), Optional.ofNullable(row.actorEmail()), row.source(),
                Optional.ofNullable(row.section()), Optional.ofNullable(row.restoredFrom()), changes, row.settings());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String json(List<SettingsDiff.Change> changes) {
        var array = JSON.createArrayNode();
        for (SettingsDiff.Change c : changes) {
            array.addObject().put("field", c.field()).put("before", c.before()).put("after", c.after());
        }
        return array.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored settings are not readable", e);
        }
    }

    private static String toJson(Clinic.Questions q) {
        try {
            return JSON.writeValueAsString(q);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Clinic.Questions fromJson(String json) {
        try {
            return JSON.readValue(json, Clinic.Questions.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored clinic questions are not readable", e);
        }
    }

    /** The problems of a refused save as "field: message" lines, for the command line. */
    public static List<String> lines(List<Problem> problems) {
        Messages m = Messages.english();
        return problems.stream().map(p -> p.line(m)).toList();
    }
}
