package io.consultdesk.staff;

import io.consultdesk.audit.Actor;
import io.consultdesk.i18n.Messages;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Headers;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import io.consultdesk.web.Views;

/**
 * Guards everything under {@code /staff}: finds the session of the cookie, sends whoever has none to
 * the sign-in page (and back to the page they asked for afterwards), checks the CSRF token of every
 * POST, and sets the headers of staff pages (strict CSP, no framing, no caching of health information).
 *
 * <p>The cookie is {@code HttpOnly}, {@code SameSite=Strict}, limited to {@code /staff}, and
 * {@code Secure} when the public URL is https.
 */
public final class StaffAuth {
    public static final String COOKIE = "cd_staff";
    public static final String CSRF_FIELD = "_csrf";
    public static final String SIGN_IN = "/staff/sign-in";
    /** The sign-in form's CSRF token, bound to this browser (double submit): no site can sign a browser in as someone else. */
    static final String SIGN_IN_COOKIE = "cd_signin";
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("^[A-Za-z0-9_-]{43}$");
    private static final String SESSION = "consultdesk.staffSession";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private final StaffService staff;
    private final ClientIp clientIp;
    private final Assets assets;
    private final boolean secureCookie;
    private final java.util.function.Supplier<java.net.URI> publicUrl;
    private final Views views;
    private final Predicate<String> clinicExists;

    /**
     * @param publicUrl the server's public URL: behind a proxy, the origin browsers post from
     * @param clinicExists whether a clinic slug names a clinic (for the pages of one clinic)
     */
    public StaffAuth(StaffService staff, ClientIp clientIp, Assets assets, boolean secureCookie,
                     java.util.function.Supplier<java.net.URI> publicUrl, Views views, Predicate<String> clinicExists) {
        this.staff = staff;
        this.clientIp = clientIp;
        this.assets = assets;
        this.secureCookie = secureCookie;
        this.publicUrl = publicUrl;
        this.views = views;
        this.clinicExists = clinicExists;
    }

    /** Thrown to end a request early with the given response (a redirect or a refusal). */
    public static final class Halt extends RuntimeException {
        private final transient Consumer<Context> response;

        public Halt(Consumer<Context> response) {
            super(null, null, false, false);
            this.response = response;
        }

        public void respond(Context ctx) {
            response.accept(ctx);
        }
    }

    /**
     * Before every matched {@code /staff} route: the headers of staff pages, the cross-site check of posts, the
     * session (or the way to sign in), the CSRF token of posts, and the access the route names in App's table.
     */
    public void guard(Context ctx) {
        ctx.header(Headers.CSP, CSP);
        ctx.header("X-Frame-Options", "DENY");
        Headers.noStore(ctx);
        boolean post = "POST".equals(ctx.method().name());
        if (post && crossSite(ctx, publicOrigin())) {
            throw refuse();
        }
        Access access = Access.of(ctx.routeRoles());
        if (access == Access.PUBLIC) {
            return;
        }
        StaffService.Lookup lookup = staff.session(ctx.cookie(COOKIE), clientIp.of(ctx));
        if (lookup instanceof StaffService.Lookup.Active active) {
            if (post && !sameToken(active.session().csrfToken(), ctx.formParam(CSRF_FIELD))) {
                throw refuse();
            }
            ctx.attribute(SESSION, active.session());
            authorize(ctx, access, active.session().user());
            return;
        }
        String ended = lookup instanceof StaffService.Lookup.Ended e ? (e.idle() ? "idle" : "expired") : null;
        String next = post ? null : ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        throw new Halt(c -> {
            if (ended != null) {
                clearCookie(c);
            }
            c.redirect(signInUrl(next, ended), io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    /**
     * The route's access for this person. A clinic's pages answer 404 to whoever is not on its team (its
     * existence is not confirmed to other clinics' people) and 403 to a member whose role does not open them.
     */
    private void authorize(Context ctx, Access access, StaffUser user) {
        if (access.clinicScoped()) {
            String slug = ctx.pathParam("clinic");
            Optional<Role> role = clinicExists.test(slug) ? user.role(slug) : Optional.empty();
            if (role.isEmpty()) {
                throw notFound();
            }
            if (!access.allows(role.get())) {
                throw forbidden();
            }
        } else if (access == Access.ADMIN && !user.isAdmin()) {
            throw notFound();
        } else if (access == Access.REQUESTS && !user.seesRequests()) {
            throw forbidden();
        }
    }

    /** 404 as an HTML page of the dashboard. */
    public Halt notFound() {
        return errorPage(404, "staff.notFound.title", "staff.notFound.pageHeading", "staff.notFound.pageBody");
    }

    /** 403: signed in, but this person's role does not open this page. */
    public Halt forbidden() {
        return errorPage(403, "staff.forbidden.title", "staff.forbidden.heading", "staff.forbidden.body");
    }

    private Halt errorPage(int status, String title, String heading, String body) {
        Messages m = Messages.english();
        return new Halt(c -> errorPage(c, status, m.get(title), m.get(heading), m.get(body)));
    }

    /** Answers with a dashboard page saying what went wrong (for errors a handler did not answer itself). */
    public void errorPage(Context c, int status, String title, String heading, String body) {
        Headers.noStore(c);
        c.header(Headers.CSP, CSP);
        StaffFrame frame = c.attribute(SESSION) == null ? publicFrame(title) : frame(c, title, "none", 0);
        String home = c.attribute(SESSION) == null ? SIGN_IN : Access.home(session(c).user());
        c.status(status).contentType("text/html; charset=utf-8").result(views.render("staff/error.jte",
                new ErrorPage(frame, heading, body, home)));
    }

    /** A page that says what went wrong and where to go instead. */
    public record ErrorPage(StaffFrame frame, String heading, String body, String homeUrl) {}

    static String signInUrl(String next, String ended) {
        StringBuilder url = new StringBuilder(SIGN_IN);
        String sep = "?";
        if (next != null && safeNext(next)) {
            url.append(sep).append("next=").append(URLEncoder.encode(next, StandardCharsets.UTF_8));
            sep = "&";
        }
        if (ended != null) {
            url.append(sep).append("ended=").append(ended);
        }
        return url.toString();
    }

    /** Only a path inside the dashboard may be a destination after sign-in (no open redirect). */
    public static boolean safeNext(String next) {
        return next != null && next.startsWith("/staff/") && !next.startsWith("//") && !next.contains("\\")
                && !next.startsWith(SIGN_IN) && next.length() < 500 && next.chars().noneMatch(ch -> ch < 0x21)
                && java.util.Arrays.stream(next.split("[?#]", 2)[0].split("/"))
                        .map(s -> s.replaceAll("(?i)%2e", "."))
                        .noneMatch(s -> s.equals(".") || s.equals(".."));
    }

    /**
     * A form posted from another site (browsers say so in Sec-Fetch-Site, or in Origin). The Origin may be
     * this server as the request reached it, or its public URL (a proxy in front may rewrite the Host).
     */
    private static boolean crossSite(Context ctx, String publicOrigin) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !(site.equals("same-origin") || site.equals("none"))) {
            return true;
        }
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null") || origin.equalsIgnoreCase(publicOrigin)) {
            return false;
        }
        String host = ctx.host();
        return host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private String publicOrigin() {
        java.net.URI url = publicUrl.get();
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    /**
     * The sign-in form's token: the one this browser's sign-in cookie already holds, or a new one, set in
     * that cookie (limited to the sign-in path). The form carries it back; {@link #signInTokenMatches} checks.
     */
    public String signInToken(Context ctx) {
        String existing = ctx.cookie(SIGN_IN_COOKIE);
        if (existing != null && TOKEN.matcher(existing).matches()) {
            return existing;
        }
        String token = StaffService.randomToken();
        ctx.res().addHeader("Set-Cookie", SIGN_IN_COOKIE + "=" + token + "; Path=" + SIGN_IN + "; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
        return token;
    }

    /** Whether the posted sign-in form carries the token of this browser's sign-in cookie. */
    public boolean signInTokenMatches(Context ctx) {
        String cookie = ctx.cookie(SIGN_IN_COOKIE);
        return cookie != null && TOKEN.matcher(cookie).matches() && sameToken(cookie, ctx.formParam(CSRF_FIELD));
    }

    private Halt refuse() {
        return errorPage(403, "staff.forbidden.title", "staff.forbidden.heading", "staff.error.forbidden");
    }

    private static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    public StaffService.Session session(Context ctx) {
        StaffService.Session s = ctx.attribute(SESSION);
        if (s == null) {
            throw new IllegalStateException("no staff session: is the route under /staff?");
        }
        return s;
    }

    public StaffUser user(Context ctx) {
        return session(ctx).user();
    }

    public Actor actor(Context ctx) {
        return Actor.of(user(ctx), clientIp.of(ctx));
    }

    public String clientIp(Context ctx) {
        return clientIp.of(ctx);
    }

    public StaffFrame frame(Context ctx, String title, String nav, long urgentWaiting) {
        StaffService.Session s = session(ctx);
        // When the idle logoff comes, the page gives way to sign-in, which brings the person back here (to a page
        // that answered a post, such as a preview, there is no way back: sign-in then leads to the start page).
        String here = "GET".equals(ctx.method().name())
                ? ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()) : null;
        return new StaffFrame(Messages.english(), title, nav, Optional.of(s.user()), s.csrfToken(),
                assets.url("staff.css"), s.idle().toSeconds() + 5, signInUrl(here, "idle"), urgentWaiting);
    }

    /** The frame of pages without a session (sign-in). */
    public StaffFrame publicFrame(String title) {
        return new StaffFrame(Messages.english(), title, "none", Optional.empty(), "", assets.url("staff.css"), 0, SIGN_IN, 0);
    }

    public void setCookie(Context ctx, String token) {
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/staff; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
    }

    /** The pending sign-in's cookie (between the password and the second step), limited to the sign-in pages. */
    static final String PENDING_COOKIE = "cd_pending";

    public void setPendingCookie(Context ctx, String token) {
        ctx.res().addHeader("Set-Cookie", PENDING_COOKIE + "=" + token + "; Path=" + SIGN_IN + "; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
    }

    public void clearPendingCookie(Context ctx) {
        ctx.res().addHeader("Set-Cookie", PENDING_COOKIE + "=; Path=" + SIGN_IN + "; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
    }

    public String pendingToken(Context ctx) {
        String token = ctx.cookie(PENDING_COOKIE);
        return token != null && TOKEN.matcher(token).matches() ? token : null;
    }

    public void clearCookie(Context ctx) {
        ctx.res().addHeader("Set-Cookie", COOKIE + "=; Path=/staff; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
    }
}
