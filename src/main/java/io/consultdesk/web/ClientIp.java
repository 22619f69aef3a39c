package io.consultdesk.web;

import io.javalin.http.Context;

/**
 * The visitor's address. Behind a reverse proxy ({@code CONSULTDESK_TRUST_PROXY=true}) it is the last
 * address in {@code X-Forwarded-For}, the one our own proxy appended; earlier entries are whatever the
 * client claimed and are never trusted. Without the setting the header is ignored entirely.
 */
public final class ClientIp {
    private final boolean trustProxy;

    public ClientIp(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    public String of(Context ctx) {
        if (trustProxy) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                String last = hops[hops.length - 1].strip();
                if (!last.isEmpty() && last.length() <= 64 && last.matches("^[0-9A-Fa-f:.\\[\\]]+$")) {
                    return last;
                }
            }
        }
        return ctx.req().getRemoteAddr();
    }
}
