package org.matrixregistration.web;

/** A page that only explains a problem (a malformed request, too many requests) and links back. */
record MessageView(Chrome chrome, String message, String backHref) {}
