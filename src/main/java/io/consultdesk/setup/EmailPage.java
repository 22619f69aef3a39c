package io.consultdesk.setup;

import io.consultdesk.dashboard.Formats;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;

/** One email of a test request: its subject, plain text and HTML as the composer renders it. */
public record EmailPage(StaffFrame frame, ClinicTabs tabs, SetupService.EmailPreview preview, Formats formats) {

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public String kind() {
        String key = "setup.email.kind." + preview.email().kind();
        return frame.messages().has(key) ? t(key) : preview.email().kind();
    }

    public String status() {
        String key = "setup.email.status." + preview.email().status();
        return frame.messages().has(key) ? t(key) : preview.email().status();
    }

    public String htmlHref() {
        return tabs.href("setup/emails/" + preview.email().id() + "/html");
    }

    public String backHref() {
        return tabs.href("setup") + "#test";
    }
}
