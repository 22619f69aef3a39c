package io.consultdesk.dashboard;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.screening.Flag;
import io.consultdesk.staff.StaffFrame;
import java.util.Arrays;
import java.util.List;

/** The inbox: filters, counts per status, and one page of leads, urgent and unacknowledged first. */
public record InboxPage(StaffFrame frame, DeskService.Inbox inbox, InboxFilter filter, Formats formats, Labels labels) {

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public List<String> statusTabs() {
        List<String> tabs = new java.util.ArrayList<>();
        tabs.add(InboxFilter.OPEN);
        tabs.addAll(LeadStatus.allCodes());
        tabs.add(InboxFilter.ALL);
        return tabs;
    }

    public String tabLabel(String code) {
        return switch (code) {
            case InboxFilter.OPEN -> t("staff.inbox.open");
            case InboxFilter.ALL -> t("staff.inbox.all");
            default -> labels.status(code);
        };
    }

    public long tabCount(String code) {
        return switch (code) {
            case InboxFilter.OPEN -> LeadStatus.openCodes().stream().mapToLong(s -> inbox.counts().getOrDefault(s, 0L)).sum();
            case InboxFilter.ALL -> inbox.counts().values().stream().mapToLong(Long::longValue).sum();
            default -> inbox.counts().getOrDefault(code, 0L);
        };
    }

    public String tabUrl(String code) {
        return url(filter.withStatus(code));
    }

    public String current(String code) {
        return code.equals(filter.status()) ? "page" : null;
    }

    public String pageUrl(int page) {
        return url(filter.withPage(page));
    }

    /** The same status, no other filter. */
    public String clearUrl() {
        return url(InboxFilter.none().withStatus(filter.status()));
    }

    public String exportUrl() {
        String q = filter.withPage(1).toQuery();
        return "/staff/leads.csv" + (q.isEmpty() ? "" : "?" + q);
    }

    public boolean waiting(DeskDao.ListRow row) {
        return row.urgent() && row.acknowledgedAt() == null;
    }

    public List<Clinic> clinics() {
        return inbox.clinics();
    }

    public boolean severalClinics() {
        return inbox.clinics().size() > 1;
    }

    public List<Clinic.Location> locations() {
        return inbox.clinics().stream().filter(c -> filter.clinic().isEmpty() || c.slug().equals(filter.clinic().get()))
                .flatMap(c -> c.locations().stream()).toList();
    }

    public String clinicName(String slug) {
        return inbox.clinics().stream().filter(c -> c.slug().equals(slug)).map(Clinic::name).findFirst().orElse(slug);
    }

    public String locationName(String slug, String id) {
        if (id == null) {
            return "";
        }
        return inbox.clinics().stream().filter(c -> c.slug().equals(slug)).flatMap(c -> c.location(id).stream())
                .map(Clinic.Location::name).findFirst().orElse(id);
    }

    public List<String> interests() {
        return io.consultdesk.lead.Choices.INTEREST;
    }

    public List<String> flagCodes() {
        List<String> codes = new java.util.ArrayList<>();
        codes.add(InboxFilter.URGENT);
        Arrays.stream(Flag.values()).map(Flag::code).forEach(codes::add);
        return codes;
    }

    public String flagLabel(String code) {
        return code.equals(InboxFilter.URGENT) ? t("staff.flag.urgent") : labels.flag(code);
    }

    public String selected(boolean on) {
        return on ? "selected" : null;
    }

    private static String url(InboxFilter f) {
        String q = f.toQuery();
        return "/staff/leads" + (q.isEmpty() ? "" : "?" + q);
    }
}
