/** The token admin API (the old tool's contract, made safe), readiness, metrics and the metering decorators. */
package org.matrixregistration.web.admin;
