package io.consultdesk.db;

/**
 * The associated data each sealed column is bound to (its table, row and column), in one place because the
 * migrations that sealed existing rows and the code that writes and reads them must agree.
 */
public final class SealContexts {
    private SealContexts() {}

    /** A request's name, email, phone or triage. */
    public static String lead(String leadId, String column) {
        return "lead:" + leadId + ":" + column;
    }

    /** The phone number kept with a request's SMS consent. */
    public static String consentPhone(String leadId, String kind) {
        return "consent:" + leadId + ":" + kind + ":phone";
    }

    /** The request an alert or escalation in the outbox is about (such rows name it only sealed). */
    public static String outboxLead(String outboxId) {
        return "outbox:" + outboxId + ":lead";
    }

    /** The address an email in the outbox goes to. */
    public static String recipient(String outboxId) {
        return "outbox:" + outboxId + ":recipient";
    }
}
