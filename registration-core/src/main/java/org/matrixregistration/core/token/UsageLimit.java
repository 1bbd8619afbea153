package org.matrixregistration.core.token;

/**
 * How many registrations a token admits in all: a number of at least 1, or unlimited.
 *
 * <p>{@link #maximum()} is 0 for unlimited, matching the {@code max_usage} field that users of the
 * Python tool already script against.
 */
public record UsageLimit(int maximum) {
    public static final UsageLimit UNLIMITED = new UsageLimit(0);

    public UsageLimit {
        if (maximum < 0) {
            throw new IllegalArgumentException("A usage limit is a whole number >= 1, or 0 for unlimited; got " + maximum);
        }
    }

    /** A limit of exactly {@code uses} registrations; at least 1. */
    public static UsageLimit of(int uses) {
        if (uses < 1) {
            throw new IllegalArgumentException("A token must allow at least 1 use; got " + uses);
        }
        return new UsageLimit(uses);
    }

    public boolean isUnlimited() {
        return maximum == 0;
    }

    /** Whether one more use fits once {@code counted} uses (completed and in flight) are taken. */
    public boolean admitsAnotherAfter(int counted) {
        return isUnlimited() || counted < maximum;
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : Integer.toString(maximum);
    }
}
