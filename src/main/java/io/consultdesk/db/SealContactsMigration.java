package io.consultdesk.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * V8: seals who wrote a request and whether it was a crisis. Name, email and phone of every request (and the
 * phone kept with an SMS consent, and every outbox recipient) are sealed in place; the crisis markers and the
 * triage (help now, urgent, priority, flags, acknowledgement, escalation) move into the sealed
 * {@code lead.triage}, and their plain columns go. Search keeps working through {@code lead_lookup}
 * ({@link LookupTokens}). {@code escalate_at} now means "when to check this request for escalation", set for
 * every request alike, and is cleared once checked, so it says nothing either. The link secrets that
 * lived in {@code server_secret} are deleted: they are derived from the data key now ({@link ServerSecrets}).
 * Alerts and escalations in the outbox, and the audit rows of acknowledgements and escalations, no longer name their
 * request in plain (only urgent requests have them). And staff searches are posted and kept in {@code staff_search}, so their text is never in a URL.
 * The sealed JSON has the shape {@code io.consultdesk.lead.SealedLead.Triage} reads.
 */
final class SealContactsMigration implements JavaMigration {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Sealer sealer;

    SealContactsMigration(Sealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("8");
    }

    @Override
    public String getDescription() {
        return "seal contacts and crisis markers";
    }

    @Override
    public Integer getChecksum() {
        return 8;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        LookupTokens lookup = new LookupTokens(sealer);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE lead ADD COLUMN triage TEXT");
            s.execute("ALTER TABLE outbox ADD COLUMN lead_ref TEXT");
            s.execute("CREATE TABLE lead_lookup (token TEXT NOT NULL, lead_id TEXT NOT NULL REFERENCES lead (id) ON DELETE CASCADE,"
                    + " PRIMARY KEY (token, lead_id)) WITHOUT ROWID");
            s.execute("CREATE INDEX lead_lookup_by_lead ON lead_lookup (lead_id)");
            // A staff search's text (often a patient's name) kept out of URLs, history and proxy logs: the inbox's
            // URL carries this row's id, which works for the person who searched only, for a day. Query sealed.
            s.execute("CREATE TABLE staff_search (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES staff_user (id)"
                    + " ON DELETE CASCADE, query TEXT NOT NULL, created_at INTEGER NOT NULL)");
            s.execute("CREATE INDEX staff_search_by_created ON staff_search (created_at)");
        }
        try (Statement select = c.createStatement();
             ResultSet rs = select.executeQuery("SELECT id, name, email, phone, help_now, urgent, priority, flags,"
                     + " acknowledged_at, acknowledged_by, escalated_at, escalate_at FROM lead");
             PreparedStatement update = c.prepareStatement("UPDATE lead SET name = ?, email = ?, phone = ?, triage = ?,"
                     + " escalate_at = ? WHERE id = ?");
             PreparedStatement token = c.prepareStatement("INSERT OR IGNORE INTO lead_lookup (token, lead_id) VALUES (?, ?)")) {
            while (rs.next()) {
                String id = rs.getString("id");
                String name = rs.getString("name");
                String email = rs.getString("email");
                String phone = rs.getString("phone");
                boolean urgent = rs.getInt("urgent") != 0;
                Long acknowledgedAt = longOrNull(rs, "acknowledged_at");
                Long escalatedAt = longOrNull(rs, "escalated_at");
                Long escalateAt = longOrNull(rs, "escalate_at");
                ObjectNode triage = JSON.createObjectNode();
                triage.put("helpNow", rs.getInt("help_now") != 0);
                triage.put("urgent", urgent);
                triage.put("priority", rs.getInt("priority"));
                triage.set("flags", JSON.readTree(rs.getString("flags") == null ? "[]" : rs.getString("flags")));
                triage.put("acknowledgedAt", acknowledgedAt);
                triage.put("acknowledgedBy", rs.getString("acknowledged_by"));
                triage.put("escalatedAt", escalatedAt);
                update.setString(1, sealer.seal(name, SealContexts.lead(id, "name")));
                update.setString(2, sealer.seal(email, SealContexts.lead(id, "email")));
                update.setString(3, phone == null ? null : sealer.seal(phone, SealContexts.lead(id, "phone")));
                update.setString(4, sealer.seal(JSON.writeValueAsString(triage), SealContexts.lead(id, "triage")));
                boolean stillDue = urgent && acknowledgedAt == null && escalatedAt == null && escalateAt != null;
                if (stillDue) {
                    update.setLong(5, escalateAt);
                } else {
                    update.setNull(5, java.sql.Types.INTEGER);
                }
                update.setString(6, id);
                update.executeUpdate();
                for (String t : lookup.of(name, email, phone)) {
                    token.setString(1, t);
                    token.setString(2, id);
                    token.executeUpdate();
                }
            }
        }
        sealColumn(c, "SELECT lead_id, kind, phone FROM lead_consent WHERE phone IS NOT NULL",
                "UPDATE lead_consent SET phone = ? WHERE lead_id = ? AND kind = ?", true);
        sealColumn(c, "SELECT id, recipient FROM outbox", "UPDATE outbox SET recipient = ? WHERE id = ?", false);
        // Alerts and escalations exist only because their request was urgent: they name it sealed, not by id
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, lead_id FROM outbox WHERE kind IN ('urgent-alert', 'escalation')"
                     + " AND lead_id IS NOT NULL");
             PreparedStatement u = c.prepareStatement("UPDATE outbox SET lead_id = NULL, lead_ref = ? WHERE id = ?")) {
            while (rs.next()) {
                u.setString(1, sealer.seal(rs.getString(2), SealContexts.outboxLead(rs.getString(1))));
                u.setString(2, rs.getString(1));
                u.executeUpdate();
            }
        }
        try (Statement s = c.createStatement()) {
            // Likewise the audit rows of acknowledgements and escalations, which only urgent requests have: they keep
            // who and when, not which request (the request's sealed triage keeps that). The log is append-only, so
            // its guard is lifted for this one change and put back as it was.
            s.execute("DROP TRIGGER audit_log_no_update");
            s.execute("UPDATE audit_log SET lead_id = NULL WHERE action IN ('lead.acknowledged', 'lead.escalated')");
            s.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN"
                    + " SELECT RAISE(ABORT, 'audit_log is append-only'); END");
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX lead_by_clinic_priority");
            s.execute("DROP INDEX lead_escalation_due");
            for (String column : new String[] {"help_now", "urgent", "priority", "flags", "acknowledged_at", "escalated_at"}) {
                s.execute("ALTER TABLE lead DROP COLUMN " + column);
            }
            // acknowledged_by has a foreign key, which SQLite cannot drop: emptied, and no longer written
            s.execute("UPDATE lead SET acknowledged_by = NULL");
            s.execute("CREATE INDEX lead_escalation_due ON lead (escalate_at) WHERE escalate_at IS NOT NULL");
            s.execute("DELETE FROM server_secret WHERE name <> 'data-key-check'");
        }
    }

    private void sealColumn(Connection c, String select, String update, boolean consent) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select);
             PreparedStatement u = c.prepareStatement(update)) {
            while (rs.next()) {
                if (consent) {
                    String lead = rs.getString(1);
                    String kind = rs.getString(2);
                    u.setString(1, sealer.seal(rs.getString(3), SealContexts.consentPhone(lead, kind)));
                    u.setString(2, lead);
                    u.setString(3, kind);
                } else {
                    String id = rs.getString(1);
                    u.setString(1, sealer.seal(rs.getString(2), SealContexts.recipient(id)));
                    u.setString(2, id);
                }
                u.executeUpdate();
            }
        }
    }

    private static Long longOrNull(ResultSet rs, String column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
