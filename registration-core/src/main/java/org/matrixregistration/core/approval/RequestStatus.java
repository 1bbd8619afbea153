package org.matrixregistration.core.approval;

import java.util.Locale;
import java.util.Optional;

/** Where a registration request stands. */
public enum RequestStatus {
    /** The account exists, locked; an admin decides. */
    PENDING,
    /** Approved: the account is unlocked and the token use recorded. */
    APPROVED,
    /** Denied (or expired): the account is deactivated and erased and the token use given back. */
    DENIED,
    /** A step failed half-way; see {@link Attention}. Trying the decision again finishes it. */
    NEEDS_ATTENTION;

    /** The name in JSON, URLs and the CLI: {@code pending}, {@code approved}, {@code denied}, {@code needs_attention}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with that wire name (any case), if there is one. */
    public static Optional<RequestStatus> fromWireName(String text) {
        for (RequestStatus status : values()) {
            if (status.wireName().equalsIgnoreCase(text.strip())) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
