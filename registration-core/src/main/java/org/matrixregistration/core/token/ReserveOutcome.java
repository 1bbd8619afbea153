package org.matrixregistration.core.token;

/** What {@link InviteTokens#reserve} did: reserved one use, or refused the token and why. */
public sealed interface ReserveOutcome permits Reservation, Admission.Refused {}
