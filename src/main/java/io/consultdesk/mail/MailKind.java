package io.consultdesk.mail;

import java.util.Arrays;
import java.util.Optional;

/** The emails the server sends. Lower priority numbers leave the outbox first. */
public enum MailKind {
    /** To the clinic's urgent recipients: a request signalled a crisis; sign in now. No PHI. Sent before anything else. */
    URGENT_ALERT("urgent-alert", 0),
    /** To the clinic's escalation recipients: an urgent request nobody acknowledged in time. No PHI. Sent once. */
    ESCALATION("escalation", 0),
    /** To the clinic's notification recipients: a new request, sign in to review. No PHI. */
    LEAD_NOTIFICATION("lead-notification", 10),
    /** To the visitor: what happens next, how to reach the clinic, where to get help now. None of their answers. */
    VISITOR_CONFIRMATION("visitor-confirmation", 10),
    /** To the visitor: the consultation is booked, moved or cancelled, with a calendar invitation and the link to change it. */
    BOOKING_VISITOR("booking-visitor", 10),
    /** To the clinic's notification recipients: a consultation was booked, moved or cancelled; its time, no PHI. */
    BOOKING_CLINIC("booking-clinic", 10),
    /** To the visitor, a day before: the consultation is tomorrow. */
    BOOKING_REMINDER("booking-reminder", 10),
    /**
     * To a person invited to a clinic's team: the one-time link to join. Nothing of any patient. The link's
     * token travels sealed in the outbox row until the email is sent (see {@link Outbox#enqueueInvitation}).
     */
    STAFF_INVITATION("staff-invitation", 10);

    /**
     * Whether the email exists only because a request was urgent (an alert, an escalation): its row in the outbox
     * names its request only sealed, so that the outbox does not tell which requests were urgent.
     */
    public boolean revealsCrisis() {
        return this == URGENT_ALERT || this == ESCALATION;
    }

    /** Whether the email is about a booking (its content comes from the booking when it is sent). */
    public boolean aboutBooking() {
        return this == BOOKING_VISITOR || this == BOOKING_CLINIC || this == BOOKING_REMINDER;
    }

    /** Whether the email is an invitation to a clinic's team (its link is read from the sealed outbox row when sent). */
    public boolean aboutInvitation() {
        return this == STAFF_INVITATION;
    }

    public final String code;
    public final int priority;

    MailKind(String code, int priority) {
        this.code = code;
        this.priority = priority;
    }

    public static Optional<MailKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
