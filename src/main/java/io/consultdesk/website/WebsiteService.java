package io.consultdesk.website;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicRules;
import io.consultdesk.clinic.OriginPattern;
import io.consultdesk.dashboard.Formats;
import io.consultdesk.i18n.Messages;
import io.consultdesk.dashboard.SourceCounts;
import io.consultdesk.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the clinic's embed page shows besides the snippets: whether the form is installed (loads per allowed
 * website and day, and sites that loaded it without being allowed) and how many requests came from each
 * campaign. Counts only: marketing people see this, and nothing here can name a visitor.
 */
public final class WebsiteService {
    private static final Logger LOG = LoggerFactory.getLogger(WebsiteService.class);
    /** Days of loads shown per website (the clinic's calendar days). */
    public static final int INSTALL_DAYS = 14;
    /** Sites not allowed listed at most; the day's limits let up to 20 a day in. */
    public static final int REFUSED_SHOWN = 10;
    /** Weeks of requests counted by campaign. */
    public static final int SOURCE_WEEKS = 12;
    /**
     * The fewest requests a campaign needs to be listed on its own here (fewer are summed into one row): its words
     * come from the page's address, where anyone can type a name, and marketing people do not see the requests.
     */
    public static final int CAMPAIGN_MINIMUM = 5;
    private final WebsiteDao dao;
    private final InstallStats stats;
    private final BiFunction<List<String>, Instant, SourceCounts> sources;
    private final Clock clock;

    /** @param sources the requests of clinics since a time by campaign, counted as the overview counts them */
    public WebsiteService(Database db, InstallStats stats, BiFunction<List<String>, Instant, SourceCounts> sources, Clock clock) {
        this.dao = db.jdbi().onDemand(WebsiteDao.class);
        this.stats = stats;
        this.sources = sources;
        this.clock = clock;
    }

    /**
     * Loads of the form from one website.
     *
     * @param website the site's origin (or, when it was never loaded, the allowed entry as written)
     * @param via     the allowed entry it matched when that is a pattern ({@code https://*.clinic.example}), else null
     * @param lastAt  when it was last loaded from there, ever; empty when never
     * @param perDay  loads on each of the {@link #INSTALL_DAYS} days, oldest first
     */
    public record Site(String website, String via, Optional<Instant> lastAt, List<Long> perDay) {
        public long total() {
            return perDay.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * A website the form was asked for from in the last days although it is not allowed (the form was not shown
     * there). Anyone can make one up: information, never proof that the site exists or is the clinic's.
     *
     * @param addresses the client addresses it was asked for from, each counted once a day
     */
    public record Refused(String origin, long loads, long addresses, Instant lastAt) {}

    /**
     * @param days          the clinic's days counted, oldest first, its today last
     * @param zone          the clinic's time zone, in which the days are counted and times shown
     * @param refused       at most {@link #REFUSED_SHOWN} sites not allowed, those asked for from the most addresses first
     * @param refusedHidden how many more there were
     */
    public record Installs(List<LocalDate> days, ZoneId zone, List<String> allowed, List<Site> sites, List<Refused> refused,
                           int refusedHidden) {
        public long total() {
            return sites.stream().mapToLong(Site::total).sum();
        }

        public boolean installed() {
            return total() > 0;
        }
    }

    public Installs installs(Clinic clinic) {
        try {
            stats.flush(); // the loads counted in memory so far, so the page is up to date
        } catch (RuntimeException e) {
            LOG.warn("Could not add the form's counted loads to the database: {}", e.toString());
        }
        ZoneId zone = zone(clinic);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        List<LocalDate> days = new ArrayList<>();
        for (int i = INSTALL_DAYS - 1; i >= 0; i--) {
            days.add(today.minusDays(i));
        }
        Map<String, long[]> allowedPerDay = new HashMap<>();
        Map<String, long[]> refusedCounts = new LinkedHashMap<>();
        for (WebsiteDao.DayLoads row : dao.loadsSince(clinic.slug(), days.get(0).toString())) {
            if (row.allowed()) {
                int index = days.indexOf(LocalDate.parse(row.day()));
                if (index >= 0) {
                    allowedPerDay.computeIfAbsent(row.origin(), o -> new long[INSTALL_DAYS])[index] += row.loads();
                }
            } else {
                long[] counts = refusedCounts.computeIfAbsent(row.origin(), o -> new long[2]);
                counts[0] += row.loads();
                counts[1] += row.addresses();
            }
        }
        Map<String, Instant> lastAllowed = new HashMap<>();
        Map<String, Instant> lastRefused = new HashMap<>();
        for (WebsiteDao.LastLoad l : dao.lastLoads(clinic.slug())) {
            (l.allowed() ? lastAllowed : lastRefused).put(l.origin(), l.lastAt());
        }

        List<Site> sites = new ArrayList<>();
        for (String pattern : clinic.allowedOrigins()) {
            List<String> seen = lastAllowed.keySet().stream().filter(o -> OriginPattern.matches(pattern, o))
                    .sorted(Comparator.comparing((String o) -> lastAllowed.get(o)).reversed().thenComparing(o -> o)).toList();
            if (seen.isEmpty()) {
                sites.add(new Site(pattern, null, Optional.empty(), zeros()));
            }
            for (String origin : seen) {
                long[] perDay = allowedPerDay.getOrDefault(origin, new long[INSTALL_DAYS]);
                sites.add(new Site(origin, origin.equals(pattern) ? null : pattern, Optional.of(lastAllowed.get(origin)),
                        java.util.Arrays.stream(perDay).boxed().toList()));
            }
        }
        // Most addresses first: one address can make up a few sites and load them as often as it likes.
        List<Refused> refused = refusedCounts.entrySet().stream()
                .filter(e -> !clinic.allowsOrigin(e.getKey())) // allowed since: nothing to do any more
                .map(e -> new Refused(e.getKey(), e.getValue()[0], e.getValue()[1], lastRefused.get(e.getKey())))
                .sorted(Comparator.comparingLong(Refused::addresses).reversed()
                        .thenComparing(Comparator.comparingLong(Refused::loads).reversed()).thenComparing(Refused::origin))
                .toList();
        return new Installs(List.copyOf(days), zone, clinic.allowedOrigins(), List.copyOf(sites),
                List.copyOf(refused.subList(0, Math.min(REFUSED_SHOWN, refused.size()))),
                Math.max(0, refused.size() - REFUSED_SHOWN));
    }

    /**
     * The clinic's time zone, as the other staff pages use it: its first location's (UTC when it has none, or one
     * that is not a zone). Loads are counted per calendar day there, and the embed page shows times in it.
     */
    public static ZoneId zone(Clinic clinic) {
        return clinic.locations().stream().findFirst().map(Clinic.Location::timeZone).filter(ClinicRules::isZone)
                .map(ZoneId::of).orElse(ZoneOffset.UTC);
    }

    /** Dates and times of the embed page, in the clinic's time zone. */
    public Formats formats(Clinic clinic) {
        return new Formats(Messages.english(), zone(clinic), clock.instant());
    }

    private static List<Long> zeros() {
        return java.util.Collections.nCopies(INSTALL_DAYS, 0L);
    }

    /**
     * The clinic's requests of the last {@link #SOURCE_WEEKS} weeks by campaign, test requests left out; most first,
     * campaigns of fewer than {@link #CAMPAIGN_MINIMUM} requests summed into one row.
     */
    public SourceCounts requestsBySource(Clinic clinic) {
        return sources.apply(List.of(clinic.slug()), clock.instant().minus(Duration.ofDays(7L * SOURCE_WEEKS)))
                .withAtLeast(CAMPAIGN_MINIMUM);
    }
}
