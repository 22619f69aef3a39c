package io.consultdesk.support;

import io.consultdesk.staff.Role;
import io.consultdesk.staff.StaffService;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser-like HTTP client for the staff dashboard: its own cookie jar, no automatic redirects, and
 * form posts that carry the session's CSRF token (read from the last page that had one).
 */
public final class StaffClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final TestServer server;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String csrf;

    public StaffClient(TestServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Creates an account directly through the service (as the CLI does); returns its password. */
    public static String addUser(TestServer server, String email, Role role, String... clinics) {
        // a strong passphrase for the estimator whatever the email (the comic's "correct horse battery" is a common one)
        String password = "plum orchard lantern " + Integer.toHexString(email.hashCode());
        var result = server.app().staff().addUser(email, role, List.of(clinics), password);
        if (!(result instanceof StaffService.AddUser.Saved)) {
            throw new AssertionError("could not add " + email + ": " + result);
        }
        return password;
    }

    /** A client signed in as a new account with the given role and clinics. */
    public static StaffClient signedIn(TestServer server, String email, Role role, String... clinics) {
        String password = addUser(server, email, role, clinics);
        StaffClient client = new StaffClient(server);
        HttpResponse<String> r = client.signIn(email, password);
        if (r.statusCode() != 303) {
            throw new AssertionError("sign-in failed: " + r.statusCode() + " " + r.body());
        }
        client.get("/staff/leads"); // picks up the CSRF token
        return client;
    }

    public HttpResponse<String> signIn(String email, String password) {
        return postSignIn(Map.of("email", email, "password", password));
    }

    /**
     * Opens the sign-in page (its cookie binds the form's token to this client), then posts the form
     * with that token added to {@code form}.
     */
    public HttpResponse<String> postSignIn(Map<String, String> form, String... headers) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.putIfAbsent("_csrf", signInToken());
        return postRaw(StaffAuthPaths.SIGN_IN, withToken, headers);
    }

    /**
     * The sign-in form's token for this client: from the sign-in page, or, when that forwards a client
     * already signed in, from the sign-in cookie an earlier visit left (as a browser's open tab would post).
     */
    public String signInToken() {
        HttpResponse<String> page = get(StaffAuthPaths.SIGN_IN);
        if (page.statusCode() == 303) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("cd_signin"))
                    .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no sign-in cookie"));
        }
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no token on the sign-in page: " + page.statusCode());
        }
        return m.group(1);
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url(path))).GET());
        remember(r.body());
        return r;
    }

    /** A HEAD request with this client's cookies: the status and headers GET would answer, no body. */
    public HttpResponse<String> head(String path) {
        return send(HttpRequest.newBuilder(URI.create(server.url(path))).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** Posts a form with the session's CSRF token added. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        if (csrf != null) {
            withToken.putIfAbsent("_csrf", csrf);
        }
        return postRaw(path, withToken);
    }

    /** Posts a form exactly as given (no CSRF token unless it is in {@code form}). */
    public HttpResponse<String> postRaw(String path, Map<String, String> form, String... headers) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = send(b);
        remember(r.body());
        return r;
    }

    /**
     * Posts a form whose fields may repeat (a group of checkboxes), in order, with the session's CSRF token added
     * unless one is among them.
     */
    public HttpResponse<String> postFields(String path, List<Map.Entry<String, String>> fields, String... headers) {
        StringBuilder body = new StringBuilder();
        boolean hasToken = fields.stream().anyMatch(e -> e.getKey().equals("_csrf"));
        List<Map.Entry<String, String>> all = new java.util.ArrayList<>(fields);
        if (!hasToken && csrf != null) {
            all.add(0, Map.entry("_csrf", csrf));
        }
        for (Map.Entry<String, String> e : all) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = send(b);
        remember(r.body());
        return r;
    }

    public String csrf() {
        return csrf;
    }

    /** The session cookie's value, or empty when signed out. */
    public Optional<String> sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("cd_staff"))
                .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst();
    }

    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    private void remember(String body) {
        if (body != null) {
            Matcher m = CSRF.matcher(body);
            if (m.find()) {
                csrf = m.group(1);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Paths used by tests (kept here so a renamed route fails in one place). */
    public static final class StaffAuthPaths {
        public static final String SIGN_IN = "/staff/sign-in";

        private StaffAuthPaths() {}
    }
}
