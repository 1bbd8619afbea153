/** Loading, validating and documenting {@code config.yaml}: one immutable record per concern. */
package org.matrixregistration.dist.config;
