package io.consultdesk.mail;

import io.consultdesk.i18n.Messages;

/**
 * What an email template may show: the clinic's public details and, for staff, a link. By design it
 * has no field for anything a visitor typed, so no template can put an answer into an email.
 */
public record MailView(
        Messages messages,
        String subject,
        String preheader,
        String clinicName,
        String clinicPhone,
        String clinicHours,
        String brandColor,
        String brandInk,
        String brandText,
        String link,
        Booking booking,
        Invitation invitation) {

    /**
     * An email about a consultation: when and where, as the clinic set it up, and the visitor's link to
     * change it. Nothing the visitor typed; for staff, no name.
     *
     * @param state      booked, rescheduled or cancelled (for a reminder: booked)
     * @param when       the time in the recipient's zone, e.g. "Tuesday, December 8, 2026, 9:00 AM (Pacific Time)"
     * @param whenClinic the time at the clinic when the recipient's zone is another one, else null
     * @param place      the location's name and address (in person) or how the call happens (phone)
     * @param manageUrl  the visitor's link to cancel or reschedule; null in staff emails and cancellations
     * @param ics        the calendar invitation (REQUEST or CANCEL), or null
     */
    public record Booking(String state, String when, String whenClinic, String type, String place, String manageUrl,
                          String ics, boolean cancel) {}

    /**
     * An invitation to a clinic's team: who invited, to which role, until when the link works. Nothing of any
     * patient; {@code link} is the one-time link.
     *
     * @param inviter     the inviting person's email, or null when their account is gone
     * @param role        the role's name, e.g. "Staff"
     * @param roleSummary what that role can do
     * @param expires     when the link stops working, in the clinic's time zone
     */
    public record Invitation(String inviter, String role, String roleSummary, String expires) {}

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public String lang() {
        return messages.locale().toLanguageTag();
    }

    /** The booking's when, what and where, a line each, for the plain-text part. */
    public java.util.List<String> bookingLines() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(t("mail.booking.when") + " " + booking.when() + (booking.cancel() ? " " + t("mail.booking.cancelledMark") : ""));
        if (booking.whenClinic() != null) {
            lines.add(t("mail.booking.whenClinic", booking.whenClinic()));
        }
        lines.add(t("mail.booking.what") + " " + booking.type());
        lines.add(t("mail.booking.where") + " " + booking.place());
        return lines;
    }

    /** The clinic's phone number as a tap-to-call link: digits and a leading plus only. */
    public String telHref() {
        return "tel:" + clinicPhone.replaceAll("[^0-9+]", "");
    }
}
