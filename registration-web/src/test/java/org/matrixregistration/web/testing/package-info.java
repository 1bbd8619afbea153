/** Test helpers other modules reuse through the test-jar: the portal over in-memory ports, and a headless browser. */
package org.matrixregistration.web.testing;
