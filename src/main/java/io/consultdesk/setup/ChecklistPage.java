package io.consultdesk.setup;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.dashboard.Formats;
import io.consultdesk.mail.OutboxDao;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The setup checklist of one clinic: each item done or to do, where to do it, and the test request's emails. */
public record ChecklistPage(StaffFrame frame, ClinicTabs tabs, Checklist checklist, Formats formats,
                            Optional<String> notice, List<String> errors) {

    /**
     * One item as the page shows it.
     *
     * @param details facts of the clinic's state behind the item (which location lacks an address, the sites seen)
     * @param href where the item is done; null for the test request, which is done here
     */
    public record ItemView(String id, boolean done, String title, String explanation, List<String> details, String href,
                           String linkText) {}

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public Clinic clinic() {
        return checklist.clinic();
    }

    public String progress() {
        return t("setup.checklist.progress", checklist.doneCount(), checklist.total());
    }

    public List<ItemView> items() {
        List<ItemView> items = new ArrayList<>();
        for (Checklist.Item item : Checklist.Item.values()) {
            String id = item.name().toLowerCase(java.util.Locale.ROOT);
            boolean done = checklist.done(item);
            items.add(new ItemView(id, done, t("setup.item." + id + ".title"), t("setup.item." + id + ".explanation"),
                    details(item, done), href(item), item == Checklist.Item.TEST ? null : t("setup.item." + id + ".link")));
        }
        return items;
    }

    private List<String> details(Checklist.Item item, boolean done) {
        Clinic c = clinic();
        List<String> out = new ArrayList<>();
        switch (item) {
            case LOCATION -> checklist.locationsToComplete().forEach(l -> out.add(t("setup.item.location.missing", l.name())));
            case RECIPIENTS -> {
                out.add(c.recipients().requests().isEmpty() ? t("setup.item.recipients.noNotify")
                        : t("setup.item.recipients.notify", String.join(", ", c.recipients().requests())));
                out.add(c.recipients().urgent().isEmpty() ? t("setup.item.recipients.noUrgent")
                        : t("setup.item.recipients.urgent", String.join(", ", c.recipients().urgent())));
            }
            case WEBSITE -> {
                if (done) {
                    out.add(t("setup.item.website.allowed", String.join(", ", c.allowedOrigins())));
                }
            }
            case EMBED -> {
                checklist.allowedLoads().forEach(l -> out.add(t("setup.item.embed.seen", l.origin(),
                        formats.dateTime(l.lastAt()))));
                if (!done) {
                    out.add(t("setup.item.embed.delay"));
                }
                // Anyone can make a site up: information for the owner, not an instruction to allow it.
                if (!checklist.refusedLoads().isEmpty()) {
                    out.add(t("setup.item.embed.askedFrom", String.join(", ",
                            checklist.refusedLoads().stream().map(SetupDao.Loads::origin).toList())));
                }
            }
            case TEST -> checklist.test().ifPresent(r -> out.add(t("setup.item.test.sent",
                    formats.dateTime(r.lead().createdAt()))));
        }
        return out;
    }

    private String href(Checklist.Item item) {
        return switch (item) {
            case LOCATION -> tabs.href("settings/locations");
            case RECIPIENTS -> tabs.href("settings/recipients");
            case WEBSITE -> tabs.href("settings/websites");
            case EMBED -> tabs.href("embed");
            case TEST -> null;
        };
    }

    public String testRequestAction() {
        return tabs.href("setup/test-request");
    }

    public String removeTestsAction() {
        return tabs.href("setup/test-requests/remove");
    }

    public Optional<Checklist.TestRequest> test() {
        return checklist.test();
    }

    public String leadHref() {
        return checklist.test().map(r -> "/staff/leads/" + r.lead().id()).orElse(null);
    }

    public String emailHref(OutboxDao.Message m) {
        return tabs.href("setup/emails/" + m.id());
    }

    public String kind(OutboxDao.Message m) {
        return label("setup.email.kind." + m.kind(), m.kind());
    }

    public String status(OutboxDao.Message m) {
        return label("setup.email.status." + m.status(), m.status());
    }

    /** When the email was sent, failed, or queued (the last that happened). */
    public String when(OutboxDao.Message m) {
        if (m.sentAt() != null) {
            return formats.dateTime(m.sentAt());
        }
        if (m.failedAt() != null) {
            return formats.dateTime(m.failedAt());
        }
        return t("setup.email.queuedAt", formats.dateTime(m.createdAt()));
    }

    public String statusClass(OutboxDao.Message m) {
        return switch (m.status()) {
            case "sent" -> "ok";
            case "failed" -> "bad";
            default -> "waiting";
        };
    }

    private String label(String key, String fallback) {
        return frame.messages().has(key) ? t(key) : fallback;
    }
}
