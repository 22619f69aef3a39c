package io.consultdesk.website;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * "Is it installed?": counts loads of a clinic's form per embedding site (its origin, never a page path or
 * anything of the visitor), UTC day and outcome (shown, or refused because the site is not allowed). A page
 * load writes nothing: loads are counted in memory and added to the database by {@link #flush}, one upsert per
 * site and day (every 30 s, when the server stops, and before the embed page reads them).
 */
public final class InstallStats {
    /** Sites counted per clinic, day and outcome: the origin comes from the page, so anyone can make up more. */
    public static final int MAX_ORIGINS_PER_DAY = 50;
    private static final Pattern ORIGIN = Pattern.compile(
            "^(https?)://([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)(:([0-9]{1,5}))?$");
    /** How long a clinic's allowed sites are reused to tell shown from refused loads, instead of reading them per load. */
    private static final long CLINIC_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private final Database db;
    private final ClinicService clinics;
    private final Clock clock;
    private Map<Key, Count> pending = new HashMap<>();
    /** Clinics that exist, as last read (bounded by the clinics there are). */
    private final Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

    private record Known(Clinic clinic, long readAt) {}

    private record Key(String clinic, String origin, LocalDate day, boolean allowed) {}

    private static final class Count {
        long loads;
        Instant last;
    }

    public InstallStats(Database db, ClinicService clinics, Clock clock) {
        this.db = db;
        this.clinics = clinics;
        this.clock = clock;
    }

    /**
     * The form of clinic {@code slug} was loaded in a frame of the page whose origin the loader passed as
     * {@code host}. Anything that is not a bare origin ({@code scheme://host[:port]}), or a clinic that does not
     * exist, is ignored.
     */
    public void loaded(String slug, String host) {
        Optional<String> origin = bareOrigin(host);
        if (origin.isEmpty()) {
            return;
        }
        Optional<Clinic> found = clinic(slug);
        if (found.isEmpty()) {
            return;
        }
        Clinic clinic = found.get();
        Instant now = clock.instant();
        Key key = new Key(clinic.slug(), origin.get(), LocalDate.ofInstant(now, ZoneOffset.UTC), clinic.allowsOrigin(origin.get()));
        synchronized (this) {
            Count count = pending.get(key);
            if (count == null) {
                if (sitesPending(key) >= MAX_ORIGINS_PER_DAY) {
                    return;
                }
                count = new Count();
                pending.put(key, count);
            }
            count.loads++;
            count.last = now;
        }
    }

    private Optional<Clinic> clinic(String slug) {
        Known k = known.get(slug);
        if (k != null && System.nanoTime() - k.readAt() < CLINIC_TTL_NANOS) {
            return Optional.of(k.clinic());
        }
        Optional<Clinic> found = clinics.find(slug);
        found.ifPresentOrElse(c -> known.put(slug, new Known(c, System.nanoTime())), () -> known.remove(slug));
        return found;
    }

    private long sitesPending(Key key) {
        return pending.keySet().stream().filter(k -> k.clinic().equals(key.clinic()) && k.day().equals(key.day())
                && k.allowed() == key.allowed()).count();
    }

    /** Adds the loads counted so far to the database; kept for the next flush when the database fails. */
    public void flush() {
        Map<Key, Count> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new HashMap<>();
        }
        List<WebsiteDao.Tally> tallies = new ArrayList<>();
        batch.forEach((k, c) -> tallies.add(new WebsiteDao.Tally(k.clinic(), k.origin(), k.day().toString(), k.allowed(),
                c.loads, c.last)));
        try {
            db.write(h -> {
                h.attach(WebsiteDao.class).add(tallies, MAX_ORIGINS_PER_DAY);
                return null;
            });
        } catch (RuntimeException e) {
            synchronized (this) {
                batch.forEach((k, c) -> pending.merge(k, c, (a, b) -> {
                    a.loads += b.loads;
                    a.last = a.last.isAfter(b.last) ? a.last : b.last;
                    return a;
                }));
            }
            throw e;
        }
    }

    /**
     * The value as a bare origin, lower-cased, without the scheme's default port ({@code https://clinic.example}),
     * or empty when it is anything else: a path, a query, user info, another scheme, a port above 65535.
     */
    public static Optional<String> bareOrigin(String value) {
        if (value == null || value.length() > 300) {
            return Optional.empty();
        }
        var m = ORIGIN.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        String scheme = m.group(1);
        String host = m.group(2);
        if (m.group(7) == null) {
            return Optional.of(scheme + "://" + host);
        }
        int port = Integer.parseInt(m.group(7));
        if (port == 0 || port > 65535) {
            return Optional.empty();
        }
        boolean defaultPort = port == ("https".equals(scheme) ? 443 : 80);
        return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
    }

}
