package io.consultdesk.team;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.Passwords;
import io.consultdesk.staff.SignInController;
import io.consultdesk.staff.StaffService;
import io.consultdesk.staff.TwoFactor;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffUser;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /staff/account}: every signed-in person's own account, changing their password, and two-step sign-in. */
public final class AccountController {
    private final AccountService accounts;
    private final ClinicService clinics;
    private final StaffAuth auth;
    private final Views views;
    private final TwoFactor twoFactor;
    private final StaffService staff;

    public AccountController(AccountService accounts, ClinicService clinics, StaffAuth auth, Views views, TwoFactor twoFactor,
                             StaffService staff) {
        this.accounts = accounts;
        this.clinics = clinics;
        this.auth = auth;
        this.views = views;
        this.twoFactor = twoFactor;
        this.staff = staff;
    }

    private static final Map<String, String> DONE = Map.of("password", "team.account.done",
            "twoFactorOn", "team.account.twoFactor.doneOn", "twoFactorOff", "team.account.twoFactor.doneOff");

    public void page(Context ctx) {
        Optional<String> notice = Optional.ofNullable(ctx.queryParam("done")).map(DONE::get).map(k -> t().get(k));
        render(ctx, 200, notice, Map.of());
    }

    /** Starts setting up two-step sign-in: a new secret, shown as a QR code and as text, to confirm with a code. */
    public void startTwoFactor(Context ctx) {
        StaffUser user = auth.user(ctx);
        Optional<TwoFactor.Setup> setup = twoFactor.start(user.id(), user.email());
        if (setup.isEmpty()) {
            ctx.redirect("/staff/account", HttpStatus.SEE_OTHER);
            return;
        }
        render(ctx, 200, Optional.empty(), Map.of(), setup);
    }

    /** Turns it on once a code of the new secret is right, and shows the recovery codes once. */
    public void confirmTwoFactor(Context ctx) {
        StaffUser user = auth.user(ctx);
        TwoFactor.Confirm confirm = twoFactor.confirm(user.id(), Optional.ofNullable(ctx.formParam("code")).orElse(""),
                auth.actor(ctx));
        if (confirm instanceof TwoFactor.Confirm.Confirmed done) {
            ctx.status(200).contentType("text/html; charset=utf-8").result(views.render("staff/recovery-codes.jte",
                    new SignInController.RecoveryPage(auth.frame(ctx, t().get("staff.twoFactor.codes.title"), "account", 0),
                            done.recoveryCodes(), "/staff/account?done=twoFactorOn")));
        } else if (confirm instanceof TwoFactor.Confirm.WrongCode) {
            render(ctx, 422, Optional.empty(), Map.of("code", t().get("staff.twoFactor.wrong")),
                    twoFactor.settingUp(user.id(), user.email()));
        } else {
            ctx.redirect("/staff/account", HttpStatus.SEE_OTHER);
        }
    }

    /** Turns it off: needs the password (checked with sign-in's throttling); refused while a clinic requires it. */
    public void turnOffTwoFactor(Context ctx) {
        StaffUser user = auth.user(ctx);
        TwoFactor.Status status = twoFactor.status(user.id());
        if (!status.requiredBy().isEmpty()) {
            render(ctx, 409, Optional.empty(), Map.of("off", t().get("team.account.twoFactor.requiredBy",
                    String.join(", ", names(status.requiredBy())))));
            return;
        }
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (password.isEmpty() || password.length() > Passwords.MAX_LENGTH) {
            render(ctx, 422, Optional.empty(), Map.of("off", t().get("team.account.error.currentMissing")));
            return;
        }
        StaffService.PasswordCheck check = staff.checkPassword(user.email(), password, auth.clientIp(ctx), "two-step sign-in off");
        if (check instanceof StaffService.PasswordCheck.Blocked blocked) {
            long seconds = Math.max(1, (blocked.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            String wait = seconds < 90 ? t().get("staff.duration.seconds", seconds)
                    : t().get("staff.duration.minutes", (seconds + 59) / 60);
            render(ctx, 429, Optional.empty(), Map.of("off", t().get("team.account.error.blocked", wait)));
        } else if (check instanceof StaffService.PasswordCheck.Right right && right.userId().equals(user.id())) {
            twoFactor.turnOff(user.id(), auth.actor(ctx));
            ctx.redirect("/staff/account?done=twoFactorOff", HttpStatus.SEE_OTHER);
        } else {
            render(ctx, 422, Optional.empty(), Map.of("off", t().get("team.account.error.currentWrong")));
        }
    }

    private List<String> names(List<String> slugs) {
        return slugs.stream().map(s -> clinics.find(s).map(c -> c.name()).orElse(s)).toList();
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
        render(ctx, status, notice, errors, Optional.empty());
    }

    private void render(Context ctx, int status, Optional<String> notice, Map<String, String> errors,
                        Optional<TwoFactor.Setup> setup) {
        StaffUser user = auth.user(ctx);
        List<AccountPage.Team> teams = user.roles().entrySet().stream()
                .map(e -> new AccountPage.Team(clinics.find(e.getKey()).map(c -> c.name()).orElse(e.getKey()),
                        t().get("team.role." + e.getValue().code())))
                .toList();
        AccountPage page = new AccountPage(auth.frame(ctx, t().get("team.account.title"), "account", 0), user.email(),
                user.isAdmin(), teams, notice, errors, twoFactor.status(user.id()), names(twoFactor.status(user.id()).requiredBy()),
                setup);
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render("team/account.jte", page));
    }

    private static Messages t() {
        return Messages.english();
    }
}
