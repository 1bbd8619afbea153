/** Sign-ups that wait, locked, for an admin's approval: the requests, the decisions, the ports. */
package org.matrixregistration.core.approval;
