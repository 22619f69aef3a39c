package io.consultdesk.staff;

import io.consultdesk.i18n.Messages;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code /staff/sign-in} and {@code /staff/sign-out}. */
public final class SignInController {
    /** Where a sign-in without a page to return to leads; a person who sees no requests goes to their start page instead (see {@link Access#home}). */
    public static final String HOME = "/staff/leads";
    public static final String CODE = StaffAuth.SIGN_IN + "/code";
    public static final String SETUP = StaffAuth.SIGN_IN + "/setup";
    private final StaffService staff;
    private final StaffAuth auth;
    private final Views views;
    private final TwoFactor twoFactor;

    public SignInController(StaffService staff, StaffAuth auth, Views views, TwoFactor twoFactor) {
        this.staff = staff;
        this.auth = auth;
        this.views = views;
        this.twoFactor = twoFactor;
    }

    /** The second step: a code from the authenticator app, or a recovery code. */
    public record CodePage(StaffFrame frame, Optional<String> error, String token) {
        public String t(String key, Object... args) {
            return frame.t(key, args);
        }
    }

    /**
     * Setting up two-step sign-in: on the sign-in path when a clinic requires it (action {@link #SETUP}), or on the
     * account page (action /staff/account/two-factor/confirm, with the session's CSRF token).
     */
    public record SetupPage(StaffFrame frame, TwoFactor.Setup setup, Optional<String> error, String token, String action,
                            List<String> requiredBy) {
        public String t(String key, Object... args) {
            return frame.t(key, args);
        }
    }

    /** The ten recovery codes, shown once, and where to go on. */
    public record RecoveryPage(StaffFrame frame, List<String> codes, String continueUrl) {
        public String t(String key, Object... args) {
            return frame.t(key, args);
        }
    }

    /** @param token the form's CSRF token, bound to this browser by the sign-in cookie */
    public record SignInPage(StaffFrame frame, String email, String next, Optional<String> error,
                             Optional<String> notice, String token) {
        public String t(String key, Object... args) {
            return frame.t(key, args);
        }
    }

    public void show(Context ctx) {
        String next = next(ctx.queryParam("next"));
        if (staff.session(ctx.cookie(StaffAuth.COOKIE), auth.clientIp(ctx)) instanceof StaffService.Lookup.Active) {
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return;
        }
        Optional<String> notice = Optional.ofNullable(ctx.queryParam("ended")).flatMap(e -> switch (e) {
            case "idle" -> Optional.of("staff.signIn.endedIdle");
            case "expired" -> Optional.of("staff.signIn.endedExpired");
            case "out" -> Optional.of("staff.signIn.signedOut");
            default -> Optional.empty();
        }).map(k -> Messages.english().get(k));
        render(ctx, 200, "", next, Optional.empty(), notice);
    }

    public void submit(Context ctx) {
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String next = next(ctx.formParam("next"));
        Messages t = Messages.english();
        if (!auth.signInTokenMatches(ctx)) {
            // Posted without this browser's sign-in token: not from our form (or from one that outlived its cookie).
            render(ctx, 400, email, next, Optional.of(t.get("staff.signIn.staleForm")), Optional.empty());
            return;
        }
        if (email.isEmpty() || password.isEmpty() || email.length() > 254 || password.length() > Passwords.MAX_LENGTH) {
            render(ctx, 400, email, next, Optional.of(t.get("staff.signIn.missing")), Optional.empty());
            return;
        }
        String ip = auth.clientIp(ctx);
        StaffService.PasswordCheck check = staff.checkPassword(email, password, ip, null);
        if (check instanceof StaffService.PasswordCheck.Blocked blocked) {
            ctx.header("Retry-After", Long.toString(seconds(blocked.retryAfter())));
            render(ctx, 429, email, next, Optional.of(t.get("staff.signIn.blocked", wait(t, blocked.retryAfter()))),
                    Optional.empty());
            return;
        }
        if (!(check instanceof StaffService.PasswordCheck.Right right)) {
            render(ctx, 401, email, next, Optional.of(t.get("staff.signIn.wrong")), Optional.empty());
            return;
        }
        TwoFactor.Step step = twoFactor.stepAfterPassword(right.userId());
        if (step == TwoFactor.Step.NONE) {
            finish(ctx, staff.startSession(right.userId(), ip), next, email);
            return;
        }
        // The password was right; the session starts only after the second step (or its setup, when a clinic of
        // theirs requires it and they have none yet).
        auth.setPendingCookie(ctx, twoFactor.beginPending(right.userId(), step, next, ip));
        ctx.redirect(step == TwoFactor.Step.CODE ? CODE : SETUP, HttpStatus.SEE_OTHER);
    }

    /** After every step: the session, or the page saying the account is disabled. */
    private void finish(Context ctx, StaffService.SignIn result, String next, String email) {
        if (result instanceof StaffService.SignIn.Success ok) {
            // A new session for every sign-in (no fixation); the one this browser had before ends now.
            if (staff.session(ctx.cookie(StaffAuth.COOKIE), auth.clientIp(ctx)) instanceof StaffService.Lookup.Active old) {
                staff.signOut(old.session(), auth.clientIp(ctx));
            }
            auth.setCookie(ctx, ok.token());
            ctx.redirect(next.equals(HOME) ? Access.home(ok.session().user()) : next, HttpStatus.SEE_OTHER);
        } else {
            render(ctx, 403, email, next, Optional.of(Messages.english().get("staff.signIn.disabled")), Optional.empty());
        }
    }

    public void codePage(Context ctx) {
        Optional<io.consultdesk.staff.TwoFactorDao.PendingRow> pending = twoFactor.pending(auth.pendingToken(ctx));
        if (pending.isEmpty() || !pending.get().purpose().equals("code")) {
            ctx.redirect(StaffAuth.SIGN_IN, HttpStatus.SEE_OTHER);
            return;
        }
        renderCode(ctx, 200, Optional.empty());
    }

    public void submitCode(Context ctx) {
        Messages t = Messages.english();
        if (!auth.signInTokenMatches(ctx)) {
            renderCode(ctx, 400, Optional.of(t.get("staff.signIn.staleForm")));
            return;
        }
        String token = auth.pendingToken(ctx);
        TwoFactor.CodeCheck check = twoFactor.checkCode(token, Optional.ofNullable(ctx.formParam("code")).orElse(""),
                auth.clientIp(ctx));
        if (check instanceof TwoFactor.CodeCheck.Passed passed) {
            auth.clearPendingCookie(ctx);
            finish(ctx, staff.startSession(passed.userId(), auth.clientIp(ctx)), next(passed.next()), "");
        } else if (check instanceof TwoFactor.CodeCheck.Blocked blocked) {
            ctx.header("Retry-After", Long.toString(seconds(blocked.retryAfter())));
            renderCode(ctx, 429, Optional.of(t.get("staff.twoFactor.blocked", wait(t, blocked.retryAfter()))));
        } else if (check instanceof TwoFactor.CodeCheck.Wrong) {
            renderCode(ctx, 401, Optional.of(t.get("staff.twoFactor.wrong")));
        } else {
            auth.clearPendingCookie(ctx);
            render(ctx, 401, "", HOME, Optional.of(t.get("staff.twoFactor.ended")), Optional.empty());
        }
    }

    public void setupPage(Context ctx) {
        Optional<io.consultdesk.staff.TwoFactorDao.PendingRow> pending = twoFactor.pending(auth.pendingToken(ctx));
        if (pending.isEmpty() || !pending.get().purpose().equals("setup")) {
            ctx.redirect(StaffAuth.SIGN_IN, HttpStatus.SEE_OTHER);
            return;
        }
        String userId = pending.get().userId();
        String email = twoFactor.emailOf(userId);
        TwoFactor.Setup setup = twoFactor.settingUp(userId, email).or(() -> twoFactor.start(userId, email)).orElseThrow();
        renderSetup(ctx, 200, setup, userId, Optional.empty());
    }

    public void submitSetup(Context ctx) {
        Messages t = Messages.english();
        String token = auth.pendingToken(ctx);
        Optional<io.consultdesk.staff.TwoFactorDao.PendingRow> pending = twoFactor.pending(token);
        if (pending.isEmpty() || !pending.get().purpose().equals("setup")) {
            auth.clearPendingCookie(ctx);
            render(ctx, 401, "", HOME, Optional.of(t.get("staff.twoFactor.ended")), Optional.empty());
            return;
        }
        String userId = pending.get().userId();
        String email = twoFactor.emailOf(userId);
        if (!auth.signInTokenMatches(ctx)) {
            renderSetup(ctx, 400, twoFactor.settingUp(userId, email).orElseThrow(), userId, Optional.of(t.get("staff.signIn.staleForm")));
            return;
        }
        var actor = new io.consultdesk.audit.Actor(userId, email, auth.clientIp(ctx));
        TwoFactor.Confirm confirm = twoFactor.confirm(userId, Optional.ofNullable(ctx.formParam("code")).orElse(""), actor);
        if (confirm instanceof TwoFactor.Confirm.Confirmed done) {
            twoFactor.endPending(token);
            auth.clearPendingCookie(ctx);
            StaffService.SignIn result = staff.startSession(userId, auth.clientIp(ctx));
            if (result instanceof StaffService.SignIn.Success ok) {
                auth.setCookie(ctx, ok.token());
                String next = next(pending.get().nextPath());
                showRecoveryCodes(ctx, auth.publicFrame(t.get("staff.twoFactor.codes.title")), done.recoveryCodes(),
                        next.equals(HOME) ? Access.home(ok.session().user()) : next);
            } else {
                finish(ctx, result, HOME, email);
            }
            return;
        }
        if (twoFactor.countSetupFailure(token)) {
            auth.clearPendingCookie(ctx);
            render(ctx, 401, "", HOME, Optional.of(t.get("staff.twoFactor.ended")), Optional.empty());
            return;
        }
        Optional<TwoFactor.Setup> setup = twoFactor.settingUp(userId, email);
        if (setup.isEmpty()) {
            ctx.redirect(StaffAuth.SIGN_IN, HttpStatus.SEE_OTHER);
            return;
        }
        renderSetup(ctx, 422, setup.get(), userId, Optional.of(t.get("staff.twoFactor.wrong")));
    }

    /** The recovery codes, shown once (after setting up, on the sign-in path or the account page). */
    public void showRecoveryCodes(Context ctx, StaffFrame frame, List<String> codes, String continueUrl) {
        ctx.status(200).contentType("text/html; charset=utf-8")
                .result(views.render("staff/recovery-codes.jte", new RecoveryPage(frame, codes, continueUrl)));
    }

    private void renderCode(Context ctx, int status, Optional<String> error) {
        StaffFrame frame = auth.publicFrame(Messages.english().get("staff.twoFactor.title"));
        ctx.status(status).contentType("text/html; charset=utf-8")
                .result(views.render("staff/sign-in-code.jte", new CodePage(frame, error, auth.signInToken(ctx))));
    }

    private void renderSetup(Context ctx, int status, TwoFactor.Setup setup, String userId, Optional<String> error) {
        StaffFrame frame = auth.publicFrame(Messages.english().get("staff.twoFactor.setup.title"));
        ctx.status(status).contentType("text/html; charset=utf-8")
                .result(views.render("staff/two-factor-setup.jte", new SetupPage(frame, setup, error, auth.signInToken(ctx),
                        SETUP, twoFactor.requiringClinicNames(userId))));
    }

    public void signOut(Context ctx) {
        staff.signOut(auth.session(ctx), auth.clientIp(ctx));
        auth.clearCookie(ctx);
        ctx.redirect(StaffAuth.SIGN_IN + "?ended=out", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String email, String next, Optional<String> error, Optional<String> notice) {
        StaffFrame frame = auth.publicFrame(Messages.english().get("staff.signIn.title"));
        ctx.status(status).contentType("text/html; charset=utf-8")
                .result(views.render("staff/sign-in.jte", new SignInPage(frame, email, next, error, notice,
                        auth.signInToken(ctx))));
    }

    private static String next(String raw) {
        return StaffAuth.safeNext(raw) ? raw : HOME;
    }

    /** Whole seconds, rounded up: waiting that long is always enough. */
    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    static String wait(Messages t, Duration d) {
        long seconds = seconds(d);
        return seconds < 90 ? t.get("staff.duration.seconds", seconds) : t.get("staff.duration.minutes", (seconds + 59) / 60);
    }
}
