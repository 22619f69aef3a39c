package io.consultdesk.settings;

import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of a clinic's settings, newest first, each with what changed and a way to put it back.
 *
 * @param current  the version in use, carried by every restore form (a restore from an older page is refused)
 * @param notice   the confirmation of a restore
 * @param stale    versions saved since the page the person restored from was opened
 * @param problems why a restore was refused (the rules, or what upcoming consultations need)
 * @param goingBack a version → what going back to it changes in the settings in use now, by page
 */
public record HistoryPage(StaffFrame frame, ClinicTabs tabs, String base, int current, List<VersionText.View> versions,
                          Optional<SettingsPage.Saved> notice, List<SettingsPage.Stale> stale, List<String> problems,
                          Map<Integer, List<Group>> goingBack) {

    /** The changes of one settings page ("Websites page") as "field: old → new" lines. */
    public record Group(String page, List<String> lines) {}

    /** What going back to a version changes, by page; empty when the settings in use are that version's. */
    public List<Group> goingBack(int version) {
        return goingBack.getOrDefault(version, List.of());
    }

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public String restoreAction(int version) {
        return base + "/history/" + version + "/restore";
    }

    public List<Section> sections() {
        return List.of(Section.values());
    }

    public String href(Section s) {
        return base + "/" + s.code();
    }
}
