/** Health checks that adapters offer so that readiness can be reported without knowing technology. */
package org.matrixregistration.core.health;
