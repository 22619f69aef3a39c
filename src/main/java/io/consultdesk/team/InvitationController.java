package io.consultdesk.team;

import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.Access;
import io.consultdesk.staff.Passwords;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.staff.StaffService;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /staff/invitation/{token}}: the page an invitation's link opens, without a session. GET only shows
 * (mail scanners open links); the POST joins the team and signs the person in with a new session. Every link
 * that does not work, whatever the reason, gets the same 404 page.
 *
 * <p>The form's CSRF defence is a double-submit token bound to this browser by a cookie of its own
 * ({@code cd_invite}: HttpOnly, SameSite=Strict, limited to the invitation path), on top of the guard's check
 * that a post comes from this site.
 */
public final class InvitationController {
    static final String COOKIE = "cd_invite";
    static final String PATH = "/staff/invitation";
    private static final Pattern FORM_TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");
    private final Invitations invitations;
    private final StaffService staff;
    private final StaffAuth auth;
    private final Views views;
    private final boolean secureCookie;

    private final io.consultdesk.staff.TwoFactor twoFactor;

    public InvitationController(Invitations invitations, StaffService staff, StaffAuth auth, Views views,
                                boolean secureCookie, io.consultdesk.staff.TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
        this.invitations = invitations;
        this.staff = staff;
        this.auth = auth;
        this.views = views;
        this.secureCookie = secureCookie;
    }

    public void show(Context ctx) {
        Optional<Invitations.Open> open = invitations.find(ctx.pathParam("token"));
        if (open.isEmpty()) {
            gone(ctx);
            return;
        }
        render(ctx, 200, open.get(), Map.of());
    }

    public void accept(Context ctx) {
        String token = ctx.pathParam("token");
        Optional<Invitations.Open> open = invitations.find(token);
        if (open.isEmpty()) {
            gone(ctx);
            return;
        }
        Messages t = Messages.english();
        if (!formTokenMatches(ctx)) {
            // Not posted from this browser's invitation page (or from one that outlived its cookie): nothing changes.
            render(ctx, 400, open.get(), Map.of("form", t.get("team.invitation.error.staleForm")));
            return;
        }
        Invitations.Acceptance result = invitations.accept(token, ctx.formParam("password"), ctx.formParam("confirm"),
                auth.clientIp(ctx));
        if (result instanceof Invitations.Acceptance.Gone) {
            gone(ctx);
        } else if (result instanceof Invitations.Acceptance.Refused refused) {
            int status = refused.messageKey().equals("team.invitation.error.wrongPassword") ? 401 : 422;
            render(ctx, status, invitations.find(token).orElse(open.get()),
                    Map.of(refused.field(), t.get(refused.messageKey(), Passwords.MIN_LENGTH)));
        } else if (result instanceof Invitations.Acceptance.Blocked blocked) {
            long seconds = Math.max(1, (blocked.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            String wait = seconds < 90 ? t.get("staff.duration.seconds", seconds) : t.get("staff.duration.minutes", (seconds + 59) / 60);
            render(ctx, 429, open.get(), Map.of("password", t.get("team.invitation.error.blocked", wait)));
        } else if (result instanceof Invitations.Acceptance.Joined joined) {
            signIn(ctx, joined.userId());
        }
    }

    /** A new session for the person who just joined (as sign-in does); the one this browser had before ends. */
    private void signIn(Context ctx, String userId) {
        // Someone with two-step sign-in on, or joining a clinic that requires it, takes that step first, as at sign-in.
        io.consultdesk.staff.TwoFactor.Step step = twoFactor.stepAfterPassword(userId);
        if (step != io.consultdesk.staff.TwoFactor.Step.NONE) {
            ctx.res().addHeader("Set-Cookie", COOKIE + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Strict"
                    + (secureCookie ? "; Secure" : ""));
            auth.setPendingCookie(ctx, twoFactor.beginPending(userId, step, io.consultdesk.staff.SignInController.HOME,
                    auth.clientIp(ctx)));
            ctx.redirect(step == io.consultdesk.staff.TwoFactor.Step.CODE ? io.consultdesk.staff.SignInController.CODE
                    : io.consultdesk.staff.SignInController.SETUP, HttpStatus.SEE_OTHER);
            return;
        }
        StaffService.SignIn session = staff.startSession(userId, auth.clientIp(ctx));
        if (!(session instanceof StaffService.SignIn.Success ok)) {
            ctx.redirect(StaffAuth.SIGN_IN, HttpStatus.SEE_OTHER);
            return;
        }
        if (staff.session(ctx.cookie(StaffAuth.COOKIE), auth.clientIp(ctx)) instanceof StaffService.Lookup.Active old) {
            staff.signOut(old.session(), auth.clientIp(ctx));
        }
        auth.setCookie(ctx, ok.token());
        ctx.res().addHeader("Set-Cookie", COOKIE + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
        ctx.redirect(Access.home(ok.session().user()), HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, Invitations.Open open, Map<String, String> errors) {
        Messages t = Messages.english();
        ZoneId zone = open.clinic().locations().stream().findFirst().map(l -> ZoneId.of(l.timeZone())).orElse(ZoneOffset.UTC);
        String expires = new io.consultdesk.booking.TimeText(t).when(open.expiresAt(), zone);
        InvitationPage page = new InvitationPage(auth.publicFrame(t.get("team.invitation.title", open.clinic().name())), open,
                PATH + "/" + ctx.pathParam("token"), expires, errors, formToken(ctx));
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render("team/invitation.jte", page));
    }

    /** The same page for every link that does not work: unknown, used, revoked, replaced or expired. */
    private void gone(Context ctx) {
        ctx.status(404).contentType("text/html; charset=utf-8").result(views.render("team/invitation-gone.jte",
                auth.publicFrame(Messages.english().get("team.invitation.gone.heading"))));
    }

    /** The token this browser's invitation cookie holds, or a new one set in that cookie. */
    private String formToken(Context ctx) {
        String existing = ctx.cookie(COOKIE);
        if (existing != null && FORM_TOKEN.matcher(existing).matches()) {
            return existing;
        }
        String token = StaffService.randomToken();
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=" + PATH + "; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
        return token;
    }

    private static boolean formTokenMatches(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        String posted = ctx.formParam(StaffAuth.CSRF_FIELD);
        return cookie != null && posted != null && FORM_TOKEN.matcher(cookie).matches()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), posted.getBytes(StandardCharsets.UTF_8));
    }
}
