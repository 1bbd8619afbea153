/** Test fixtures: the PostgreSQL test server in a container. */
package org.matrixregistration.persistence.testing;
