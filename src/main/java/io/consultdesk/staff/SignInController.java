package io.consultdesk.staff;

import io.consultdesk.i18n.Messages;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;

/** {@code /staff/sign-in} and {@code /staff/sign-out}. */
public final class SignInController {
    /** Where a sign-in without a page to return to leads; a person who sees no requests goes to their start page instead (see {@link Access#home}). */
    public static final String HOME = "/staff/leads";
    private final StaffService staff;
    private final StaffAuth auth;
    private final Views views;

    public SignInController(StaffService staff, StaffAuth auth, Views views) {
        this.staff = staff;
        this.auth = auth;
        this.views = views;
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
        StaffService.SignIn result = staff.signIn(email, password, auth.clientIp(ctx));
        if (result instanceof StaffService.SignIn.Success ok) {
            // A new session for every sign-in (no fixation); the one this browser had before ends now.
            if (staff.session(ctx.cookie(StaffAuth.COOKIE), auth.clientIp(ctx)) instanceof StaffService.Lookup.Active old) {
                staff.signOut(old.session(), auth.clientIp(ctx));
            }
            auth.setCookie(ctx, ok.token());
            ctx.redirect(next.equals(HOME) ? Access.home(ok.session().user()) : next, HttpStatus.SEE_OTHER);
        } else if (result instanceof StaffService.SignIn.Disabled) {
            render(ctx, 403, email, next, Optional.of(t.get("staff.signIn.disabled")), Optional.empty());
        } else if (result instanceof StaffService.SignIn.Blocked blocked) {
            ctx.header("Retry-After", Long.toString(seconds(blocked.retryAfter())));
            render(ctx, 429, email, next, Optional.of(t.get("staff.signIn.blocked", wait(t, blocked.retryAfter()))),
                    Optional.empty());
        } else {
            render(ctx, 401, email, next, Optional.of(t.get("staff.signIn.wrong")), Optional.empty());
        }
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
