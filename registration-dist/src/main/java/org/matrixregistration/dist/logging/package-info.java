/** Routes every logging API to logback and applies the old tool's {@code logging} settings. */
package org.matrixregistration.dist.logging;
