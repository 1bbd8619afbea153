/** The sign-up use case: validate, reserve a token use, create the account, settle the use. */
package org.matrixregistration.core.registration;
