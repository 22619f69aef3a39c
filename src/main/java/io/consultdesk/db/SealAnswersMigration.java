package io.consultdesk.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * V5: encrypts the answers that V1–V3 stored in plain columns (conditions, TMS checklist, message,
 * screening answers, scores, triage reasons) into {@code lead.sealed}, then drops the plain columns.
 * It needs the data key, so it is a Java migration given the {@link Sealer} by {@link Database}.
 * The sealed JSON has the shape {@code io.consultdesk.lead.SealedAnswers} reads.
 */
final class SealAnswersMigration implements JavaMigration {
    static final String[] PLAIN_COLUMNS = {"conditions", "tms_checklist", "message", "screening", "depression_total",
        "anxiety_total", "triage_reasons"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Sealer sealer;

    SealAnswersMigration(Sealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5");
    }

    @Override
    public String getDescription() {
        return "seal lead answers";
    }

    @Override
    public Integer getChecksum() {
        return 5;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement select = c.createStatement();
             ResultSet rs = select.executeQuery(
                     "SELECT id, conditions, tms_checklist, message, screening, triage_reasons FROM lead");
             PreparedStatement update = c.prepareStatement("UPDATE lead SET sealed = ? WHERE id = ?")) {
            while (rs.next()) {
                String id = rs.getString("id");
                ObjectNode answers = JSON.createObjectNode();
                answers.set("conditions", tree(rs.getString("conditions"), "[]"));
                answers.set("tmsChecklist", tree(rs.getString("tms_checklist"), "{}"));
                answers.put("message", rs.getString("message"));
                answers.set("screening", tree(rs.getString("screening"), "null"));
                answers.set("triageReasons", tree(rs.getString("triage_reasons"), "[]"));
                update.setString(1, sealer.seal(JSON.writeValueAsString(answers), "lead:" + id));
                update.setString(2, id);
                update.executeUpdate();
            }
        }
        try (Statement drop = c.createStatement()) {
            for (String column : PLAIN_COLUMNS) {
                drop.execute("ALTER TABLE lead DROP COLUMN " + column);
            }
        }
    }

    private static JsonNode tree(String json, String fallback) throws java.io.IOException {
        return JSON.readTree(json == null ? fallback : json);
    }
}
