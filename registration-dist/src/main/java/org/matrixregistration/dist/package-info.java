/** The composition root: builds every adapter from the configuration and hands them to the CLI. */
package org.matrixregistration.dist;
