package io.consultdesk.staff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person who signs in to the dashboard.
 *
 * @param admin   the server's operator: every clinic, with every right
 * @param roles   the person's role in each clinic they are on the team of (only active memberships), in
 *                slug order; empty for an admin
 */
public record StaffUser(String id, String email, boolean admin, Map<String, Role> roles) {
    public StaffUser {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    /** An admin, or a member with the same role in each of the clinics. */
    public static StaffUser of(String id, String email, Role role, List<String> clinics) {
        Map<String, Role> roles = new LinkedHashMap<>();
        if (role != Role.ADMIN) {
            clinics.stream().sorted().forEach(c -> roles.put(c, role));
        }
        return new StaffUser(id, email, role == Role.ADMIN, roles);
    }

    public boolean isAdmin() {
        return admin;
    }

    /** The clinics whose consultation requests this person sees (not those where they only run the website). */
    public List<String> clinics() {
        return roles.entrySet().stream().filter(e -> e.getValue().seesRequests()).map(Map.Entry::getKey).toList();
    }

    /** The person's role in a clinic: admin everywhere for an admin, empty when not on its team. */
    public Optional<Role> role(String clinicSlug) {
        return admin ? Optional.of(Role.ADMIN) : Optional.ofNullable(roles.get(clinicSlug));
    }

    /** Whether this person works on requests at all (an admin, or staff or owner somewhere). */
    public boolean seesRequests() {
        return admin || !clinics().isEmpty();
    }

    /** The clinics whose requests this person may see, given every clinic there is. */
    public List<String> visibleClinics(List<String> allClinics) {
        return admin ? allClinics : allClinics.stream().filter(clinics()::contains).toList();
    }

    public boolean canSee(String clinicSlug) {
        return role(clinicSlug).map(Role::seesRequests).orElse(false);
    }

    /** The clinics this person may open the pages of (settings, team or embed, as their role allows there). */
    public List<String> memberOf(List<String> allClinics) {
        return admin ? allClinics : allClinics.stream().filter(roles::containsKey).toList();
    }
}
