package io.consultdesk.audit;

import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffFrame;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** {@code /staff/audit}: the audit log, newest first, for admins only (the route table says so; others get 404). */
public final class AuditController {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private final AuditLog audit;
    private final StaffAuth auth;
    private final Views views;

    public AuditController(AuditLog audit, StaffAuth auth, Views views) {
        this.audit = audit;
        this.auth = auth;
        this.views = views;
    }

    public record AuditPage(StaffFrame frame, List<AuditDao.Entry> entries, List<String> actions, String action,
                            String email, String lead, int page, boolean more) {
        public String t(String key, Object... args) {
            return frame.t(key, args);
        }

        public String at(AuditDao.Entry e) {
            return AT.format(e.at());
        }

        /** When the last of a counted burst happened. */
        public String lastAt(AuditDao.Entry e) {
            return AT.format(e.lastAt() == null ? e.at() : e.lastAt());
        }

        public String pageUrl(int n) {
            StringBuilder q = new StringBuilder("/staff/audit?page=").append(n);
            if (!action.isEmpty()) {
                q.append("&action=").append(URLEncoder.encode(action, StandardCharsets.UTF_8));
            }
            if (!email.isEmpty()) {
                q.append("&email=").append(URLEncoder.encode(email, StandardCharsets.UTF_8));
            }
            if (!lead.isEmpty()) {
                q.append("&lead=").append(URLEncoder.encode(lead, StandardCharsets.UTF_8));
            }
            return q.toString();
        }
    }

    public void page(Context ctx) {
        String action = param(ctx, "action", 60);
        String email = param(ctx, "email", 254).toLowerCase(java.util.Locale.ROOT);
        String lead = param(ctx, "lead", 64);
        int page = 1;
        try {
            page = Math.max(1, Integer.parseInt(Optional.ofNullable(ctx.queryParam("page")).orElse("1")));
        } catch (NumberFormatException e) {
            page = 1;
        }
        // Looking at the log is itself written to it (who, which filters; the page number is left out, so paging
        // through one search is one row with a count).
        audit.recordRepeat(auth.actor(ctx), "audit.viewed", null, null, filters(action, email, lead));
        List<AuditDao.Entry> rows = audit.page(blank(action), blank(email), blank(lead), page);
        boolean more = rows.size() > AuditLog.PAGE_SIZE;
        StaffFrame frame = auth.frame(ctx, Messages.english().get("staff.audit.title"), "audit", 0);
        ctx.contentType("text/html; charset=utf-8").result(views.render("audit/log.jte", new AuditPage(frame,
                more ? rows.subList(0, AuditLog.PAGE_SIZE) : rows, audit.actions(), action, email, lead, page, more)));
    }

    /** The filters as the audit row names them: "action=staff.signInFailed · email=pat@…", or "no filter". */
    static String filters(String action, String email, String lead) {
        List<String> parts = new java.util.ArrayList<>();
        if (!action.isEmpty()) {
            parts.add("action=" + action);
        }
        if (!email.isEmpty()) {
            parts.add("email=" + email);
        }
        if (!lead.isEmpty()) {
            parts.add("request=" + lead);
        }
        return parts.isEmpty() ? "no filter" : String.join(" · ", parts);
    }

    private static String param(Context ctx, String name, int max) {
        String v = Optional.ofNullable(ctx.queryParam(name)).orElse("").trim();
        return v.length() > max ? "" : v;
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }
}
