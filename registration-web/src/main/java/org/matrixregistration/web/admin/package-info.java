/** The token admin API (the old tool's contract, made safe) and the admin secret's guard it shares. */
package org.matrixregistration.web.admin;
