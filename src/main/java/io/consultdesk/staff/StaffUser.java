package io.consultdesk.staff;

import java.util.List;

/**
 * A person who signs in to the dashboard.
 *
 * @param clinics the clinics a staff member works for; empty for an admin, who sees all
 */
public record StaffUser(String id, String email, Role role, List<String> clinics) {
    public StaffUser {
        clinics = List.copyOf(clinics);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The clinics this person may see, given every clinic there is. */
    public List<String> visibleClinics(List<String> allClinics) {
        return isAdmin() ? allClinics : allClinics.stream().filter(clinics::contains).toList();
    }

    public boolean canSee(String clinicSlug) {
        return isAdmin() || clinics.contains(clinicSlug);
    }
}
