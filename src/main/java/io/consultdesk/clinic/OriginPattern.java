package io.consultdesk.clinic;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An allowed embedding site, written as CSP writes sources: {@code https://clinic.example},
 * {@code https://*.clinic.example} (any subdomain) or {@code http://localhost:*} (any port).
 * The same pattern feeds {@code frame-ancestors} and the CORS check, so they cannot disagree.
 */
public final class OriginPattern {
    private static final Pattern SHAPE = Pattern.compile(
            "^(https?)://(\\*\\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:(\\*|[0-9]{1,5}))?$");

    /** Hosts a developer's own machine answers on (localhost, 127.x.x.x): the only ones allowed over plain http. */
    private static final Pattern LOCAL = Pattern.compile("^(localhost|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3})$");
    /**
     * Domains under which many unrelated sites live (two-part country domains, and hosting services that give each
     * customer a subdomain): a wildcard over one of them would let every other customer frame the form.
     */
    private static final java.util.Set<String> SHARED = java.util.Set.of(
            "co.uk", "org.uk", "ac.uk", "me.uk", "com.au", "net.au", "org.au", "co.nz", "com.br", "co.jp", "com.mx",
            "co.in", "co.za", "com.sg", "com.hk", "com.tr", "com.ar", "co.il",
            "github.io", "gitlab.io", "netlify.app", "vercel.app", "pages.dev", "web.app", "firebaseapp.com",
            "herokuapp.com", "azurewebsites.net", "cloudfront.net", "amazonaws.com", "appspot.com", "blogspot.com",
            "wordpress.com", "wpcomstaging.com", "wpengine.com", "wixsite.com", "filesusr.com", "squarespace.com",
            "webflow.io", "myshopify.com", "weebly.com", "godaddysites.com", "square.site", "carrd.co",
            "framer.website", "framer.app", "glitch.me", "onrender.com", "fly.dev", "ngrok.io", "ngrok-free.app",
            "duckdns.org");

    private OriginPattern() {}

    /** Why a pattern is unusable, as a message key of {@link ClinicRules}, or empty when it is fine. */
    public static Optional<String> problem(String pattern) {
        if (pattern == null || !SHAPE.matcher(pattern).matches()) {
            return Optional.of("clinic.rule.origin");
        }
        int colon = pattern.lastIndexOf(':');
        String port = colon > pattern.indexOf("//") ? pattern.substring(colon + 1) : "";
        if (!port.isEmpty() && !port.equals("*") && Integer.parseInt(port) > 65535) {
            return Optional.of("clinic.rule.originPort");
        }
        String host = pattern.substring(pattern.indexOf("//") + 2, colon > pattern.indexOf("//") ? colon : pattern.length());
        if (pattern.startsWith("http:") && !LOCAL.matcher(host).matches()) {
            return Optional.of("clinic.rule.originHttp");
        }
        if (host.startsWith("*.")) {
            String under = host.substring(2);
            if (!under.contains(".") || SHARED.contains(under)) {
                return Optional.of("clinic.rule.originWildcard");
            }
        }
        return Optional.empty();
    }

    public static boolean matches(String pattern, String origin) {
        URI o;
        try {
            o = URI.create(origin.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null || (o.getPath() != null && !o.getPath().isEmpty())) {
            return false;
        }
        String p = pattern.toLowerCase(Locale.ROOT);
        String scheme = p.substring(0, p.indexOf("://"));
        String rest = p.substring(p.indexOf("://") + 3);
        String hostPart = rest;
        String portPart = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            hostPart = rest.substring(0, colon);
            portPart = rest.substring(colon + 1);
        }
        if (!scheme.equals(o.getScheme())) {
            return false;
        }
        boolean hostOk = hostPart.startsWith("*.")
                ? o.getHost().endsWith(hostPart.substring(1))
                : hostPart.equals(o.getHost());
        int originPort = o.getPort() != -1 ? o.getPort() : defaultPort(o.getScheme());
        boolean portOk = portPart == null
                ? originPort == defaultPort(scheme)
                : portPart.equals("*") || Integer.parseInt(portPart) == originPort;
        return hostOk && portOk;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
