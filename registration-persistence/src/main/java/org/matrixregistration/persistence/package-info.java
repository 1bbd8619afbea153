/** The JDBC token store on SQLite or PostgreSQL: connection pool, Flyway schema, and the import from the Python tool. */
package org.matrixregistration.persistence;
