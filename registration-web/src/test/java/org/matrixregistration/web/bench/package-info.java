/** A small program that serves the portal over in-memory ports for the wrk benchmark (bench/run). */
package org.matrixregistration.web.bench;
