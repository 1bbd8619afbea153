/** The Undertow web adapter: the registration page, the sign-up endpoint, and the routing table other groups of routes join. */
package org.matrixregistration.web;
