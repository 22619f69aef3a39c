package io.consultdesk.team;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.Passwords;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffUser;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /staff/account}: every signed-in person's own account, and changing their password. */
public final class AccountController {
    private final AccountService accounts;
    private final ClinicService clinics;
    private final StaffAuth auth;
    private final Views views;

    public AccountController(AccountService accounts, ClinicService clinics, StaffAuth auth, Views views) {
        this.accounts = accounts;
        this.clinics = clinics;
        this.auth = auth;
        this.views = views;
    }

    public void page(Context ctx) {
        Optional<String> notice = "password".equals(ctx.queryParam("done"))
                ? Optional.of(t().get("team.account.done")) : Optional.empty();
        render(ctx, 200, notice, Map.of());
    }

    public void changePassword(Context ctx) {
        AccountService.Change change = accounts.changePassword(auth.session(ctx), ctx.formParam("current"),
                ctx.formParam("password"), ctx.formParam("confirm"), auth.clientIp(ctx));
        if (change instanceof AccountService.Change.Changed) {
            ctx.redirect("/staff/account?done=password", HttpStatus.SEE_OTHER);
        } else if (change instanceof AccountService.Change.Problems problems) {
            Map<String, String> errors = new LinkedHashMap<>();
            problems.fields().forEach((field, key) -> errors.put(field, t().get(key, Passwords.MIN_LENGTH)));
            render(ctx, 422, Optional.empty(), errors);
        } else if (change instanceof AccountService.Change.Blocked blocked) {
            long seconds = Math.max(1, (blocked.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            String wait = seconds < 90 ? t().get("staff.duration.seconds", seconds)
                    : t().get("staff.duration.minutes", (seconds + 59) / 60);
            render(ctx, 429, Optional.empty(), Map.of("current", t().get("team.account.error.blocked", wait)));
        }
    }

    private void render(Context ctx, int status, Optional<String> notice, Map<String, String> errors) {
        StaffUser user = auth.user(ctx);
        List<AccountPage.Team> teams = user.roles().entrySet().stream()
                .map(e -> new AccountPage.Team(clinics.find(e.getKey()).map(c -> c.name()).orElse(e.getKey()),
                        t().get("team.role." + e.getValue().code())))
                .toList();
        AccountPage page = new AccountPage(auth.frame(ctx, t().get("team.account.title"), "account", 0), user.email(),
                user.isAdmin(), teams, notice, errors);
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render("team/account.jte", page));
    }

    private static Messages t() {
        return Messages.english();
    }
}
