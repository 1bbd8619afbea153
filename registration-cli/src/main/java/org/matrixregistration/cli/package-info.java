/**
 * The admin command line: picocli commands over core's use cases and the application's lifecycle, the
 * session, errors and output they share; the token commands are in {@code cli.token}.
 */
package org.matrixregistration.cli;
