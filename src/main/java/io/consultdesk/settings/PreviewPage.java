package io.consultdesk.settings;

import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;
import java.util.List;
import java.util.Map;

/**
 * The unsaved settings of a section as a visitor would see the form, at a phone's and a desktop's width, with the
 * way back to the section (the values travel again as hidden fields) or on to saving them.
 *
 * @param frameUrl the preview frame's address, with the signed draft
 * @param hidden   the section's fields as posted, carried back to the section or on to the save
 */
public record PreviewPage(StaffFrame frame, ClinicTabs tabs, Section section, String sectionUrl, String frameUrl,
                          int version, List<Map.Entry<String, String>> hidden) {

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }
}
