package io.consultdesk.settings;

import io.consultdesk.staff.StaffFrame;
import java.util.List;

/**
 * The clinics a person may open the pages of, each with the pages their role there opens.
 *
 * @param canCreate an admin: may create a clinic
 */
public record ClinicsPage(StaffFrame frame, List<Entry> clinics, boolean canCreate) {

    /** A clinic, the person's role in it, and the pages that role opens. */
    public record Entry(String slug, String name, String role, List<Link> links) {}

    public record Link(String href, String label) {}

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }
}
