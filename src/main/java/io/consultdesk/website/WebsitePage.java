package io.consultdesk.website;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.dashboard.Formats;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;
import io.consultdesk.website.Snippets.Mode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The clinic's embed page: the snippet of each mode for the server's public URL, where to paste it, a preview,
 * the lines for a site's CSP, whether the form is installed, and requests by campaign (counts only).
 *
 * @param tabs    the clinic's pages this person opens; whoever manages the clinic also gets the link to its settings
 * @param formats times in the clinic's time zone (its first location's), as the other staff pages show them
 */
public record WebsitePage(StaffFrame frame, ClinicTabs tabs, Clinic clinic, URI server, ButtonForm buttonForm,
                          WebsiteService.Installs installs, io.consultdesk.dashboard.SourceCounts sources, String jsUrl,
                          Formats formats) {
    /** Where a site owner may paste a snippet; each has a short note per mode. */
    public static final List<String> PLATFORMS = List.of("wordpress", "squarespace", "wix", "webflow", "gtm");
    /** The element the tag-manager snippet fills. */
    public static final String GTM_TARGET = "consultdesk-form";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    static final int BAR_WIDTH = 10;
    static final int CHART_HEIGHT = 28;

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    /** Whether this person changes the clinic's settings (where a refused site is added). */
    public boolean manages() {
        return tabs.manages();
    }

    /** The clinic's pages under /staff. */
    public String base() {
        return "/staff/clinics/" + clinic.slug();
    }

    public List<String> platforms() {
        return PLATFORMS;
    }

    public List<Mode> modes() {
        return List.of(Mode.values());
    }

    /** The words of the form's link and of openers, in the clinic's language (its visitors read them). */
    public String linkText() {
        return Messages.forLocale(clinic.locale()).get("website.snippet.linkText");
    }

    public String inline() {
        return Snippets.inline(server, clinic.slug(), linkText());
    }

    public String inlineInTarget() {
        return Snippets.inline(server, clinic.slug(), linkText(), GTM_TARGET);
    }

    public String target() {
        return Snippets.target(GTM_TARGET);
    }

    public String button() {
        return Snippets.button(server, clinic.slug(), buttonForm.button());
    }

    public String dialog() {
        return Snippets.dialog(server, clinic.slug());
    }

    public String openerLink() {
        return Snippets.openerLink(server, clinic.slug(), linkText());
    }

    public String openerButton() {
        return Snippets.openerButton(linkText());
    }

    public String link() {
        return Snippets.link(server, clinic.slug(), linkText());
    }

    public String formUrl() {
        return Snippets.formUrl(server, clinic.slug());
    }

    public String csp() {
        return Snippets.csp(server);
    }

    /** The sample host page of a mode, with the button's choices for the button. */
    public String sampleUrl(Mode mode) {
        String url = base() + "/embed/sample?mode=" + mode.code();
        if (mode == Mode.BUTTON) {
            Snippets.Button b = buttonForm.button();
            url += "&label=" + enc(b.label()) + "&position=" + b.corner().code() + "&color=" + enc(b.color());
        }
        return url;
    }

    public String settingsUrl() {
        return base() + "/settings/websites";
    }

    public String day(LocalDate day) {
        return DAY.format(day);
    }

    /** "Nov 16, 2026, 11:30 PM PST": in the clinic's time zone. */
    public String when(Instant at) {
        return formats.dateTime(at);
    }

    /** The sentence naming the zone the days and times are in. */
    public String zoneText() {
        ZoneId zone = installs.zone();
        return clinic.locations().isEmpty() || zone.equals(ZoneOffset.UTC) ? t("website.installed.zoneUtc")
                : t("website.installed.zone", zone.getDisplayName(TextStyle.FULL, Locale.US), zone.getId(),
                        clinic.locations().get(0).name());
    }

    public String whenIso(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }

    /** One bar per day of a site's loads, scaled to the busiest day of any site shown. */
    public record Bar(int x, int y, int height, String title) {}

    public List<Bar> bars(WebsiteService.Site site) {
        long max = Math.max(1, installs.sites().stream().flatMap(s -> s.perDay().stream()).mapToLong(Long::longValue).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < site.perDay().size(); i++) {
            long loads = site.perDay().get(i);
            int h = loads == 0 ? 1 : Math.max(3, (int) Math.round((double) loads / max * CHART_HEIGHT));
            bars.add(new Bar(i * BAR_WIDTH, CHART_HEIGHT - h, h, t("website.installed.dayLoads", day(installs.days().get(i)), loads)));
        }
        return bars;
    }

    public int chartWidth() {
        return WebsiteService.INSTALL_DAYS * BAR_WIDTH;
    }

    public int chartHeight() {
        return CHART_HEIGHT;
    }

    /** The loads of each day, said in words for screen readers. */
    public String perDayText(WebsiteService.Site site) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < site.perDay().size(); i++) {
            s.append(i == 0 ? "" : "; ").append(day(installs.days().get(i))).append(": ").append(site.perDay().get(i));
        }
        return s.toString();
    }

    public int sourceWeeks() {
        return WebsiteService.SOURCE_WEEKS;
    }

    public int installDays() {
        return WebsiteService.INSTALL_DAYS;
    }

    public int labelMax() {
        return Snippets.LABEL_MAX;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
