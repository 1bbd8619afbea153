/** Invite tokens: their values, the policy that admits a registration, and the token store port. */
package org.matrixregistration.core.token;
