/** The token-administration use case used by the admin API and the CLI. */
package org.matrixregistration.core.admin;
