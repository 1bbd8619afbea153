/** The token admin API (the old tool's contract, made safe), the admin secret's guard it shares, and the metering decorators. */
package org.matrixregistration.web.admin;
