/** Helpers of the tests that run a portal in a process or container of its own. */
package org.matrixregistration.dist.testing;
