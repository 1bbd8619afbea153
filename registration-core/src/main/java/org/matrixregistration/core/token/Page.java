package org.matrixregistration.core.token;

import java.util.List;
import java.util.Objects;

/** A page of results and the number of results in all, so callers can page on. */
public record Page<T>(List<T> items, long total, int offset) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        if (total < items.size()) {
            throw new IllegalArgumentException("total cannot be less than the items on one page");
        }
    }

    /** Whether more items follow this page. */
    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
