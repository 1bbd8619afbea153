/** The admin command line: picocli commands over core's token administration and the application's lifecycle. */
package org.matrixregistration.cli;
