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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * "Is it installed?": counts loads of a clinic's form per embedding site (its origin, never a page path or
 * anything of the visitor), day (the clinic's calendar day, in the zone of its first location) and outcome (shown, or refused because the site is not allowed). A page
 * load writes nothing: loads are counted in memory and added to the database by {@link #flush}, one upsert per
 * site and day (every 30 s, when the server stops, and before the embed page reads them).
 *
 * <p>The origin is whatever an anonymous request says, so nothing here is unforgeable; what one request can plant
 * is limited instead. Per client address (as the rate limits see it), clinic and day, at most
 * {@link #MAX_REFUSED_PER_ADDRESS} refused and {@link #MAX_ALLOWED_PER_ADDRESS} allowed sites are recorded (a
 * wildcard entry lets anyone make up allowed subdomains too); further sites from that address are not recorded,
 * while its loads of sites it already has are counted. Per clinic and day at most {@link #MAX_REFUSED_PER_DAY}
 * refused and {@link #MAX_ALLOWED_PER_DAY} allowed sites are kept, whoever asks. Each site also counts the distinct
 * addresses that asked for it that day. Which address recorded what is kept in memory only, for today and
 * yesterday, at most {@link #MAX_ADDRESSES} addresses: a restart forgets it (an address may then record its sites
 * again and be counted again), and while it is full only loads of sites already recorded that day are counted.
 */
public final class InstallStats {
    /** Allowed sites kept per clinic and day: the origin comes from the page, and a wildcard allows any subdomain. */
    public static final int MAX_ALLOWED_PER_DAY = 50;
    /** Refused sites kept per clinic and day, from any number of addresses. */
    public static final int MAX_REFUSED_PER_DAY = 20;
    /** Allowed sites one client address records per clinic and day. */
    public static final int MAX_ALLOWED_PER_ADDRESS = 5;
    /** Refused sites one client address records per clinic and day. */
    public static final int MAX_REFUSED_PER_ADDRESS = 3;
    /** Client addresses remembered (per clinic and day) before only known sites are counted: memory stays bounded. */
    static final int MAX_ADDRESSES = 50_000;
    /** Days of loads kept in the database ({@link #purge}); the embed page shows the last 14. */
    public static final int KEEP_DAYS = 30;
    private static final Pattern ORIGIN = Pattern.compile(
            "^(https?)://([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)(:([0-9]{1,5}))?$");
    /** How long a clinic's allowed sites are reused to tell shown from refused loads, instead of reading them per load. */
    private static final long CLINIC_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private final Database db;
    private final ClinicService clinics;
    private final Clock clock;
    private Map<Key, Count> pending = new HashMap<>();
    /** Sites recorded since the server started, per clinic, day and outcome (at most the day's maximum each). */
    private final Map<Day, Set<String>> recorded = new HashMap<>();
    /** The sites each client address recorded, per clinic and day. */
    private final Map<Asker, Set<Key>> byAddress = new HashMap<>();
    /** The UTC day the memory above was last cleared of older days. */
    private LocalDate sweptOn;
    /** Clinics that exist, as last read (bounded by the clinics there are). */
    private final Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

    private record Known(Clinic clinic, long readAt) {}

    private record Key(String clinic, String origin, LocalDate day, boolean allowed) {}

    private record Day(String clinic, LocalDate day, boolean allowed) {}

    private record Asker(String clinic, LocalDate day, String address) {}

    private static final class Count {
        long loads;
        long addresses;
        Instant last;
    }

    public InstallStats(Database db, ClinicService clinics, Clock clock) {
        this.db = db;
        this.clinics = clinics;
        this.clock = clock;
    }

    /**
     * The form of clinic {@code slug} was loaded in a frame of the page whose origin the loader passed as
     * {@code host}, by a browser at client address {@code address}. Anything that is not a bare origin
     * ({@code scheme://host[:port]}), or a clinic that does not exist, is ignored; so is a site past the limits.
     */
    public void loaded(String slug, String host, String address) {
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
        LocalDate day = LocalDate.ofInstant(now, WebsiteService.zone(clinic));
        boolean allowed = clinic.allowsOrigin(origin.get());
        Key key = new Key(clinic.slug(), origin.get(), day, allowed);
        synchronized (this) {
            sweep(LocalDate.ofInstant(now, ZoneOffset.UTC));
            Set<String> sites = recorded.computeIfAbsent(new Day(key.clinic(), day, allowed), d -> new HashSet<>());
            Asker asker = new Asker(key.clinic(), day, address == null ? "" : address);
            Set<Key> mine = byAddress.get(asker);
            boolean newAddress = false;
            if (mine == null || !mine.contains(key)) {
                if (mine == null && byAddress.size() >= MAX_ADDRESSES) {
                    if (!sites.contains(key.origin())) {
                        return; // full: nothing new is recorded, known sites still count their loads
                    }
                } else {
                    long sameOutcome = mine == null ? 0 : mine.stream().filter(k -> k.allowed() == allowed).count();
                    if (sameOutcome >= (allowed ? MAX_ALLOWED_PER_ADDRESS : MAX_REFUSED_PER_ADDRESS)) {
                        return;
                    }
                    if (!sites.contains(key.origin()) && sites.size() >= (allowed ? MAX_ALLOWED_PER_DAY : MAX_REFUSED_PER_DAY)) {
                        return;
                    }
                    byAddress.computeIfAbsent(asker, a -> new HashSet<>()).add(key);
                    sites.add(key.origin());
                    newAddress = true;
                }
            }
            Count count = pending.computeIfAbsent(key, k -> new Count());
            count.loads++;
            count.addresses += newAddress ? 1 : 0;
            count.last = now;
        }
    }

    /** Forgets the addresses and sites of days before yesterday (UTC: a clinic's day is at most one off), once a day. */
    private void sweep(LocalDate today) {
        if (today.equals(sweptOn)) {
            return;
        }
        LocalDate keep = today.minusDays(1);
        recorded.keySet().removeIf(d -> d.day().isBefore(keep));
        byAddress.keySet().removeIf(a -> a.day().isBefore(keep));
        sweptOn = today;
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
                c.loads, c.addresses, c.last)));
        try {
            db.write(h -> {
                h.attach(WebsiteDao.class).add(tallies, MAX_ALLOWED_PER_DAY, MAX_REFUSED_PER_DAY);
                return null;
            });
        } catch (RuntimeException e) {
            synchronized (this) {
                batch.forEach((k, c) -> pending.merge(k, c, (a, b) -> {
                    a.loads += b.loads;
                    a.addresses += b.addresses;
                    a.last = a.last.isAfter(b.last) ? a.last : b.last;
                    return a;
                }));
            }
            throw e;
        }
    }

    /**
     * Deletes the loads of days more than {@link #KEEP_DAYS} days ago (UTC); run by the server's housekeeping.
     *
     * @return the rows deleted
     */
    public int purge() {
        String before = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(KEEP_DAYS).toString();
        return db.write(h -> h.attach(WebsiteDao.class).deleteBefore(before));
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
