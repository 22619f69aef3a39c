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
