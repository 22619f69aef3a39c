package io.consultdesk.health;

import io.consultdesk.db.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /healthz}: 200 when the database answers, 503 when it does not; never any lead data. */
public final class HealthController {
    private final Database database;

    public HealthController(Database database) {
        this.database = database;
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
        ctx.header("Cache-Control", "no-store");
        ctx.status(state.up() ? 200 : 503).json(body);
    }
}
