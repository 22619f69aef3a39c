package io.consultdesk.staff;

/**
 * The tabs on top of every page of one clinic (setup, settings, team, embed), showing only what the person's role
 * there opens: owners and admins see all four, marketing people only the embed page.
 *
 * @param current which tab is the page: setup, settings, team or embed
 */
public record ClinicTabs(String slug, String clinicName, String current, boolean manages) {
    public static ClinicTabs of(StaffUser user, String slug, String clinicName, String current) {
        return new ClinicTabs(slug, clinicName, current, user.role(slug).map(Access.CLINIC_MANAGE::allows).orElse(false));
    }

    public String href(String tab) {
        return "/staff/clinics/" + slug + "/" + tab;
    }

    public String currentFor(String tab) {
        return tab.equals(current) ? "page" : null;
    }
}
