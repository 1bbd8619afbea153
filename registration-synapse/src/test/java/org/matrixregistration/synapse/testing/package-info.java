/** A real Synapse in a container, for the integration tests of this and other modules (published in the test-jar). */
package org.matrixregistration.synapse.testing;
