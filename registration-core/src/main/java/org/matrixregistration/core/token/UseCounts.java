package org.matrixregistration.core.token;

/**
 * How a token's uses stand at one moment.
 *
 * @param completed   registrations that created an account with it
 * @param pending     reservations not yet settled: sign-ups in flight, and those whose outcome is
 *                    not known yet; they count against the limit until settled
 * @param unconfirmed those of {@code pending} whose homeserver answer was lost, so that whether
 *                    the account exists is still to be found out (see {@link InviteTokens})
 */
public record UseCounts(int completed, int pending, int unconfirmed) {
    public static final UseCounts NONE = new UseCounts(0, 0, 0);

    public UseCounts {
        if (completed < 0 || pending < 0 || unconfirmed < 0) {
            throw new IllegalArgumentException("use counts cannot be negative");
        }
        if (unconfirmed > pending) {
            throw new IllegalArgumentException("unconfirmed uses are pending uses; got " + unconfirmed + " of " + pending);
        }
    }

    /** Completed uses only, as an import or a new token has them. */
    public static UseCounts completed(int completed) {
        return new UseCounts(completed, 0, 0);
    }

    /** Uses that count against the limit: completed ones and those not settled yet. */
    public int counted() {
        return completed + pending;
    }
}
