package org.matrixregistration.core.token;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A page of results.
 *
 * @param total how many results match in all, when the query asked for it
 * @param next  the cursor of the next page; empty on the last page
 */
public record Page<T>(List<T> items, OptionalLong total, Optional<TokenCursor> next) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(next, "next");
        if (total.isPresent() && total.getAsLong() < items.size()) {
            throw new IllegalArgumentException("total cannot be less than the items on one page");
        }
    }

    /** Whether more items follow this page. */
    public boolean hasMore() {
        return next.isPresent();
    }
}
