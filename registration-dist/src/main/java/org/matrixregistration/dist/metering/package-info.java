/** Decorators the composition root wraps around core's ports, so that core stays free of metrics. */
package org.matrixregistration.dist.metering;
