package org.matrixregistration.web;

import io.undertow.server.HttpHandler;

/**
 * Routes that another part of this module adds to the portal's one routing table, such as the
 * admin API, readiness and metrics in {@code org.matrixregistration.web.admin}. The composition
 * root passes groups to {@link RegistrationPortal}; each gets the same security headers, access
 * log and error handling as the portal's own routes, but none of the public routes' CORS headers
 * or rate limits (a group brings its own protection).
 */
@FunctionalInterface
public interface RouteGroup {

    void addTo(Routes routes);

    /**
     * Wraps the whole routing table, to observe every request (e.g. to measure it); runs inside the
     * security headers and the access log. The default leaves the table as it is.
     */
    default HttpHandler around(HttpHandler routes) {
        return routes;
    }
}
