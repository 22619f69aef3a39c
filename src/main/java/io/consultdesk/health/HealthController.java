package io.consultdesk.health;

import io.consultdesk.db.Database;
import io.consultdesk.mail.Outbox;
import io.consultdesk.mail.OutboxDao;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: 200 when the database answers, 503 when it does not; the email queue's pending
 * and failed counts for monitoring. Never any lead data.
 */
public final class HealthController {
    private final Database database;
    private final Outbox outbox;
    private final String mailTransport;
    private final Clock clock;

    public HealthController(Database database, Outbox outbox, String mailTransport, Clock clock) {
        this.database = database;
        this.outbox = outbox;
        this.mailTransport = mailTransport;
        this.clock = clock;
    }

    public void health(Context ctx) {
        Database.State state = database.state();
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("status", state.up() ? "up" : "down");
        db.put("schemaVersion", state.schemaVersion());
        db.put("latencyMs", Math.round(state.latencyMs() * 100) / 100.0);
        if (state.error() != null) {
            db.put("error", state.error());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", state.up() ? "ok" : "unavailable");
        body.put("database", db);
        if (state.up()) {
            body.put("mail", mail());
        }
        ctx.header("Cache-Control", "no-store");
        ctx.status(state.up() ? 200 : 503).json(body);
    }

    private Map<String, Object> mail() {
        OutboxDao.Counts counts = outbox.counts();
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("transport", mailTransport);
        mail.put("pending", counts.pending() + counts.sending());
        mail.put("failed", counts.failed());
        mail.put("scheduled", counts.scheduled());
        mail.put("oldestPendingSeconds", counts.oldestPending() == null ? null
                : Math.max(0, Duration.between(counts.oldestPending(), clock.instant()).toSeconds()));
        return mail;
    }
}
