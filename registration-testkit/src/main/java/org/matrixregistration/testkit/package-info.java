/** A real Synapse in a container for integration tests: {@link org.matrixregistration.testkit.SynapseContainer}. */
package org.matrixregistration.testkit;
