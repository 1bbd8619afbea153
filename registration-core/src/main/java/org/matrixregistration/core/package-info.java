/** The pure domain of matrix-registration: invite tokens, account rules, use cases and ports. */
package org.matrixregistration.core;
