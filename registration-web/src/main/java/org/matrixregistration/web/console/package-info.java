/** The admin console: invitations in the browser, with invite links and QR codes. */
package org.matrixregistration.web.console;
