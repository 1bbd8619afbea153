/** The homeserver adapter: creates accounts and checks health through Synapse's HTTP APIs. */
package org.matrixregistration.synapse;
