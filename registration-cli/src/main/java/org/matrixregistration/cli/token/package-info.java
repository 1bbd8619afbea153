/**
 * The token commands ({@code token ...} and the Python tool's {@code generate} and {@code status}) and
 * how tokens look on the command line; {@link org.matrixregistration.cli.token.TokenCommands} is the way in.
 */
package org.matrixregistration.cli.token;
