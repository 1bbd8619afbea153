/** Matrix accounts: username and password rules, and the homeserver port that creates accounts. */
package org.matrixregistration.core.account;
