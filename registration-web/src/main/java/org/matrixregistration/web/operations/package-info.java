/** What operators and their monitoring ask: readiness, metrics, and the listener of their own that serves them. */
package org.matrixregistration.web.operations;
