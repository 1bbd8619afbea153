/** In-memory implementations of the ports, for unit tests and for embedders who need no database. */
package org.matrixregistration.core.memory;
