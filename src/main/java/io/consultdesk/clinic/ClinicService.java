package io.consultdesk.clinic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import io.consultdesk.db.Database;

/** Reads and saves clinics. A clinic is saved whole, in one transaction, so a half-imported clinic never exists. */
public final class ClinicService {
    public static final String DEMO_FILE = "/clinics/demo.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;
    private final Clock clock;

    public ClinicService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<Clinic> find(String slug) {
        if (slug == null || slug.length() > 48) {
            return Optional.empty();
        }
        return db.jdbi().withHandle(h -> load(h, slug));
    }

    public boolean exists(String slug) {
        return find(slug).isPresent();
    }

    public List<String> slugs() {
        return db.jdbi().withExtension(ClinicDao.class, ClinicDao::slugs);
    }

    /** Creates the clinic or replaces all of its settings. Returns true when it was new. */
    public boolean save(Clinic c) {
        return db.write(h -> {
            ClinicDao dao = h.attach(ClinicDao.class);
            boolean isNew = dao.find(c.slug()).isEmpty();
            dao.upsert(new ClinicDao.ClinicRow(c.slug(), c.name(), c.phone(), c.hours(), c.brandColor(),
                    c.offer().orElse(null), c.locale().toLanguageTag(), c.privacyNoticeUrl().orElse(null),
                    toJson(c.questions()), c.dashboard().idleLogoffMinutes(), c.dashboard().acknowledgeMinutes(),
                    c.booking().equals(io.consultdesk.booking.BookingSettings.OFF) ? null : ClinicFile.bookingJson(c.booking())),
                    clock.instant());
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
            return isNew;
        });
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
                    ClinicFile.bookingFromJson(row.booking(), locations));
        });
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
}
