/** Signed-in admin sessions of the console: their store and when one ends. */
package org.matrixregistration.core.session;
