package io.consultdesk.web;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * HEAD answers exactly what GET would. Javalin (7.x) answers a HEAD request to a GET route with an empty 200 of its own
 * without running any handler, so a HEAD-based monitor saw a healthy server with a dead database. This gives every GET
 * route a HEAD route with the same handler and the same roles, so the same before-handlers (the staff guard), the same
 * handler and the same after-handlers run; Jetty then sends the status and headers (Content-Length included) and drops
 * the body, as HTTP requires for HEAD.
 */
public final class HeadRequests {
    private HeadRequests() {}

    /** Call once every route is listed. A route that has a HEAD handler of its own keeps it. */
    public static void answerAsGet(Javalin app) {
        InternalRouter router = app.unsafe.internalRouter;
        List<ParsedEndpoint> all = List.copyOf(router.allHttpHandlers());
        Set<String> ownHead = new HashSet<>();
        for (ParsedEndpoint p : all) {
            if (p.endpoint.method == HandlerType.HEAD) {
                ownHead.add(p.endpoint.path);
            }
        }
        for (ParsedEndpoint p : all) {
            Endpoint get = p.endpoint;
            if (get.method != HandlerType.GET || ownHead.contains(get.path)) {
                continue;
            }
            Set<EndpointMetadata> metadata = new HashSet<>();
            Roles roles = get.metadata(Roles.class);
            if (roles != null) {
                metadata.add(roles);
            }
            router.addHttpEndpoint(new Endpoint(HandlerType.HEAD, get.path, get.handler, metadata));
        }
    }
}
