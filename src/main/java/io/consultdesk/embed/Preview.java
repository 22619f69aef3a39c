package io.consultdesk.embed;

import io.javalin.http.Context;

/**
 * The form framed by this server's own pages: the staff embed page's preview (a sample host page on this
 * server). The loader passes the embedding page's origin as {@code ?host=}; when that is this server's own
 * origin as the request reached it, the form is a preview: it says so, stores nothing and sends nothing.
 * No clinic's website is on the server's own origin, so a real visitor never meets a preview.
 */
public final class Preview {
    private Preview() {}

    public static boolean is(Context ctx) {
        return isOwnOrigin(ctx.queryParam("host"), ctx.host());
    }

    /** Whether {@code host} is the origin of a request that reached this server with that Host header (either scheme: a proxy may end TLS). */
    static boolean isOwnOrigin(String host, String hostHeader) {
        return host != null && hostHeader != null && !hostHeader.isEmpty()
                && (host.equalsIgnoreCase("http://" + hostHeader) || host.equalsIgnoreCase("https://" + hostHeader));
    }
}
